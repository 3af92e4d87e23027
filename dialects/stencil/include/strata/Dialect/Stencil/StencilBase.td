//===- StencilBase.td - the stencil dialect: discrete kernels -*- tablegen -*-===//
//
// The `stencil` dialect is a discretized model: a program of time steps, each of
// which updates states point by point from constant-offset accesses, injects
// sparse sources and interpolates receivers. It is what the fusion, halo and
// adjoint passes work on, and what lowers to loops.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_DIALECT_STENCIL_STENCILBASE_TD
#define STRATA_DIALECT_STENCIL_STENCILBASE_TD

include "mlir/IR/OpBase.td"

def Stencil_Dialect : Dialect {
  let name = "stencil";
  let cppNamespace = "::strata::stencil";
  let summary = "Discrete stencil programs: time loops, point updates, sparse points";
  let description = [{
    Fields are grids of `rank` axes padded by a halo on each side; a state carries
    `levels` rotating time buffers (time_order + 1). Inside a time loop at step t,
    `stencil.apply` writes its targets at level t+1 over the interior (the halo stays
    untouched), `stencil.inject` adds source amplitudes of step t at level t+1, and
    `stencil.interpolate` records receivers at step t. Accesses carry constant
    spatial offsets and a time offset relative to t.
  }];
  let useDefaultTypePrinterParser = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::math::MathDialect"];
}

class Stencil_Op<string mnemonic, list<Trait> traits = []>
    : Op<Stencil_Dialect, mnemonic, traits>;

#endif // STRATA_DIALECT_STENCIL_STENCILBASE_TD
