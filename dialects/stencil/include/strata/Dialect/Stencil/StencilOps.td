//===- StencilOps.td - operations of the stencil dialect -----*- tablegen -*-===//
#ifndef STRATA_DIALECT_STENCIL_STENCILOPS_TD
#define STRATA_DIALECT_STENCIL_STENCILOPS_TD

include "strata/Dialect/Stencil/StencilBase.td"
include "strata/Dialect/Stencil/StencilTypes.td"
include "strata/Dialect/Stencil/StencilAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Stencil_ProgramOp : Stencil_Op<"program", [FunctionOpInterface, IsolatedFromAbove,
    SingleBlock, NoTerminator]> {
  let summary = "a discretized model: its arguments are fields, points and scalars";
  let description = [{
    Arguments are named by a `stencil.name` argument attribute: fields (inputs and
    states), points (sources and receivers), float scalars (`dt`, grid spacings
    `h_x` ...), and the `time_begin`/`time_end` step range. `dims` is the rank of every
    field. `halo`, set by shape inference, is the number of padding points each field
    has on both sides of each axis; it bounds every access offset.
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs, I64Attr:$dims,
                       OptionalAttr<DenseI64ArrayAttr>:$halo);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name, "::mlir::FunctionType":$type,
                                 "int64_t":$dims, "::llvm::ArrayRef<::llvm::StringRef>":$argNames)>];
  let extraClassDeclaration = [{
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() { return getFunctionType().getInputs(); }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() { return getFunctionType().getResults(); }
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    /// The `stencil.name` of argument `index`.
    ::llvm::StringRef getArgName(unsigned index);
    /// The argument named `name`, or a null value.
    ::mlir::BlockArgument getArgByName(::llvm::StringRef name);
    /// The rank of every field, signed for arithmetic.
    int64_t getRank() { return getDimsAttr().getInt(); }
    /// The name attribute used on arguments.
    static ::llvm::StringRef getArgNameAttrName() { return "stencil.name"; }
  }];
}

def Stencil_TimeLoopOp : Stencil_Op<"time_loop", [
    SingleBlockImplicitTerminator<"YieldOp">, RecursiveMemoryEffects]> {
  let summary = "steps t = begin .. end-1 (or end-1 down to begin); the body is one time step";
  let description = [{
    `reverse` runs the steps from end-1 down to begin: the time loop of an adjoint.
    Inside the body, accesses refer to levels relative to the current step t. A state
    with L levels keeps level t + k in buffer (t + k) mod L.

    A forward step touches levels t+2-L .. t+1 of a state (it reads the L-1 newest and
    writes t+1). A reversed step may also touch t+2 .. t+L-1: an adjoint that gathers
    what level t depends on reads the newer levels t+1 .. t+L-1 and writes t. Either
    way the levels one step touches must span at most L, or two of them would share a
    buffer.
  }];
  let arguments = (ins Index:$begin, Index:$end, UnitAttr:$reverse);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "(`reverse` $reverse^)? $begin `to` $end attr-dict-with-keyword $body";
  // After the ops inside, which check their own levels first.
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "::mlir::Value":$begin, "::mlir::Value":$end,
                                 CArg<"bool", "false">:$reverse)>];
  let extraClassDeclaration = [{
    /// The lowest and highest level, relative to the step, that the step may touch of a
    /// state with `levels` levels (see the description).
    std::pair<int64_t, int64_t> getLevelRange(int64_t levels) {
      return {2 - levels, getReverse() ? levels - 1 : 1};
    }
  }];
}

def Stencil_YieldOp : Stencil_Op<"yield", [Terminator, Pure, HasParent<"TimeLoopOp">]> {
  let summary = "ends a time step";
  let assemblyFormat = "attr-dict";
}

// Point computations write fields or amplitudes: they must never be erased as dead code.
def Stencil_PrecomputeOp : Stencil_Op<"precompute", [HasParent<"ProgramOp">, SingleBlock,
    MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "compute time-invariant fields at every point, before the time loops";
  let description = [{
    Fills each target (a field without time levels) at every point of the padded grid,
    halo included, with the value its body computes there from other time-invariant
    fields read at the point itself (offset zero) and scalars. It runs only when
    `recompute` is non-zero: a caller whose inputs have not changed since the previous
    call passes 0 and keeps the values computed then. `strata-stencil-hoist-coefficients`
    creates it for coefficients that sweeps would otherwise recompute at every neighbour.
    ```mlir
    stencil.precompute %c if %recompute : !stencil.field<2 x f32> {
      %m = stencil.access %m[0, 0] : !stencil.field<2 x f32>
      %r = arith.divf %one, %m : f32
      stencil.return %r : f32
    }
    ```
  }];
  let arguments = (ins Variadic<Stencil_FieldType>:$targets, Index:$recompute);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $targets `if` $recompute `:` qualified(type($targets)) attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
}

