//===- Passes.td - Strata compiler passes --------------------*- tablegen -*-===//
#ifndef STRATA_COMPILER_PASSES_TD
#define STRATA_COMPILER_PASSES_TD

include "mlir/Pass/PassBase.td"

def PDEExpandVectorCalculus : Pass<"strata-pde-expand-vector-calculus", "::strata::pde::ModelOp"> {
  let summary = "Rewrite laplace, grad and divergence as per-axis pde.deriv ops";
  let description = [{
    `laplace(u)` becomes the sum over the model's axes of `deriv(u, axis, order = 2)`;
    `divergence(grad(u))` becomes the sum of second derivatives and
    `divergence(scale_vector(s, grad(u)))` the sum of `deriv(s * deriv(u, axis), axis)`
    (the variable-coefficient form). Accuracy overrides carry over to every term. After
    this pass the discretization sees only single-axis and mixed derivatives.
  }];
  let dependentDialects = ["::strata::pde::PDEDialect"];
}

def PDEToStencil : Pass<"strata-pde-to-stencil", "::mlir::ModuleOp"> {
  let summary = "Discretize pde models into stencil programs";
  let description = [{
    Each `pde.model` is handed to the frontend's symbolic engine: derivatives expand
    into Fornberg-weighted shifted accesses, and each equation is solved for its
    unknown (the newest time level of its state). The result becomes a
    `stencil.program` of the same name whose arguments are, in order: the model's
    fields (inputs; states with time_order + 1 levels; sources and receivers as
    points), the scalars `dt` and `h_<axis>` for each axis, and the step range
    `time_begin`, `time_end`. One time step applies each state's update in equation
    order, injects that equation's sources right after it, then interpolates the
    receivers at step t (the value before the step's update: rec[t] = expr(t), as
    Devito records).
  }];
  let dependentDialects = ["::strata::stencil::StencilDialect", "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect"];
  let options = [
    Option<"dtype", "dtype", "std::string", /*default=*/"\"f32\"",
           "element type of the fields: f32 or f64">
  ];
}

def StencilShapeInference : Pass<"strata-stencil-shape-inference", "::strata::stencil::ProgramOp"> {
  let summary = "Infer the halo each field needs and the program's halo";
  let description = [{
    The halo of a field along an axis is the largest absolute offset at which any
    point computation (apply, inject, interpolate) reads it. Each field argument gets
    its own `stencil.halo` argument attribute; the program's `halo` is the maximum
    over fields, and is the padding every field buffer carries at run time (one shape
    for all fields keeps the calling convention simple).
  }];
  let options = [
    Option<"minimumHalo", "minimum-halo", "int64_t", /*default=*/"0",
           "pad the program's halo to at least this width on every axis">
  ];
}

def StencilFuse : Pass<"strata-stencil-fuse", "::strata::stencil::ProgramOp"> {
  let summary = "Fuse adjacent applies that can share one loop nest";
  let description = [{
    Two consecutive `stencil.apply` ops in a time step become one apply with both
    sets of targets when no point of the second depends on another point of the
    first: the second may read the first's targets at level t+1 only at offset zero
    (those reads become the values the first computes at the same point), and the
    first must not read the second's targets at level t+1. Fusion halves the sweeps
    over memory for systems such as the velocity components of a staggered scheme.
  }];
}

def StencilHoistCoefficients : Pass<"strata-stencil-hoist-coefficients",
                                    "::strata::stencil::ProgramOp"> {
  let summary = "Precompute coefficients that sweeps evaluate at several neighbours";
  let description = [{
    An adjoint gathers from its neighbours with the forward coefficients evaluated at
    each neighbour: for the acoustic operator, 1 / (m/dt^2 + damp/(2 dt)) at every
    point of the stencil, one division per neighbour and point. This pass finds such
    time-invariant expressions (of fields without time levels that nothing writes, read
    at one offset, and scalars) that contain a division or a math function and that
    sweeps evaluate at more than one offset. Each becomes a new field argument
    (`coefficientK`, marked `stencil.workspace`), filled once by a `stencil.precompute`
    before the time loops, and every evaluation a read of it at its offset. A new
    `index` argument `recompute_workspace` tells the kernel whether to fill the fields
    (non-zero) or keep what a previous call computed from the same inputs (0).
    The precomputed values are the same operations on the same inputs: results are
    bitwise identical.
  }];
  let options = [
    Option<"minimumOffsets", "minimum-offsets", "int64_t", /*default=*/"2",
           "hoist an expression evaluated at at least this many distinct offsets">
  ];
}

