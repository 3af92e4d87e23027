// Ahead of time: a C program linked against the shared library Strata emits reproduces the
// JIT kernel's results bit for bit (same pipeline, same object code, same inputs).
#include "strata/Compiler/Backend/Backend.h"
#include "strata/Compiler/Driver.h"
#include "strata/Runtime/AtomicFile.h"
#include "strata/Runtime/Operator.h"
#include "strata/frontend/Model.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace strata;
namespace fs = std::filesystem;

namespace {

constexpr int NX = 20, NZ = 16, HALO = 1, PX = NX + 2 * HALO, PZ = NZ + 2 * HALO, STEPS = 10;

/// The same inputs as tests/integration/aot/diffusion_driver.c, through the JIT.
std::vector<double> runJit(Operator &op) {
  std::vector<double> u(2 * PX * PZ, 0.0);
  for (int i = HALO; i < HALO + NX; ++i)
    for (int k = HALO; k < HALO + NZ; ++k)
      u[i * PZ + k] = static_cast<double>((i * 37 + k * 11) % 101) / 101.0;
  std::vector<double> srcAmplitudes(STEPS), srcWeights = {0.1, 0.2, 0.3, 0.4};
  std::vector<int64_t> srcSupport = {5, 5, 5, 6, 6, 5, 6, 6};
  for (int t = 0; t < STEPS; ++t)
    srcAmplitudes[t] = static_cast<double>(t % 3) - 1.0;
  std::vector<double> recAmplitudes(STEPS * 2, 0.0);
  std::vector<double> recWeights = {0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 0.0, 0.0};
  std::vector<int64_t> recSupport = {3, 3, 3, 4, 4, 3, 4, 4, 10, 12, 10, 13, 11, 12, 11, 13};
  op.bindField("u", u.data(), {2, PX, PZ});
  op.bindPoints("src", srcAmplitudes.data(), STEPS, 1, srcSupport.data(), 4, srcWeights.data());
  op.bindPoints("rec", recAmplitudes.data(), STEPS, 2, recSupport.data(), 4, recWeights.data());
  op.setScalar("dt", 0.05);
  op.setScalar("h_x", 1.0);
  op.setScalar("h_z", 1.25);
  op.apply(0, STEPS);
  std::vector<double> result(u.begin() + (STEPS % 2) * PX * PZ,
                             u.begin() + (STEPS % 2 + 1) * PX * PZ);
  result.insert(result.end(), recAmplitudes.begin(), recAmplitudes.end());
  return result;
}

} // namespace

TEST(AheadOfTime, CProgramLinkingTheLibraryReproducesTheJit) {
  if (std::system("cc --version > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "no C compiler (cc) to build the driver program";
  fs::path dir = fs::temp_directory_path() / ("strata-aot-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);

  frontend::CompileOptions options;
  options.dims = 2;
  auto model =
      loadModel(std::string(STRATA_SOURCE_DIR) + "/examples/models/diffusion.pde", options);
  KernelOptions options64;
  options64.element = ElementType::F64;
  auto kernel = compiler::compileAheadOfTime(*model, options64);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  ASSERT_EQ(kernel->signature.halo, (std::vector<int64_t>{HALO, HALO}));
  fs::path library = dir / "libdiffusion.so";
  llvm::Error linked = backend::linkSharedLibrary(library.string(), kernel->object);
  ASSERT_FALSE(static_cast<bool>(linked)) << llvm::toString(std::move(linked));
  runtime::writeFileAtomically((dir / "libdiffusion.h").string(), kernel->header);

  fs::path program = dir / "driver", output = dir / "result.bin";
  std::string build = "cc -std=c11 -Wall -Werror -I" + dir.string() + " " + STRATA_SOURCE_DIR +
                      "/tests/integration/aot/diffusion_driver.c -o " + program.string() + " " +
                      library.string() + " -Wl,-rpath," + dir.string();
  ASSERT_EQ(std::system(build.c_str()), 0) << build;
  ASSERT_EQ(std::system((program.string() + " " + output.string()).c_str()), 0);

  std::ifstream in(output, std::ios::binary);
  std::vector<double> fromC(PX * PZ + STEPS * 2);
  in.read(reinterpret_cast<char *>(fromC.data()), fromC.size() * sizeof(double));
  ASSERT_TRUE(in.good());

  KernelOptions jit;
  jit.element = ElementType::F64;
  jit.useCache = false;
  Operator op = compile(*model, jit);
  std::vector<double> fromJit = runJit(op);
  EXPECT_EQ(fromC, fromJit);
  // Not a vacuous comparison: the source and the diffusion changed the field.
  double sum = 0;
  for (double value : fromJit)
    sum += std::abs(value);
  EXPECT_GT(sum, 1.0);
  fs::remove_all(dir);
}
