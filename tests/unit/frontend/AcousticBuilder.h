// The stdlib acoustic model written with the C++ builder API, shared by the tests that
// compare it with stdlib/acoustic.pde (as a Model and as emitted pde IR).
#pragma once

#include "strata/frontend/Builder.h"

namespace strata::frontend::testing {

inline std::unique_ptr<Model> buildAcoustic(const CompileOptions &options,
                                            DiagnosticEngine &diags) {
  ModelBuilder b("acoustic");
  b.optionInt("space_order", 8);
  GridRef g = b.grid("g");
  Ex m = b.input("m", g);
  Ex damp = b.input("damp", g, {.zeroInterior = true});
  Ex u = b.state("u", g, {.timeOrder = 2, .spaceOrder = 8});
  Ex src = b.source("src", g);
  Ex rec = b.receiver("rec", g);
  b.equation(m * dt2(u) - laplace(u) + damp * dt(u), src);
  b.record(rec, u);
  return b.finish(options, diags);
}

} // namespace strata::frontend::testing
