//===- AheadOfTimeTest.cpp - objects, shared libraries and C headers ------===//
#include "BackendTestUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fstream>

namespace strata::backend::testing {
namespace {

class AheadOfTimeTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> path;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("strata-aot-test", path));
    dir_ = std::string(path);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir_); }

  static bool haveCompiler() { return bool(llvm::sys::findProgramByName("cc")); }

  std::string dir_;
};

/// The heat kernel's loops-level entry (what generateCHeader reads).
std::string heatHeader(mlir::MLIRContext &context) {
  auto module = parse(context, heatProgram());
  if (!module || !lowerToLoops(*module))
    return {};
  auto func = module->lookupSymbol<mlir::func::FuncOp>("heat");
  EXPECT_TRUE(func) << "no func.func @heat after lowering to loops";
  return func ? generateCHeader(func, "STRATA_HEAT_H") : std::string();
}

TEST_F(AheadOfTimeTest, WriteObjectFileIsExact) {
  std::string object = compileHeat();
  ASSERT_FALSE(object.empty());
  std::string path = dir_ + "/heat.o";
  ASSERT_FALSE(llvm::errorToBool(writeObjectFile(path, object)));
  auto file = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(bool(file));
  EXPECT_EQ((*file)->getBuffer(), object);
}

TEST_F(AheadOfTimeTest, WriteObjectFileErrorNamesThePath) {
  std::string path = dir_ + "/missing/dir/heat.o";
  llvm::Error error = writeObjectFile(path, "x");
  ASSERT_TRUE(bool(error));
  EXPECT_NE(llvm::toString(std::move(error)).find(path), std::string::npos);
}

TEST_F(AheadOfTimeTest, SharedLibraryMatchesTheJit) {
  if (!haveCompiler())
    GTEST_SKIP() << "no `cc` on PATH";
  std::string object = compileHeat();
  ASSERT_FALSE(object.empty());
  std::string path = dir_ + "/libheat.so";
  llvm::Error linked = linkSharedLibrary(path, object);
  ASSERT_FALSE(bool(linked)) << llvm::toString(std::move(linked));

  void *library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(library, nullptr) << dlerror();
  auto aotEntry = reinterpret_cast<HeatProblem::Entry>(dlsym(library, "_mlir_ciface_heat"));
  ASSERT_NE(aotEntry, nullptr) << dlerror();
  HeatProblem aot;
  aot.run(aotEntry);

  auto kernel = LoadedKernel::load(object);
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  auto address = (*kernel)->lookup("_mlir_ciface_heat");
  ASSERT_TRUE(bool(address)) << llvm::toString(address.takeError());
  HeatProblem jit;
  jit.run(reinterpret_cast<HeatProblem::Entry>(*address));

  // Same object, same inputs: the same bits.
  EXPECT_EQ(std::memcmp(aot.u.data(), jit.u.data(), aot.u.size() * sizeof(double)), 0);
  EXPECT_EQ(aot.recAmplitudes, jit.recAmplitudes);
  dlclose(library);
  // Only the library is left: the temporaries are gone.
  std::error_code ec;
  int entries = 0;
  for (llvm::sys::fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec))
    ++entries;
  EXPECT_EQ(entries, 1);
}

TEST_F(AheadOfTimeTest, LinkErrorCarriesTheCompilerOutput) {
  if (!haveCompiler())
    GTEST_SKIP() << "no `cc` on PATH";
  std::string path = dir_ + "/libbroken.so";
  llvm::Error error = linkSharedLibrary(path, "not an object file");
  ASSERT_TRUE(bool(error));
  std::string message = llvm::toString(std::move(error));
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_FALSE(llvm::sys::fs::exists(path));
}

TEST_F(AheadOfTimeTest, HeaderDeclaresThePrototype) {
  auto context = makeContext();
  std::string header = heatHeader(*context);
  ASSERT_FALSE(header.empty());
  // A state's strides come from its descriptor: its levels may be padded apart.
  EXPECT_NE(header.find("/* u: memref<2x?x?xf64, strided<[?, ?, 1]>>, 2 time levels: step t "
                        "reads (t+k) mod 2 */"),
            std::string::npos)
      << header;
  EXPECT_NE(header.find("Halo (padding per axis, cells): 1, 1"), std::string::npos);
  EXPECT_NE(header.find("#ifndef STRATA_HEAT_H"), std::string::npos);
  EXPECT_NE(header.find("extern \"C\" {"), std::string::npos);
  EXPECT_NE(header.find("typedef struct StrataMemRef3DDouble {"), std::string::npos);
  EXPECT_NE(header.find("typedef struct StrataMemRef3DInt64 {"), std::string::npos);
  EXPECT_NE(header.find("typedef struct StrataMemRef2DDouble {"), std::string::npos);
  for (const char *parameter :
       {"void _mlir_ciface_heat(", "StrataMemRef3DDouble *u,",
        "StrataMemRef2DDouble *src_amplitudes,", "StrataMemRef3DInt64 *src_support,",
        "StrataMemRef2DDouble *rec_weights,", "double c,", "int64_t time_begin,",
        "int64_t time_end /*"})
    EXPECT_NE(header.find(parameter), std::string::npos) << parameter << " missing in\n" << header;
  EXPECT_NE(header.find("/* src.amplitudes: memref<?x?xf64>, [step][point] */"), std::string::npos)
      << header;
}

TEST_F(AheadOfTimeTest, HeaderCompilesAsCAndCxx) {
  if (!haveCompiler())
    GTEST_SKIP() << "no `cc` on PATH";
  auto context = makeContext();
  std::string header = heatHeader(*context);
  ASSERT_FALSE(header.empty());
  std::ofstream(dir_ + "/heat.h") << header << header; // twice: the guards hold
  // The pointer assignment fails to compile unless the prototype has exactly these types;
  // the static assert pins the descriptor layout to MLIR's StridedMemRefType<double, 3>.
  std::ofstream(dir_ + "/use.c")
      << "#include \"heat.h\"\n"
      << "typedef void (*HeatFn)(StrataMemRef3DDouble *, StrataMemRef2DDouble *,\n"
      << "    StrataMemRef3DInt64 *, StrataMemRef2DDouble *, StrataMemRef2DDouble *,\n"
      << "    StrataMemRef3DInt64 *, StrataMemRef2DDouble *, double, int64_t, int64_t);\n"
      << "HeatFn heat_entry = _mlir_ciface_heat;\n"
      << "_Static_assert(sizeof(StrataMemRef3DDouble) == 9 * 8, \"descriptor layout\");\n";
  std::string c = "cc -std=c11 -Wall -Wextra -Werror -fsyntax-only " + dir_ + "/use.c";
  EXPECT_EQ(std::system(c.c_str()), 0) << c << "\n" << header;
  std::string cxx = "cc -x c++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -Dheat_entry=h "
                    "-D_Static_assert=static_assert " +
                    dir_ + "/use.c";
  EXPECT_EQ(std::system(cxx.c_str()), 0) << cxx;
}

} // namespace
} // namespace strata::backend::testing