def StencilAdjoint : Pass<"strata-stencil-adjoint", "::mlir::ModuleOp"> {
  let summary = "Derive the exact discrete adjoint of each linear stencil program";
  let description = [{
    For `stencil.program @P`, builds `@P_adjoint`: the transpose of the discrete
    operator from the sources' amplitudes to the receivers' traces. Its arguments are
    P's, with states holding adjoint wavefields, receivers' amplitudes as the input data
    and sources' amplitudes as the output. The time loop runs backwards and each step
    undoes P's step in reverse order:
    - an interpolate (rec[t] = sum w E(g), E linear in the states) becomes an inject of
      the receiver data into each state E reads, with E's coefficient;
    - an inject (state[t+1](g) += w src[t] C(g)) becomes an interpolate of C times the
      adjoint state at t+1 into the sources;
    - an apply becomes, for each state and level it reads, an accumulating apply that
      gathers the targets' adjoints: if P computes y(x) = c(x) * s[t+k](x + o), the
      adjoint adds c(z - o) * y_adj(z - o) to s_adj[t+k](z). Gathers keep every point
      independent: parallel and atomic-free.
    Each step first clears the level it sees for the first time (the ring buffer's
    oldest). Updates must be linear in the states with coefficients from inputs and
    scalars only; anything else is refused with the offending op located.

    With `scale-states` (the default), a state updated as s[t+L] = a * G(states) (+ terms
    in other variables), a independent of the states, has its adjoint stored as
    w = a * s_adj: each step ends by scaling the level it completed (L - 1), gathers read
    w at each neighbour instead of a coefficient and the adjoint, source traces of
    injections with coefficient a or -a read w or -w, and other readers (a gradient's
    terms in the parameter) read w / a, which needs a evidently non-zero (a reciprocal).
    Same transpose, different rounding.

    With `gather-levels` (the default), a step whose updates all write t+1 from levels t
    and older, whose receivers record level t and whose injections add to t+1, is derived
    as one gather per state instead: an apply that writes the adjoint at level t whole
    from the newer levels t+1 .. t+L-1 (a term reading level t+l came from the update at
    step t-l, written at t+1-l), times the state's factor where it is scaled, followed by
    the parameters' gathers, the source traces and the receiver data, injected into level
    t (times the factor where scaled). The forward's recurrence run backwards: one stored
    level per step instead of two. Other steps, and `gather-levels=false`, scatter as
    above. Same transpose, different rounding.
  }];
  let options = [
    Option<"replace", "replace", "bool", /*default=*/"false",
           "replace each program by its adjoint instead of adding it beside">,
    Option<"scaleStates", "scale-states", "bool", /*default=*/"true",
           "store adjoints scaled by their update's factor where the forward allows it">,
    Option<"gatherLevels", "gather-levels", "bool", /*default=*/"true",
           "compute each step's level t whole from the newer levels where the forward allows it">
  ];
}

def StencilLinearize : Pass<"strata-stencil-linearize", "::mlir::ModuleOp"> {
  let summary = "Derive the linearization (Born operator) of a stencil program";
  let description = [{
    For `stencil.program @P` and a parameter input (option `input`, default `m`),
    builds `@P_born`: the derivative of P's receiver data with respect to that input,
    applied to a perturbation `d<input>`. It keeps P's states (the background
    wavefield) and adds a perturbation state `d<state>` per state: after each update of
    a state it applies the update's forward-mode derivative (in the states' and the
    parameter's perturbations), sources are injected into the perturbations with the
    derivative of their coefficients, and the receivers record the derivative of what
    P records. Any differentiable update works (arith and math ops); the result is
    linear in the perturbations, so `strata-stencil-adjoint` applies to it.
  }];
  let options = [
    Option<"input", "input", "std::string", /*default=*/"\"m\"",
           "name of the input field to differentiate with respect to">,
    Option<"replace", "replace", "bool", /*default=*/"false",
           "replace each program by its linearization instead of adding it beside">
  ];
}

