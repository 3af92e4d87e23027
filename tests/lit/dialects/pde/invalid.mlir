// Verifier errors of the pde dialect.
// RUN: strata-opt --split-input-file --verify-diagnostics %s

// expected-error @+1 {{dims must be 1, 2 or 3, got 4}}
pde.model @bad dims = 4 {
}

// -----

pde.model @bad dims = 2 {
  %u = pde.state "u" time_order = 1 space_order = 4
  // expected-error @+1 {{order 2 time derivative of state 'u' declared with time_order 1}}
  %d = pde.dt %u order = 2
}

// -----

pde.model @bad dims = 2 {
  %m = pde.input "m"
  // expected-error @+1 {{operand must be a state (a time-dependent field)}}
  %d = pde.dt %m order = 1
}

// -----

pde.model @bad dims = 2 {
  %u = pde.state "u" time_order = 2 space_order = 4
  // expected-error @+1 {{axis 2 is out of range for a model with 2 axes}}
  %d = pde.deriv %u axis = 2 order = 1
}

// -----

pde.model @bad dims = 2 {
  %u = pde.state "u" time_order = 2 space_order = 4
  // expected-error @+1 {{staggered derivatives are first order, got order 2}}
  %d = pde.deriv %u axis = 0 order = 2 variant = backward_half
}

// -----

pde.model @bad dims = 3 {
  %u = pde.state "u" time_order = 2 space_order = 4
  // expected-error @+1 {{a mixed derivative needs two different axes}}
  %d = pde.mixed_deriv %u axes = (1, 1)
}

// -----

pde.model @bad dims = 1 {
  // expected-error @+1 {{stagger axis 1 is out of range for a model with 1 axis}}
  %u = pde.state "u" time_order = 1 space_order = 2 stagger = 1
}

// -----

pde.model @bad dims = 2 {
  %rec = pde.source "rec"
  %u = pde.state "u" time_order = 2 space_order = 4
  // expected-error @+1 {{records go to points declared by pde.receiver}}
  pde.record %rec = %u
}

// -----

pde.model @bad dims = 2 {
  %r = pde.receiver "r"
  // expected-error @+1 {{operand must be declared by pde.source}}
  %s = pde.inject %r
}

// -----

pde.model @bad dims = 2 {
  %u = pde.state "u" time_order = 3 space_order = 4
  // expected-error @-1 {{time_order must be 1 or 2, got 3}}
}

// -----

// expected-error @+1 {{'pde.input' op expects parent op 'pde.model'}}
%m = pde.input "m"
