//===- BackendTestUtils.cpp - stencil programs and data for backend tests -===//
#include "BackendTestUtils.h"

#include "strata/Compiler/Passes.h"
#include "strata/Compiler/Pipelines.h"
#include "strata/Dialect/Stencil/StencilDialect.h"

#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace strata::backend::testing {

std::unique_ptr<mlir::MLIRContext> makeContext() {
  mlir::DialectRegistry registry;
  registry.insert<stencil::StencilDialect, mlir::func::FuncDialect, mlir::arith::ArithDialect,
                  mlir::math::MathDialect, mlir::memref::MemRefDialect, mlir::scf::SCFDialect>();
  return std::make_unique<mlir::MLIRContext>(registry);
}

mlir::OwningOpRef<mlir::ModuleOp> parse(mlir::MLIRContext &context, const std::string &text) {
  auto module = mlir::parseSourceString<mlir::ModuleOp>(text, mlir::ParserConfig(&context));
  EXPECT_TRUE(module) << "cannot parse:\n" << text;
  return module;
}

static bool runPipeline(mlir::ModuleOp module, void (*build)(mlir::OpPassManager &)) {
  mlir::PassManager pm(module.getContext());
  build(pm);
  bool ok = mlir::succeeded(pm.run(module));
  EXPECT_TRUE(ok) << "the lowering pipeline failed";
  return ok;
}

bool lowerToLLVM(mlir::ModuleOp module) {
  return runPipeline(module, strata::buildStencilToLLVMPipeline);
}
bool lowerToLoops(mlir::ModuleOp module) {
  return runPipeline(module,
                     [](mlir::OpPassManager &pm) { strata::buildStencilToLoopsPipeline(pm); });
}

const std::string &heatProgram() {
  static const std::string text = R"mlir(
!F = !stencil.field<2 x f64, levels = 2>
stencil.program @heat(%u: !F {stencil.name = "u"},
                      %src: !stencil.points<2 x f64> {stencil.name = "src"},
                      %rec: !stencil.points<2 x f64> {stencil.name = "rec"},
                      %c: f64 {stencil.name = "c"},
                      %begin: index {stencil.name = "time_begin"},
                      %end: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 1>} {
  stencil.time_loop %begin to %end {
    stencil.apply %u : !F {
      %c0 = stencil.access %u[0, 0] : !F
      %w = stencil.access %u[-1, 0] : !F
      %e = stencil.access %u[1, 0] : !F
      %s = stencil.access %u[0, -1] : !F
      %n = stencil.access %u[0, 1] : !F
      %four = arith.constant 4.0 : f64
      %a = arith.addf %w, %e : f64
      %b = arith.addf %a, %s : f64
      %d = arith.addf %b, %n : f64
      %f = arith.mulf %four, %c0 : f64
      %lap = arith.subf %d, %f : f64
      %g = arith.mulf %c, %lap : f64
      %r = arith.addf %c0, %g : f64
      stencil.return %r : f64
    }
    stencil.inject %src into %u : !stencil.points<2 x f64>, !F {
      stencil.return %c : f64
    }
    stencil.interpolate %rec : !stencil.points<2 x f64> {
      %v = stencil.access %u[0, 0] time = 1 : !F
      stencil.return %v : f64
    }
  }
}
)mlir";
  return text;
}

std::string compileHeat(PhaseTimings *timings) {
  auto context = makeContext();
  auto module = parse(*context, heatProgram());
  if (!module || !lowerToLLVM(*module))
    return {};
  auto object = compileToObject(*module, Target::host(), timings);
  if (!object) {
    ADD_FAILURE() << llvm::toString(object.takeError());
    return {};
  }
  return std::move(*object);
}

std::array<float, 5> so8Weights() {
  // Fornberg weights of the 8th-order second derivative (h = 1); the centre one covers all
  // three axes.
  return {float(3 * (-205.0 / 72)), float(8.0 / 5), float(-1.0 / 5), float(8.0 / 315),
          float(-1.0 / 560)};
}

/// An f32 constant spelled by its bits, so the kernel and the reference use the same value.
static std::string f32Constant(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return llvm::formatv("arith.constant {0:x} : f32", bits).str();
}