def StencilGradient : Pass<"strata-stencil-gradient", "::mlir::ModuleOp"> {
  let summary = "Derive the gradient (transposed Born operator) of a stencil program";
  let description = [{
    For `stencil.program @P` and a parameter input (option `input`, default `m`),
    builds `@P_gradient`: J^T, the transpose of the linearization of P's receiver data
    with respect to the parameter. It is the transpose of `@P_born` taken with respect to
    the perturbations only: `u` (each state) holds the given forward wavefield, read at
    the current step's levels; `du` holds the adjoint wavefield; the receivers' amplitudes
    are the data residual; and `d<input>` accumulates the gradient over the steps. The
    runtime calls it one step at a time, backwards: step t with the forward state after
    forward step t (levels t+1 and older, as the forward's ring buffer holds them then),
    from full storage or checkpointing.

    With `reread-updates` (the default), where an update is u[t+1] = x * R with x free of
    states, the imaging condition's term dx * R reads R back as u[t+1] / x instead of
    recomputing R (the forward stencil) at every step: the imaging condition becomes
    pointwise. Injections into the same level correct for the sources u[t+1] also holds
    (see StencilLinearize.cpp, "Reread updates"). Same gradient, other rounding.

    With `imaging-by-parts` (the default), the imaging condition's terms c u[t+k] du[t+l]
    are summed by parts in time: step s reads u at level s only and du at level s+l-k
    (see StencilGradient.cpp). Exact for a forward that starts from rest.
  }];
  let options = [
    Option<"input", "input", "std::string", /*default=*/"\"m\"",
           "name of the input field the gradient is taken with respect to">,
    Option<"replace", "replace", "bool", /*default=*/"false",
           "replace each program by its gradient program instead of adding it beside">,
    Option<"scaleStates", "scale-states", "bool", /*default=*/"true",
           "store adjoint states scaled by their update's factor (see strata-stencil-adjoint)">,
    Option<"gatherLevels", "gather-levels", "bool", /*default=*/"true",
           "compute the adjoint's level t whole from the newer levels (see strata-stencil-adjoint)">,
    Option<"rereadUpdates", "reread-updates", "bool", /*default=*/"true",
           "the imaging condition reads an update's result at t+1 back instead of recomputing "
           "its stencil">,
    Option<"imagingByParts", "imaging-by-parts", "bool", /*default=*/"true",
           "the imaging condition reads the forward wavefield at the current level only, the "
           "adjoint at shifted levels (summation by parts in time; needs a forward from rest)">
  ];
}

def StencilToLoops : Pass<"strata-stencil-to-loops", "::mlir::ModuleOp"> {
  let summary = "Lower stencil programs to func/scf/memref/arith loop nests";
  let description = [{
    Each `stencil.program` becomes a `func.func` of the same name with the C interface
    (`llvm.emit_c_interface`). Fields become memrefs of their padded extents (a state's
    time levels lead: `memref<L x ? x ? x T>`); points become three memrefs: amplitudes
    (steps x points), support indices (points x support x rank, i64) and weights
    (points x support). The time loop becomes an `scf.for`; each apply an `scf.parallel`
    over the outermost axis around sequential loops whose innermost runs over the
    contiguous axis (vectorizable); inject and interpolate run their points in order so
    results do not depend on the thread count. Level t+k of a state lives in buffer
    (t + k) mod L.

    With `skip-zero-inputs`, a sweep that reads inputs marked `stencil.zero_interior` runs
    each row whose whole vectors all lie inside the inputs' zero boxes (shrunk by the
    sweep's reach into them) with a copy of the body that uses the constant +0.0 for those
    inputs; other rows, and every row's masked remainder, run the usual body. Rows are not
    split at the boxes' ends: two loops per row cost more than the skipped stream saves.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect", "::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect", "::mlir::vector::VectorDialect"];
  let options = [
    Option<"parallel", "parallel", "bool", /*default=*/"true",
           "run the outermost spatial loop of each apply as scf.parallel">,
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"0",
           "lanes per explicit SIMD vector along the contiguous axis (0: scalar loops, "
           "left to LLVM)">,
    Option<"fuseSweeps", "fuse-sweeps", "bool", /*default=*/"false",
           "lower consecutive applies that may share a loop nest as one sweep">,
    Option<"blockSize", "block", "int64_t", /*default=*/"0",
           "cache-block the middle axes (3D: y) in blocks of this many points (0: none)">,
    Option<"timeTile", "time-tile", "int64_t", /*default=*/"0",
           "temporal blocking: steps per wavefront tile along x, for 3D forward time loops "
           "of one sweep plus point sources and receivers (0 or 1: none)">,
    Option<"timeTileRows", "time-tile-rows", "int64_t", /*default=*/"0",
           "with time-tile: each tile sweeps blocks of about this many y rows, one thread "
           "each (at least 2 T times the stencil's reach along y; trapezoids, then the "
           "triangles between them), so that a tile's planes fit a core's cache; 0: the whole "
           "y extent, each plane's rows in parallel">,
    Option<"timeTileMinBytes", "time-tile-min-bytes", "int64_t", /*default=*/"0",
           "with time-tile: decide at run time, tiling only when all fields together take "
           "at least this many bytes (0: always tile)">,
    Option<"skipZeroInputs", "skip-zero-inputs", "bool", /*default=*/"false",
           "inputs marked stencil.zero_interior get a `NAME.zero_box` argument (memref<2 x "
           "rank x i64>: the first and one-past-last index per axis of a box where the "
           "caller guarantees the input is +0.0); sweeps that read such an input use +0.0 "
           "instead of loading it there (bitwise the same results, one stream less)">,
    Option<"shareRowLoads", "share-row-loads", "bool", /*default=*/"false",
           "with vector-width: three or more accesses of a field's row at offsets along the "
           "contiguous axis that lie within one vector share two vector loads (the first and "
           "last offset); the others become vector.shuffle of the two (bitwise the same "
           "values); the masked remainder keeps its loads">,
    Option<"prefetchBytes", "prefetch", "int64_t", /*default=*/"0",
           "with vector-width: at each whole vector, memref.prefetch the rows a sweep reads "
           "there for the first time along the middle axes (per field, level and outer "
           "offsets, the largest offset along the innermost middle axis; accumulated "
           "targets unless the sweep has just written them) this many bytes ahead along the "
           "contiguous axis (0: none; results are unchanged)">,
    ListOption<"gridShape", "grid-shape", "int64_t",
               "compile the fields' strides in as constants: those of this interior grid "
               "(one extent per axis), padded by the halo, laid out as the runtime lays it out "
               "(strata/Compiler/FieldLayout.h: rows of align-rows' pitch, a state's levels "
               "padded apart against 4K aliasing); the kernel's function gets stencil.grid. "
               "Empty: every stride but the contiguous axis's from the memref descriptor">,
    Option<"alignRows", "align-rows", "bool", /*default=*/"true",
           "with grid-shape: rows padded to whole 64-byte cache lines (false: contiguous "
           "rows)">
  ];
}

def StencilReassociate : Pass<"strata-stencil-reassociate", "::strata::stencil::ProgramOp"> {
  let summary = "Factor shared coefficients out of sums and allow FMA contraction in applies";
  let description = [{
    Two reassociations of each `stencil.apply` body; results change by rounding only, and
    the fields and offsets read stay the same.
    - `factor`: in each tree of `arith.addf`/`subf`/`negf`, terms that are products with
      the same point-invariant coefficient (an expression of constants, program scalars
      and values from outside the apply; equal constants, or constants equal up to sign,
      count as the same) share one multiplication: `w*a + w*b - w*c` becomes
      `w*(a + b - c)`. For a symmetric stencil `w2*u[-2] + w1*u[-1] + w0*u[0] + w1*u[1] +
      w2*u[2]` becomes `w2*(u[-2] + u[2]) + w1*(u[-1] + u[1]) + w0*u[0]`. The factored
      sum starts, where it can, from a term that is no single-use product (say a center
      term the axes share), so that contraction can turn each of the other products into
      an FMA. Trees with nothing to share are left as they are.
    - `contract`: every `arith.mulf`, `addf` and `subf` in an apply body gets
      `fastmath<contract>`, which lets the code generator fuse a multiply and an add into
      one FMA instruction (one rounding instead of two).
  }];
  let options = [
    Option<"factor", "factor", "bool", /*default=*/"true",
           "factor shared invariant coefficients out of sums">,
    Option<"contract", "contract", "bool", /*default=*/"true",
           "mark multiplications and additions as contractable into FMAs">
  ];
}

def EmitPackedEntry : Pass<"strata-emit-packed-entry", "::mlir::ModuleOp"> {
  let summary = "Add a uniform `void(void **)` entry point beside each C-interface function";
  let description = [{
    For every `llvm.func @_mlir_ciface_NAME`, adds `llvm.func @_strata_packed_NAME(ptr)`
    whose argument is an array of pointers, entry i pointing at the value of argument i
    (for a memref argument: at the pointer to its descriptor). The runtime calls kernels
    of any signature through this one C type, as MLIR's ExecutionEngine does.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // STRATA_COMPILER_PASSES_TD
