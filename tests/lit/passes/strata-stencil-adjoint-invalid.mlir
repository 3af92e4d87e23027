// Programs that are not linear in their states have no adjoint: located errors.
// RUN: strata-opt --split-input-file --verify-diagnostics --strata-stencil-adjoint %s

stencil.program @square(%u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                        %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 2> {
      %a = stencil.access %u[0] : !stencil.field<1 x f64, levels = 2>
      // expected-error @+1 {{multiplies two state-dependent values}}
      %sq = arith.mulf %a, %a : f64
      stencil.return %sq : f64
    }
  }
}

// -----

stencil.program @affine(%u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                        %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 2> {
      %a = stencil.access %u[0] : !stencil.field<1 x f64, levels = 2>
      %one = arith.constant 1.0 : f64
      // expected-error @+1 {{adds a term that does not depend on the states}}
      %s = arith.addf %a, %one : f64
      stencil.return %s : f64
    }
  }
}

// -----

stencil.program @nonlinear(%u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                           %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 2> {
      %a = stencil.access %u[0] : !stencil.field<1 x f64, levels = 2>
      // expected-error @+1 {{applies a nonlinear operation to a state}}
      %s = math.sin %a : f64
      stencil.return %s : f64
    }
  }
}
