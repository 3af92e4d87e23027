// Models the discretization cannot solve are refused with a located error.
// RUN: strata-opt --split-input-file --verify-diagnostics --strata-pde-to-stencil %s

pde.model @no_unknown dims = 1 {
  %u = pde.state "u" time_order = 1 space_order = 2
  %uxx = pde.deriv %u axis = 0 order = 2
  %z = pde.constant 0.0
  // expected-error @+1 {{has no unknown: it must contain the time derivative of a state that no earlier equation updates}}
  pde.equation %uxx = %z
}

// -----

pde.model @two_unknowns dims = 1 {
  %u = pde.state "u" time_order = 1 space_order = 2
  %v = pde.state "v" time_order = 1 space_order = 2
  %du = pde.dt %u order = 1
  %dv = pde.dt %v order = 1
  // expected-error @+1 {{has two unknowns, 'u' and 'v'}}
  pde.equation %du = %dv
}

// -----

// expected-error @+1 {{equation is nonlinear in its unknown 'u'}}
pde.model @nonlinear dims = 1 {
  %u = pde.state "u" time_order = 1 space_order = 2
  %du = pde.dt %u order = 1
  %sq = pde.mul %du, %du
  %z = pde.constant 1.0
  pde.equation %sq = %z
}
