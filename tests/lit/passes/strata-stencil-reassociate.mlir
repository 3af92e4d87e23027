// RUN: strata-opt --split-input-file --pass-pipeline='builtin.module(stencil.program(strata-stencil-reassociate))' %s | FileCheck %s
// RUN: strata-opt --split-input-file --pass-pipeline='builtin.module(stencil.program(strata-stencil-reassociate{factor=false}))' %s | FileCheck %s --check-prefix=NOFACTOR
// RUN: strata-opt --split-input-file --pass-pipeline='builtin.module(stencil.program(strata-stencil-reassociate{contract=false}))' %s | FileCheck %s --check-prefix=NOCONTRACT

// A symmetric 4th-order second derivative along x, scaled by 1/h_x^2, as the discretization
// emits it (x * c and c * x both occur; the weight 4/3 is two separate constants). The
// mirrored terms share their weight: w2 * (u[-2] + u[2]) + w1 * (u[-1] + u[1]) + w0 * u[0].
// CHECK-LABEL: stencil.program @symmetric
// CHECK-DAG: %[[W2:.*]] = arith.constant -0.0833333358 : f32
// CHECK-DAG: %[[W1:.*]] = arith.constant 1.33333337 : f32
// CHECK-DAG: %[[W0:.*]] = arith.constant -2.500000e+00 : f32
// CHECK-DAG: %[[M2:.*]] = stencil.access %{{.*}}[-2, 0] :
// CHECK-DAG: %[[M1:.*]] = stencil.access %{{.*}}[-1, 0] :
// CHECK-DAG: %[[C:.*]] = stencil.access %{{.*}}[0, 0] :
// CHECK-DAG: %[[P1:.*]] = stencil.access %{{.*}}[1, 0] :
// CHECK-DAG: %[[P2:.*]] = stencil.access %{{.*}}[2, 0] :
// CHECK-DAG: %[[T0:.*]] = arith.mulf %[[W0]], %[[C]] fastmath<contract> : f32
// CHECK-NOT: arith.mulf
// CHECK: %[[S2:.*]] = arith.addf %[[M2]], %[[P2]] fastmath<contract> : f32
// CHECK-NEXT: %[[T2:.*]] = arith.mulf %[[W2]], %[[S2]] fastmath<contract> : f32
// CHECK-NEXT: %[[S1:.*]] = arith.addf %[[M1]], %[[P1]] fastmath<contract> : f32
// CHECK-NEXT: %[[T1:.*]] = arith.mulf %[[W1]], %[[S1]] fastmath<contract> : f32
// CHECK-NEXT: %[[A:.*]] = arith.addf %[[T2]], %[[T1]] fastmath<contract> : f32
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[A]], %[[T0]] fastmath<contract> : f32
// CHECK-NEXT: arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[HH:.*]] = arith.mulf %arg1, %arg1 fastmath<contract> : f32
// CHECK-NEXT: %[[INV:.*]] = arith.divf %{{.*}}, %[[HH]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.mulf %[[INV]], %[[SUM]] fastmath<contract> : f32
// CHECK-NEXT: stencil.return %[[R]] : f32
// The plain pipeline's sum is kept as it is when only contraction is asked for.
// NOFACTOR-LABEL: stencil.program @symmetric
// NOFACTOR: arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// NOFACTOR: arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// NOFACTOR: arith.addf %{{.*}}, %{{.*}} fastmath<contract> : f32
// NOFACTOR: arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// NOFACTOR: arith.addf %{{.*}}, %{{.*}} fastmath<contract> : f32
// NOFACTOR: arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// NOFACTOR: arith.addf %{{.*}}, %{{.*}} fastmath<contract> : f32
// NOFACTOR: arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// NOFACTOR: arith.addf %{{.*}}, %{{.*}} fastmath<contract> : f32
// NOFACTOR: arith.divf
// NOFACTOR-NOT: fastmath
// NOFACTOR: arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// NOFACTOR-NEXT: stencil.return
// Factoring without contraction: the same sums, no fastmath flags anywhere.
// NOCONTRACT-LABEL: stencil.program @symmetric
// NOCONTRACT-NOT: fastmath
// NOCONTRACT: %[[S2:.*]] = arith.addf %[[M2:.*]], %[[P2:.*]] : f32
// NOCONTRACT-NEXT: arith.mulf %{{.*}}, %[[S2]] : f32
// NOCONTRACT-NOT: fastmath
// NOCONTRACT: stencil.return
stencil.program @symmetric(%u: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"},
                           %hx: f32 {stencil.name = "h_x"},
                           %b: index {stencil.name = "time_begin"},
                           %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<2 x f32, levels = 2> {
      %w2 = arith.constant -0.0833333358 : f32
      %m2 = stencil.access %u[-2, 0] : !stencil.field<2 x f32, levels = 2>
      %t0 = arith.mulf %w2, %m2 : f32
      %w1 = arith.constant 1.33333337 : f32
      %m1 = stencil.access %u[-1, 0] : !stencil.field<2 x f32, levels = 2>
      %t1 = arith.mulf %w1, %m1 : f32
      %s1 = arith.addf %t0, %t1 : f32
      %w0 = arith.constant -2.500000e+00 : f32
      %c = stencil.access %u[0, 0] : !stencil.field<2 x f32, levels = 2>
      %t2 = arith.mulf %w0, %c : f32
      %s2 = arith.addf %s1, %t2 : f32
      %w1b = arith.constant 1.33333337 : f32
      %p1 = stencil.access %u[1, 0] : !stencil.field<2 x f32, levels = 2>
      %t3 = arith.mulf %p1, %w1b : f32
      %s3 = arith.addf %s2, %t3 : f32
      %p2 = stencil.access %u[2, 0] : !stencil.field<2 x f32, levels = 2>
      %t4 = arith.mulf %w2, %p2 : f32
      %s4 = arith.addf %s3, %t4 : f32
      %one = arith.constant 1.000000e+00 : f32
      %hh = arith.mulf %hx, %hx : f32
      %inv = arith.divf %one, %hh : f32
      %r = arith.mulf %inv, %s4 : f32
      stencil.return %r : f32
    }
  }
}