def Stencil_ApplyOp : Stencil_Op<"apply", [HasParent<"TimeLoopOp">,
    SingleBlock, MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "update states at a time level over the interior, point by point";
  let description = [{
    The body computes, for one interior point, the new value of each target from
    `stencil.access`es at constant offsets from that point, and returns one value
    per target. The targets are written at level t + `level` (t+1 by default); with
    `accumulate`, the value is added to what the level holds (adjoints gather into
    levels that several updates contribute to). Points are independent: the body
    reads a target at the level it writes only at the point itself, where it sees the
    value before the update (an adjoint scales a completed level this way).
    ```mlir
    stencil.apply %u : !stencil.field<2 x f32, levels = 3> {
      %c = stencil.access %u[0, 0] time = 0 : !stencil.field<2 x f32, levels = 3> -> f32
      ...
      stencil.return %new : f32
    }
    ```
  }];
  let arguments = (ins Variadic<Stencil_FieldType>:$targets,
                       DefaultValuedAttr<I64Attr, "1">:$level, UnitAttr:$accumulate);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $targets (`level` `=` $level^)? (`accumulate` $accumulate^)? `:` qualified(type($targets))
    attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The written level relative to the step, signed.
    int64_t getLevelOffset() { return getLevelAttr().getInt(); }
  }];
}

def Stencil_AccessOp : Stencil_Op<"access", [Pure,
    ParentOneOf<["ApplyOp", "InjectOp", "InterpolateOp", "PrecomputeOp"]>]> {
  let summary = "a field's value at a constant offset from the current point";
  let arguments = (ins Stencil_FieldType:$field, DenseI64ArrayAttr:$offset,
                       DefaultValuedAttr<I64Attr, "0">:$time);
  let results = (outs AnyFloat:$result);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "::mlir::Value":$field, "::llvm::ArrayRef<int64_t>":$offset,
                                 "int64_t":$time)>];
  let extraClassDeclaration = [{
    /// The time offset relative to the current step, signed (I64Attr's getter is unsigned).
    int64_t getTimeOffset() { return getTimeAttr().getInt(); }
  }];
}

def Stencil_ReturnOp : Stencil_Op<"return", [Terminator, Pure, ReturnLike,
    ParentOneOf<["ApplyOp", "InjectOp", "InterpolateOp", "PrecomputeOp"]>]> {
  let summary = "the values a point computation produces";
  let arguments = (ins Variadic<AnyFloat>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
  let hasVerifier = 1;
}

def Stencil_InjectOp : Stencil_Op<"inject", [HasParent<"TimeLoopOp">, SingleBlock,
    MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "add each source's amplitude of step t into a state at level t + level";
  let description = [{
    For every point p and every grid point g of its support with weight w:
    `target[t+level][g] += w * amplitude[t][p] * coefficient(g)` (level 1 unless given;
    adjoints inject receiver data at level 0), where the body computes the
    coefficient at g (e.g. dt^2 / m from solving the equation). Points are processed in
    order, so the result does not depend on the thread count.
  }];
  let arguments = (ins Stencil_PointsType:$source, Stencil_FieldType:$target,
                       DefaultValuedAttr<I64Attr, "1">:$level);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $source `into` $target (`level` `=` $level^)? `:` qualified(type($source)) `,`
    qualified(type($target)) attr-dict-with-keyword $body
  }];
  let extraClassDeclaration = [{
    int64_t getLevelOffset() { return getLevelAttr().getInt(); }
  }];
  let hasVerifier = 1;
}

def Stencil_InterpolateOp : Stencil_Op<"interpolate", [HasParent<"TimeLoopOp">, SingleBlock,
    MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "record an expression at each receiver for step t";
  let description = [{
    `amplitude[t][p] = sum over the support of p of w * value(g)`, where the body computes
    the value at grid point g from accesses relative to g.
  }];
  let arguments = (ins Stencil_PointsType:$receiver);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$receiver `:` qualified(type($receiver)) attr-dict-with-keyword $body";
  let hasVerifier = 1;
}

#endif // STRATA_DIALECT_STENCIL_STENCILOPS_TD