std::string wave3dSo8Program() {
  std::array<float, 5> weights = so8Weights();
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "!F = !stencil.field<3 x f32, levels = 3>\n!M = !stencil.field<3 x f32>\n"
     << "stencil.program @wave3d(%u: !F {stencil.name = \"u\"}, %m: !M {stencil.name = \"m\"},\n"
     << "    %dt: f32 {stencil.name = \"dt\"}, %begin: index {stencil.name = \"time_begin\"},\n"
     << "    %end: index {stencil.name = \"time_end\"})\n"
     << "    attributes {dims = 3 : i64, halo = array<i64: 4, 4, 4>} {\n"
     << "  stencil.time_loop %begin to %end {\n    stencil.apply %u : !F {\n"
     << "      %c = stencil.access %u[0, 0, 0] : !F\n"
     << "      %w0 = " << f32Constant(weights[0]) << "\n"
     << "      %s0 = arith.mulf %w0, %c : f32\n";
  std::string sum = "%s0";
  for (int k = 1; k <= 4; ++k) {
    os << "      %w" << k << " = " << f32Constant(weights[k]) << "\n";
    for (int axis = 0; axis < 3; ++axis) {
      for (int sign : {1, -1}) {
        int offset[3] = {0, 0, 0};
        offset[axis] = sign * k;
        os << "      %a" << k << "_" << axis << (sign > 0 ? "p" : "m") << " = stencil.access %u["
           << offset[0] << ", " << offset[1] << ", " << offset[2] << "] : !F\n";
      }
      std::string id = std::to_string(k) + "_" + std::to_string(axis);
      os << "      %p" << id << " = arith.addf %a" << id << "p, %a" << id << "m : f32\n"
         << "      %q" << id << " = arith.mulf %w" << k << ", %p" << id << " : f32\n"
         << "      %s" << id << " = arith.addf " << sum << ", %q" << id << " : f32\n";
      sum = "%s" + id;
    }
  }
  os << "      %prev = stencil.access %u[0, 0, 0] time = -1 : !F\n"
     << "      %mm = stencil.access %m[0, 0, 0] : !M\n"
     << "      %dt2 = arith.mulf %dt, %dt : f32\n"
     << "      %k = arith.divf %dt2, %mm : f32\n"
     << "      %lap = arith.mulf %k, " << sum << " : f32\n"
     << "      %two = arith.addf %c, %c : f32\n"
     << "      %diff = arith.subf %two, %prev : f32\n"
     << "      %r = arith.addf %diff, %lap : f32\n"
     << "      stencil.return %r : f32\n    }\n  }\n}\n";
  return text;
}

HeatProblem::HeatProblem() {
  // A smooth bump in the interior; the halo and the other level start (and stay) zero.
  for (int64_t i = halo; i < X - halo; ++i)
    for (int64_t j = halo; j < Y - halo; ++j)
      u[i * Y + j] = std::sin(0.13 * double(i)) * std::cos(0.07 * double(j)) + 0.01 * double(i);
  srcAmplitudes.resize(steps * sources);
  for (int64_t t = 0; t < steps; ++t)
    for (int64_t p = 0; p < sources; ++p)
      srcAmplitudes[t * sources + p] = std::sin(0.3 * double(t) + double(p));
  // Bilinear supports (the four corners around a point), all inside the interior.
  auto corners = [](std::vector<int64_t> &support, int64_t i, int64_t j) {
    for (int64_t di : {0, 1})
      for (int64_t dj : {0, 1}) {
        support.push_back(i + di);
        support.push_back(j + dj);
      }
  };
  corners(srcSupport, 10, 12);
  corners(srcSupport, 30, 5);
  srcWeights = {0.1, 0.2, 0.3, 0.4, 0.25, 0.25, 0.25, 0.25};
  corners(recSupport, 5, 30);
  corners(recSupport, 20, 20);
  corners(recSupport, 40, 2);
  recWeights = {0.4, 0.3, 0.2, 0.1, 0.5, 0.0, 0.0, 0.5, 0.25, 0.25, 0.25, 0.25};
  recAmplitudes.assign(steps * receivers, 0.0);
}

void HeatProblem::run(Entry entry, int64_t begin, int64_t end) {
  auto uD = describe<double, 3>(u, {2, X, Y});
  auto srcA = describe<double, 2>(srcAmplitudes, {steps, sources});
  auto srcS = describe<int64_t, 3>(srcSupport, {sources, support, 2});
  auto srcW = describe<double, 2>(srcWeights, {sources, support});
  auto recA = describe<double, 2>(recAmplitudes, {steps, receivers});
  auto recS = describe<int64_t, 3>(recSupport, {receivers, support, 2});
  auto recW = describe<double, 2>(recWeights, {receivers, support});
  entry(&uD, &srcA, &srcS, &srcW, &recA, &recS, &recW, c, begin, end);
}

void HeatProblem::runReference() {
  auto at = [&](int64_t level, int64_t i, int64_t j) -> double & {
    return u[(level * X + i) * Y + j];
  };
  for (int64_t t = 0; t < steps; ++t) {
    int64_t now = t % 2, next = (t + 1) % 2;
    for (int64_t i = halo; i < X - halo; ++i)
      for (int64_t j = halo; j < Y - halo; ++j) {
        double center = at(now, i, j);
        double sum = at(now, i - 1, j) + at(now, i + 1, j) + at(now, i, j - 1) + at(now, i, j + 1);
        at(next, i, j) = center + c * (sum - 4.0 * center);
      }
    for (int64_t p = 0; p < sources; ++p)
      for (int64_t s = 0; s < support; ++s) {
        const int64_t *point = &srcSupport[(p * support + s) * 2];
        double term = srcWeights[p * support + s] * srcAmplitudes[t * sources + p] * c;
        at(next, point[0], point[1]) += term;
      }
    for (int64_t p = 0; p < receivers; ++p) {
      double value = 0.0;
      for (int64_t s = 0; s < support; ++s) {
        const int64_t *point = &recSupport[(p * support + s) * 2];
        value += recWeights[p * support + s] * at(next, point[0], point[1]);
      }
      recAmplitudes[t * receivers + p] = value;
    }
  }
}

} // namespace strata::backend::testing