// -----

// Antisymmetric weights (a centered first derivative) and subtraction: a coefficient equal to
// the negation of another counts as the same one, with the sign moved inside.
// 0.5 * u[1] + (-0.5) * u[-1] - (0.25 * v[1] - 0.25 * v[-1]).
// CHECK-LABEL: stencil.program @antisymmetric
// CHECK-DAG: %[[H:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-DAG: %[[Q:.*]] = arith.constant 2.500000e-01 : f64
// CHECK-DAG: %[[UP:.*]] = stencil.access %[[U:.*]][1] :
// CHECK-DAG: %[[UM:.*]] = stencil.access %[[U]][-1] :
// CHECK-DAG: %[[VP:.*]] = stencil.access %[[V:.*]][1] :
// CHECK-DAG: %[[VM:.*]] = stencil.access %[[V]][-1] :
// CHECK: %[[D:.*]] = arith.subf %[[UP]], %[[UM]] fastmath<contract> : f64
// CHECK-NEXT: %[[A:.*]] = arith.mulf %[[H]], %[[D]] fastmath<contract> : f64
// CHECK-NEXT: %[[E:.*]] = arith.subf %[[VP]], %[[VM]] fastmath<contract> : f64
// CHECK-NEXT: %[[B:.*]] = arith.mulf %[[Q]], %[[E]] fastmath<contract> : f64
// CHECK-NEXT: %[[R:.*]] = arith.subf %[[A]], %[[B]] fastmath<contract> : f64
// CHECK-NEXT: stencil.return %[[R]] : f64
stencil.program @antisymmetric(%u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                               %v: !stencil.field<1 x f64> {stencil.name = "v"},
                               %b: index {stencil.name = "time_begin"},
                               %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 2> {
      %h = arith.constant 5.000000e-01 : f64
      %mh = arith.constant -5.000000e-01 : f64
      %q = arith.constant 2.500000e-01 : f64
      %up = stencil.access %u[1] : !stencil.field<1 x f64, levels = 2>
      %um = stencil.access %u[-1] : !stencil.field<1 x f64, levels = 2>
      %vp = stencil.access %v[1] : !stencil.field<1 x f64>
      %vm = stencil.access %v[-1] : !stencil.field<1 x f64>
      %a = arith.mulf %h, %up : f64
      %b2 = arith.mulf %mh, %um : f64
      %s = arith.addf %a, %b2 : f64
      %c = arith.mulf %q, %vp : f64
      %d = arith.mulf %q, %vm : f64
      %t = arith.subf %c, %d : f64
      %r = arith.subf %s, %t : f64
      stencil.return %r : f64
    }
  }
}

