// RUN: strata-opt --split-input-file --verify-diagnostics --strata-stencil-linearize %s

// expected-error @+1 {{has no input field named 'm' to linearize with respect to}}
stencil.program @no_parameter(%u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                              %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
  }
}

// -----

stencil.program @no_rule(%m: !stencil.field<1 x f64> {stencil.name = "m"},
                         %u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                         %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 2> {
      %a = stencil.access %u[0] : !stencil.field<1 x f64, levels = 2>
      %c = stencil.access %m[0] : !stencil.field<1 x f64>
      // expected-error @+1 {{has no derivative rule: cannot linearize this update}}
      %p = math.powf %a, %c : f64
      stencil.return %p : f64
    }
  }
}
