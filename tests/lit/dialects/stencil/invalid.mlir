// Verifier errors of the stencil dialect.
// RUN: strata-opt --split-input-file --verify-diagnostics %s

// expected-error @+1 {{a field has 1, 2 or 3 axes, got 4}}
stencil.program @p(%u: !stencil.field<4 x f32, levels = 2> {stencil.name = "u"}) attributes {dims = 4 : i64} {
}

// -----

// expected-error @+1 {{field elements are f32 or f64, got 'i32'}}
stencil.program @p(%u: !stencil.field<2 x i32> {stencil.name = "u"}) attributes {dims = 2 : i64} {
}

// -----

// expected-error @+1 {{argument 'm' has 3 axes in a program of 2}}
stencil.program @p(%m: !stencil.field<3 x f32> {stencil.name = "m"}) attributes {dims = 2 : i64} {
}

// -----

// expected-error @+1 {{argument 0 has no 'stencil.name'}}
stencil.program @p(%m: !stencil.field<2 x f32>) attributes {dims = 2 : i64} {
}

// -----

stencil.program @p(%u: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"},
                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<2 x f32, levels = 2> {
      // expected-error @+1 {{time offset -1 is outside the 2 levels kept (0 .. 1)}}
      %a = stencil.access %u[0, 0] time = -1 : !stencil.field<2 x f32, levels = 2>
      stencil.return %a : f32
    }
  }
}

// -----

stencil.program @p(%u: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"},
                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 1>} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<2 x f32, levels = 2> {
      // expected-error @+1 {{offset 2 along axis 1 exceeds the program's halo of 1}}
      %a = stencil.access %u[0, 2] : !stencil.field<2 x f32, levels = 2>
      stencil.return %a : f32
    }
  }
}

// -----

stencil.program @p(%u: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"},
                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<2 x f32, levels = 2> {
      // expected-error @+1 {{reads a target of the enclosing apply at the level it writes, away from the point (t+1)}}
      %a = stencil.access %u[1, 0] time = 1 : !stencil.field<2 x f32, levels = 2>
      stencil.return %a : f32
    }
  }
}

// -----

stencil.program @p(%m: !stencil.field<2 x f32> {stencil.name = "m"},
                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  stencil.time_loop %b to %e {
    // expected-error @+1 {{targets must be states (fields with time levels)}}
    stencil.apply %m : !stencil.field<2 x f32> {
      %a = stencil.access %m[0, 0] : !stencil.field<2 x f32>
      stencil.return %a : f32
    }
  }
}

// -----

stencil.program @p(%u: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"},
                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  stencil.time_loop %b to %e {
    // expected-error @+1 {{body returns 2 values for 1 targets}}
    stencil.apply %u : !stencil.field<2 x f32, levels = 2> {
      %a = stencil.access %u[0, 0] : !stencil.field<2 x f32, levels = 2>
      stencil.return %a, %a : f32, f32
    }
  }
}

// -----

stencil.program @p(%u: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"},
                   %s: !stencil.points<2 x f64> {stencil.name = "s"},
                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  stencil.time_loop %b to %e {
    // expected-error @+1 {{source and target must have the same rank and element type}}
    stencil.inject %s into %u : !stencil.points<2 x f64>, !stencil.field<2 x f32, levels = 2> {
      %a = stencil.access %u[0, 0] : !stencil.field<2 x f32, levels = 2>
      stencil.return %a : f32
    }
  }
}

// -----

stencil.program @p(%u: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"},
                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  // expected-error @+1 {{'stencil.access' op expects parent op to be one of 'stencil.apply, stencil.inject, stencil.interpolate, stencil.precompute'}}
  %a = stencil.access %u[0, 0] : !stencil.field<2 x f32, levels = 2>
}

// -----

stencil.program @p(%u: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"},
                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  stencil.time_loop %b to %e {
    // expected-error @+1 {{writes level -1 of a state that keeps 2 levels (0 .. 1)}}
    stencil.apply %u level = -1 : !stencil.field<2 x f32, levels = 2> {
      %a = arith.constant 0.0 : f32
      stencil.return %a : f32
    }
  }
}

// -----

// A forward step reads t+2-L .. t: level t+2 only in a reversed (adjoint) loop.
stencil.program @p(%u: !stencil.field<1 x f32, levels = 3> {stencil.name = "u"},
                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f32, levels = 3> {
      // expected-error @+1 {{time offset 2 is outside the 3 levels kept (-1 .. 1)}}
      %a = stencil.access %u[0] time = 2 : !stencil.field<1 x f32, levels = 3>
      stencil.return %a : f32
    }
  }
}

// -----

stencil.program @p(%u: !stencil.field<1 x f32, levels = 3> {stencil.name = "u"},
                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop reverse %b to %e {
    stencil.apply %u level = 0 : !stencil.field<1 x f32, levels = 3> {
      // expected-error @+1 {{time offset 3 is outside the 3 levels kept (-1 .. 2)}}
      %a = stencil.access %u[0] time = 3 : !stencil.field<1 x f32, levels = 3>
      stencil.return %a : f32
    }
  }
}

// -----

// Levels t-1 and t+2 of a 3-level state share a buffer: one step cannot touch both.
stencil.program @p(%u: !stencil.field<1 x f32, levels = 3> {stencil.name = "u"},
                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  // expected-error @+1 {{touches levels -1 and 2 of a state that keeps 3 levels: one step may span at most 3, or two levels would share a buffer}}
  stencil.time_loop reverse %b to %e {
    stencil.apply %u level = -1 : !stencil.field<1 x f32, levels = 3> {
      %a = stencil.access %u[0] time = 2 : !stencil.field<1 x f32, levels = 3>
      stencil.return %a : f32
    }
  }
}

// -----

stencil.program @p(%u: !stencil.field<2 x f32, levels = 3> {stencil.name = "u"},
                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  stencil.time_loop reverse %b to %e {
    stencil.apply %u level = 0 accumulate : !stencil.field<2 x f32, levels = 3> {
      // expected-error @+1 {{reads a target of the enclosing apply at the level it writes, away from the point (t+0)}}
      %a = stencil.access %u[1, 0] : !stencil.field<2 x f32, levels = 3>
      stencil.return %a : f32
    }
  }
}

// -----

stencil.program @precompute_state(%u: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"},
                                  %r: index {stencil.name = "recompute_workspace"})
    attributes {dims = 2 : i64} {
  // expected-error @+1 {{targets must be fields without time levels}}
  stencil.precompute %u if %r : !stencil.field<2 x f32, levels = 2> {
    %c = arith.constant 1.0 : f32
    stencil.return %c : f32
  }
}

// -----

stencil.program @precompute_offset(%c: !stencil.field<2 x f32> {stencil.name = "c"},
                                   %m: !stencil.field<2 x f32> {stencil.name = "m"},
                                   %r: index {stencil.name = "recompute_workspace"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 1>} {
  stencil.precompute %c if %r : !stencil.field<2 x f32> {
    // expected-error @+1 {{in a precompute reads only other fields without time levels, at the point itself}}
    %x = stencil.access %m[1, 0] : !stencil.field<2 x f32>
    stencil.return %x : f32
  }
}

// -----

stencil.program @precompute_count(%c: !stencil.field<2 x f32> {stencil.name = "c"},
                                  %r: index {stencil.name = "recompute_workspace"})
    attributes {dims = 2 : i64} {
  // expected-error @+1 {{body returns 0 values for 1 targets}}
  stencil.precompute %c if %r : !stencil.field<2 x f32> {
    stencil.return
  }
}