// -----

// One grid spacing for both axes (the same SSA value): the axes share 1/h^2 and then the
// weights, including the center's, which both axes compute from the same product.
// CHECK-LABEL: stencil.program @isotropic
// CHECK-DAG: %[[W1:.*]] = arith.constant 1.500000e+00 : f32
// CHECK-DAG: %[[W0:.*]] = arith.constant -2.000000e+00 : f32
// CHECK-DAG: %[[XM:.*]] = stencil.access %{{.*}}[-1, 0] :
// CHECK-DAG: %[[XP:.*]] = stencil.access %{{.*}}[1, 0] :
// CHECK-DAG: %[[C:.*]] = stencil.access %{{.*}}[0, 0] :
// CHECK-DAG: %[[ZM:.*]] = stencil.access %{{.*}}[0, -1] :
// CHECK-DAG: %[[ZP:.*]] = stencil.access %{{.*}}[0, 1] :
// CHECK-DAG: %[[INV:.*]] = arith.divf
// CHECK: %[[A:.*]] = arith.addf %[[XM]], %[[XP]] fastmath<contract> : f32
// CHECK-NEXT: %[[A2:.*]] = arith.addf %[[A]], %[[ZM]] fastmath<contract> : f32
// CHECK-NEXT: %[[A3:.*]] = arith.addf %[[A2]], %[[ZP]] fastmath<contract> : f32
// CHECK-NEXT: %[[T1:.*]] = arith.mulf %[[W1]], %[[A3]] fastmath<contract> : f32
// CHECK-NEXT: %[[CC:.*]] = arith.addf %[[C]], %[[C]] fastmath<contract> : f32
// CHECK-NEXT: %[[T0:.*]] = arith.mulf %[[W0]], %[[CC]] fastmath<contract> : f32
// CHECK-NEXT: %[[IN:.*]] = arith.addf %[[T1]], %[[T0]] fastmath<contract> : f32
// CHECK-NEXT: %[[R:.*]] = arith.mulf %[[INV]], %[[IN]] fastmath<contract> : f32
// CHECK-NEXT: stencil.return %[[R]] : f32
stencil.program @isotropic(%u: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"},
                           %h: f32 {stencil.name = "h"},
                           %b: index {stencil.name = "time_begin"},
                           %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<2 x f32, levels = 2> {
      %one = arith.constant 1.000000e+00 : f32
      %hh = arith.mulf %h, %h : f32
      %inv = arith.divf %one, %hh : f32
      %w1 = arith.constant 1.500000e+00 : f32
      %w0 = arith.constant -2.000000e+00 : f32
      %c = stencil.access %u[0, 0] : !stencil.field<2 x f32, levels = 2>
      %center = arith.mulf %w0, %c : f32
      %xm = stencil.access %u[-1, 0] : !stencil.field<2 x f32, levels = 2>
      %xp = stencil.access %u[1, 0] : !stencil.field<2 x f32, levels = 2>
      %x1 = arith.mulf %w1, %xm : f32
      %x2 = arith.addf %x1, %center : f32
      %x3 = arith.mulf %w1, %xp : f32
      %x4 = arith.addf %x2, %x3 : f32
      %dx = arith.mulf %inv, %x4 : f32
      %zm = stencil.access %u[0, -1] : !stencil.field<2 x f32, levels = 2>
      %zp = stencil.access %u[0, 1] : !stencil.field<2 x f32, levels = 2>
      %z1 = arith.mulf %w1, %zm : f32
      %z2 = arith.addf %z1, %center : f32
      %z3 = arith.mulf %w1, %zp : f32
      %z4 = arith.addf %z2, %z3 : f32
      %dz = arith.mulf %inv, %z4 : f32
      %r = arith.addf %dx, %dz : f32
      stencil.return %r : f32
    }
  }
}

// -----

// Two grid spacings (h_x, h_z): the axes stay apart, each with its own factored sum; the
// center product, shared by both axes, stays as it is and starts each sum (so that with
// contraction every weighted pair can become an FMA).
// CHECK-LABEL: stencil.program @anisotropic
// CHECK-DAG: %[[IX:.*]] = arith.divf %{{.*}}, %[[HHX:[0-9]+]] : f32
// CHECK-DAG: %[[HHX]] = arith.mulf %arg1, %arg1 fastmath<contract> : f32
// CHECK-DAG: %[[IZ:.*]] = arith.divf %{{.*}}, %[[HHZ:[0-9]+]] : f32
// CHECK-DAG: %[[HHZ]] = arith.mulf %arg2, %arg2 fastmath<contract> : f32
// CHECK-DAG: %[[W1:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[C:.*]] = stencil.access %{{.*}}[0, 0] :
// CHECK: %[[CENTER:.*]] = arith.mulf %{{.*}}, %[[C]] fastmath<contract> : f32
// CHECK-DAG: %[[XM:.*]] = stencil.access %{{.*}}[-1, 0] :
// CHECK-DAG: %[[XP:.*]] = stencil.access %{{.*}}[1, 0] :
// CHECK: %[[X:.*]] = arith.addf %[[XM]], %[[XP]] fastmath<contract> : f32
// CHECK-NEXT: %[[XW:.*]] = arith.mulf %{{.*}}, %[[X]] fastmath<contract> : f32
// CHECK-NEXT: %[[XS:.*]] = arith.addf %[[CENTER]], %[[XW]] fastmath<contract> : f32
// CHECK-NEXT: %[[DX:.*]] = arith.mulf %[[IX]], %[[XS]] fastmath<contract> : f32
// CHECK-DAG: %[[ZM:.*]] = stencil.access %{{.*}}[0, -1] :
// CHECK-DAG: %[[ZP:.*]] = stencil.access %{{.*}}[0, 1] :
// CHECK: %[[Z:.*]] = arith.addf %[[ZM]], %[[ZP]] fastmath<contract> : f32
// CHECK-NEXT: %[[ZW:.*]] = arith.mulf %{{.*}}, %[[Z]] fastmath<contract> : f32
// CHECK-NEXT: %[[ZS:.*]] = arith.addf %[[CENTER]], %[[ZW]] fastmath<contract> : f32
// CHECK-NEXT: %[[DZ:.*]] = arith.mulf %[[IZ]], %[[ZS]] fastmath<contract> : f32
// CHECK-NEXT: %[[R:.*]] = arith.addf %[[DX]], %[[DZ]] fastmath<contract> : f32
// CHECK-NEXT: stencil.return %[[R]] : f32
stencil.program @anisotropic(%u: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"},
                             %hx: f32 {stencil.name = "h_x"}, %hz: f32 {stencil.name = "h_z"},
                             %b: index {stencil.name = "time_begin"},
                             %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<2 x f32, levels = 2> {
      %one = arith.constant 1.000000e+00 : f32
      %hhx = arith.mulf %hx, %hx : f32
      %ix = arith.divf %one, %hhx : f32
      %hhz = arith.mulf %hz, %hz : f32
      %iz = arith.divf %one, %hhz : f32
      %w1 = arith.constant 1.000000e+00 : f32
      %w0 = arith.constant -2.000000e+00 : f32
      %c = stencil.access %u[0, 0] : !stencil.field<2 x f32, levels = 2>
      %center = arith.mulf %w0, %c : f32
      %xm = stencil.access %u[-1, 0] : !stencil.field<2 x f32, levels = 2>
      %xp = stencil.access %u[1, 0] : !stencil.field<2 x f32, levels = 2>
      %x1 = arith.mulf %w1, %xm : f32
      %x2 = arith.addf %x1, %center : f32
      %x3 = arith.mulf %w1, %xp : f32
      %x4 = arith.addf %x2, %x3 : f32
      %dx = arith.mulf %ix, %x4 : f32
      %zm = stencil.access %u[0, -1] : !stencil.field<2 x f32, levels = 2>
      %zp = stencil.access %u[0, 1] : !stencil.field<2 x f32, levels = 2>
      %z1 = arith.mulf %w1, %zm : f32
      %z2 = arith.addf %z1, %center : f32
      %z3 = arith.mulf %w1, %zp : f32
      %z4 = arith.addf %z2, %z3 : f32
      %dz = arith.mulf %iz, %z4 : f32
      %r = arith.addf %dx, %dz : f32
      stencil.return %r : f32
    }
  }
}

// -----

// An adjoint gather: each term is (invariant weight * varying coefficient) * field, the
// weights recomputed per term. Mirrored terms share the weight; the varying coefficients
// (m at the neighbours) stay with their fields.
// CHECK-LABEL: stencil.program @gather
// CHECK-DAG: %[[MM:.*]] = stencil.access %[[M:.*]][-1] :
// CHECK-DAG: %[[YM:.*]] = stencil.access %[[Y:.*]][-1] time = 1 :
// CHECK-DAG: %[[MP:.*]] = stencil.access %[[M]][1] :
// CHECK-DAG: %[[YP:.*]] = stencil.access %[[Y]][1] time = 1 :
// CHECK: %[[A:.*]] = arith.mulf %[[MM]], %[[YM]] fastmath<contract> : f32
// CHECK-NEXT: %[[B:.*]] = arith.mulf %[[MP]], %[[YP]] fastmath<contract> : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[A]], %[[B]] fastmath<contract> : f32
// CHECK-NEXT: %[[R:.*]] = arith.mulf %[[W:.*]], %[[S]] fastmath<contract> : f32
// CHECK-NEXT: stencil.return %[[R]] : f32
stencil.program @gather(%m: !stencil.field<1 x f32> {stencil.name = "m"},
                        %y: !stencil.field<1 x f32, levels = 2> {stencil.name = "y"},
                        %hx: f32 {stencil.name = "h_x"},
                        %b: index {stencil.name = "time_begin"},
                        %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop reverse %b to %e {
    stencil.apply %y level = 0 accumulate : !stencil.field<1 x f32, levels = 2> {
      %one = arith.constant 1.000000e+00 : f32
      %w = arith.constant 4.000000e+00 : f32
      %hh1 = arith.mulf %hx, %hx : f32
      %i1 = arith.divf %one, %hh1 : f32
      %c1 = arith.mulf %w, %i1 : f32
      %mm = stencil.access %m[-1] : !stencil.field<1 x f32>
      %k1 = arith.mulf %c1, %mm : f32
      %ym = stencil.access %y[-1] time = 1 : !stencil.field<1 x f32, levels = 2>
      %t1 = arith.mulf %k1, %ym : f32
      %one2 = arith.constant 1.000000e+00 : f32
      %w2 = arith.constant 4.000000e+00 : f32
      %hh2 = arith.mulf %hx, %hx : f32
      %i2 = arith.divf %one2, %hh2 : f32
      %c2 = arith.mulf %w2, %i2 : f32
      %mp = stencil.access %m[1] : !stencil.field<1 x f32>
      %k2 = arith.mulf %c2, %mp : f32
      %yp = stencil.access %y[1] time = 1 : !stencil.field<1 x f32, levels = 2>
      %t2 = arith.mulf %k2, %yp : f32
      %r = arith.addf %t1, %t2 : f32
      stencil.return %r : f32
    }
  }
}

// -----

// Non-linear bodies: coefficients that vary from point to point (a field) are not factored,
// nor are products of varying values; a sum under a non-linear op is factored in place.
// CHECK-LABEL: stencil.program @nonlinear
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG: %[[K:.*]] = stencil.access %[[KF:.*]][0] :
// CHECK-DAG: %[[UM:.*]] = stencil.access %[[U:.*]][-1] :
// CHECK-DAG: %[[UP:.*]] = stencil.access %[[U]][1] :
// CHECK: %[[KM:.*]] = arith.mulf %[[K]], %[[UM]] fastmath<contract> : f32
// CHECK-NEXT: %[[KP:.*]] = arith.mulf %[[K]], %[[UP]] fastmath<contract> : f32
// CHECK-NEXT: %[[L:.*]] = arith.addf %[[KM]], %[[KP]] fastmath<contract> : f32
// CHECK-NEXT: %[[SQ:.*]] = arith.mulf %[[UM]], %[[UM]] fastmath<contract> : f32
// CHECK-NEXT: %[[Q:.*]] = arith.divf %[[UP]], %[[UM]] : f32
// CHECK-NEXT: %[[N:.*]] = arith.addf %[[SQ]], %[[Q]] fastmath<contract> : f32
// CHECK: %[[S:.*]] = arith.addf %[[UM]], %[[UP]] fastmath<contract> : f32
// CHECK-NEXT: %[[T:.*]] = arith.mulf %[[TWO]], %[[S]] fastmath<contract> : f32
// CHECK-NEXT: %[[X:.*]] = math.exp %[[T]] : f32
// CHECK-NEXT: %[[A:.*]] = arith.addf %[[L]], %[[N]] fastmath<contract> : f32
// CHECK-NEXT: %[[R:.*]] = arith.addf %[[A]], %[[X]] fastmath<contract> : f32
// CHECK-NEXT: stencil.return %[[R]] : f32
stencil.program @nonlinear(%u: !stencil.field<1 x f32, levels = 2> {stencil.name = "u"},
                           %k: !stencil.field<1 x f32> {stencil.name = "k"},
                           %b: index {stencil.name = "time_begin"},
                           %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f32, levels = 2> {
      %two = arith.constant 2.000000e+00 : f32
      %kc = stencil.access %k[0] : !stencil.field<1 x f32>
      %um = stencil.access %u[-1] : !stencil.field<1 x f32, levels = 2>
      %up = stencil.access %u[1] : !stencil.field<1 x f32, levels = 2>
      %km = arith.mulf %kc, %um : f32
      %kp = arith.mulf %kc, %up : f32
      %l = arith.addf %km, %kp : f32
      %sq = arith.mulf %um, %um : f32
      %q = arith.divf %up, %um : f32
      %n = arith.addf %sq, %q : f32
      %a = arith.mulf %two, %um : f32
      %bb = arith.mulf %two, %up : f32
      %s = arith.addf %a, %bb : f32
      %x = math.exp %s : f32
      %ln = arith.addf %l, %n : f32
      %r = arith.addf %ln, %x : f32
      stencil.return %r : f32
    }
  }
}

// -----

// Only apply bodies change: inject and interpolate bodies keep their arithmetic and flags.
// CHECK-LABEL: stencil.program @points
// CHECK: stencil.inject
// CHECK-NOT: fastmath
// CHECK: %[[A:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK-NEXT: %[[B:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK-NEXT: arith.addf %[[A]], %[[B]] : f32
// CHECK: stencil.interpolate
// CHECK-NOT: fastmath
// CHECK: }
stencil.program @points(%u: !stencil.field<1 x f32, levels = 2> {stencil.name = "u"},
                        %s: !stencil.points<1 x f32> {stencil.name = "src"},
                        %r: !stencil.points<1 x f32> {stencil.name = "rec"},
                        %b: index {stencil.name = "time_begin"},
                        %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.inject %s into %u : !stencil.points<1 x f32>, !stencil.field<1 x f32, levels = 2> {
      %w = arith.constant 3.000000e+00 : f32
      %a = stencil.access %u[-1] : !stencil.field<1 x f32, levels = 2>
      %c = stencil.access %u[1] : !stencil.field<1 x f32, levels = 2>
      %x = arith.mulf %w, %a : f32
      %y = arith.mulf %w, %c : f32
      %z = arith.addf %x, %y : f32
      stencil.return %z : f32
    }
    stencil.interpolate %r : !stencil.points<1 x f32> {
      %w = arith.constant 3.000000e+00 : f32
      %a = stencil.access %u[-1] : !stencil.field<1 x f32, levels = 2>
      %x = arith.mulf %w, %a : f32
      %y = arith.addf %x, %x : f32
      stencil.return %y : f32
    }
  }
}
