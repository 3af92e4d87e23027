//===- CaseTest.cpp - case files: parsing, defaults, geometry, errors -----===//
//
// The expected messages are written out in full: they are the user interface of a case file.
//
//===----------------------------------------------------------------------===//

#include "strata/Runtime/Case/Case.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <functional>
#include <string>

using namespace strata::runtime;

namespace {

const std::string kSource = STRATA_SOURCE_DIR;

// The lead's example case (a 2 km x 1 km domain), one key per line so tests can edit it.
const std::string kBase = R"({
  "grid": {"shape": [201, 101], "spacing": [10, 10], "origin": [0, 0], "absorbing_width": 40},
  "model": {"type": "constant", "velocity": 1.5},
  "sources": [{"x": 1000, "z": 20}],
  "receivers": {"line": {"from": [0, 20], "to": [2000, 20], "count": 201}},
  "wavelet": {"type": "ricker", "peak_frequency": 0.015, "delay": 66.7},
  "time": {"duration": 1000, "dt": "auto", "output_every": 1},
  "space_order": 8,
  "interpolation": "linear",
  "outputs": {"traces": true, "snapshots": {"times": [300, 600]}, "pictures": true}
})";

/// kBase with the first occurrence of `from` replaced by `to` (the edit must apply).
std::string edited(const std::string &from, const std::string &to) {
  std::string text = kBase;
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "test bug: '" << from << "' is not in the base case";
  if (at != std::string::npos)
    text.replace(at, from.size(), to);
  return text;
}

/// The message parseCase throws for `text`, or "" when it accepts it.
std::string errorOf(const std::string &text) {
  try {
    parseCase(text, "CASE.json", "/cases");
  } catch (const CaseError &error) {
    return error.what();
  }
  return "";
}

} // namespace

TEST(Case, BaseCaseParsesWithTheValuesWritten) {
  Case c = parseCase(kBase, "CASE.json", "/cases");
  EXPECT_EQ(c.path, "CASE.json");
  EXPECT_EQ(c.domain.shape, (std::vector<int64_t>{201, 101}));
  EXPECT_EQ(c.domain.spacing, (std::vector<double>{10, 10}));
  EXPECT_EQ(c.domain.origin, (std::vector<double>{0, 0}));
  EXPECT_EQ(c.domain.absorbingWidth, 40);
  EXPECT_EQ(c.model.kind, ModelSpec::Kind::Constant);
  EXPECT_DOUBLE_EQ(c.model.velocity, 1.5);
  EXPECT_FALSE(c.model.smoothSigma.has_value());
  ASSERT_EQ(c.sources.size(), 1u);
  EXPECT_EQ(c.sources[0], (std::vector<double>{1000, 20}));
  ASSERT_EQ(c.receivers.size(), 201u);
  // 201 receivers from x = 0 to 2000: 10 m apart, every one at z = 20.
  for (size_t i = 0; i < c.receivers.size(); ++i) {
    EXPECT_NEAR(c.receivers[i][0], 10.0 * double(i), 1e-9);
    EXPECT_EQ(c.receivers[i][1], 20.0);
  }
  EXPECT_EQ(c.receivers.back()[0], 2000.0);
  EXPECT_EQ(c.wavelet.kind, WaveletSpec::Kind::Ricker);
  EXPECT_DOUBLE_EQ(c.wavelet.peakFrequency, 0.015);
  EXPECT_DOUBLE_EQ(c.wavelet.delay, 66.7);
  EXPECT_DOUBLE_EQ(c.time.duration, 1000);
  EXPECT_FALSE(c.time.dt.has_value());
  EXPECT_EQ(c.time.outputEvery, 1);
  EXPECT_EQ(c.spaceOrder, 8);
  EXPECT_EQ(c.interpolation, "linear");
  EXPECT_TRUE(c.outputs.traces);
  EXPECT_TRUE(c.outputs.pictures);
  EXPECT_EQ(c.outputs.snapshotTimes, (std::vector<double>{300, 600}));
}

TEST(Case, Defaults) {
  Case c = parseCase(R"({
    "grid": {"shape": [11, 21], "spacing": [5, 2.5]},
    "model": {"type": "constant", "velocity": 2},
    "sources": {"x": 25, "z": 0},
    "receivers": [[0, 10], {"x": 50, "z": 50}],
    "wavelet": {"type": "ricker", "peak_frequency": 0.02},
    "time": {"duration": 500}
  })", "c.json", "");
  EXPECT_EQ(c.domain.origin, (std::vector<double>{0, 0}));
  EXPECT_EQ(c.domain.absorbingWidth, 40);
  EXPECT_DOUBLE_EQ(c.wavelet.delay, 50.0); // 1 / f0
  EXPECT_FALSE(c.time.dt.has_value());
  EXPECT_EQ(c.time.outputEvery, 1);
  EXPECT_EQ(c.spaceOrder, 8);
  EXPECT_EQ(c.interpolation, "linear");
  EXPECT_TRUE(c.outputs.traces);
  EXPECT_TRUE(c.outputs.pictures);
  EXPECT_TRUE(c.outputs.snapshotTimes.empty());
  EXPECT_EQ(c.sources, (std::vector<std::vector<double>>{{25, 0}}));
  EXPECT_EQ(c.receivers, (std::vector<std::vector<double>>{{0, 10}, {50, 50}}));
}

TEST(Case, NumericDtSincAndNpyWaveletResolvedAgainstTheBase) {
  std::string text = edited(R"("dt": "auto")", R"("dt": 0.5)");
  text.replace(text.find(R"("interpolation": "linear")"), 25, R"("interpolation": "sinc")");
  text.replace(text.find(R"({"type": "ricker", "peak_frequency": 0.015, "delay": 66.7})"), 58,
               R"({"type": "npy", "path": "wavelets/w.npy", "dt": 0.25})");
  Case c = parseCase(text, "CASE.json", "/cases/run1");
  ASSERT_TRUE(c.time.dt.has_value());
  EXPECT_DOUBLE_EQ(*c.time.dt, 0.5);
  EXPECT_EQ(c.interpolation, "sinc");
  EXPECT_EQ(c.wavelet.kind, WaveletSpec::Kind::Npy);
  EXPECT_EQ(c.wavelet.path, "/cases/run1/wavelets/w.npy");
  EXPECT_DOUBLE_EQ(c.wavelet.dt, 0.25);
}

TEST(Case, SourceLineIsEvenlySpacedIncludingBothEnds) {
  Case c = parseCase(edited(R"("sources": [{"x": 1000, "z": 20}])",
                            R"("sources": {"line": {"from": [100, 20], "to": [1900, 20], "count": 10}})"),
                     "CASE.json", "");
  ASSERT_EQ(c.sources.size(), 10u);
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_NEAR(c.sources[i][0], 100.0 + 200.0 * double(i), 1e-9); // (1900 - 100) / 9 = 200
    EXPECT_EQ(c.sources[i][1], 20.0);
  }
}

TEST(Case, ReceiverArrayIn3DIsXMajor) {
  Case c = parseCase(R"({
    "grid": {"shape": [11, 11, 11], "spacing": [10, 10, 10]},
    "model": {"type": "constant", "velocity": 2},
    "sources": [{"x": 50, "y": 50, "z": 0}],
    "receivers": {"array": {"from": [0, 20], "to": [100, 80], "count": [3, 4], "z": 30}},
    "wavelet": {"type": "ricker", "peak_frequency": 0.02},
    "time": {"duration": 500}
  })", "c.json", "");
  ASSERT_EQ(c.receivers.size(), 12u);
  // x outer (0, 50, 100), y inner (20, 40, 60, 80), z = 30.
  EXPECT_EQ(c.receivers[0], (std::vector<double>{0, 20, 30}));
  EXPECT_EQ(c.receivers[1], (std::vector<double>{0, 40, 30}));
  EXPECT_EQ(c.receivers[3], (std::vector<double>{0, 80, 30}));
  EXPECT_EQ(c.receivers[4], (std::vector<double>{50, 20, 30}));
  EXPECT_EQ(c.receivers[11], (std::vector<double>{100, 80, 30}));
}

TEST(Case, EveryExampleCaseLoads) {
  const std::string folder = kSource + "/examples/cases";
  size_t count = 0;
  for (const auto &entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".json")
      continue;
    ++count;
    SCOPED_TRACE(entry.path().string());
    EXPECT_NO_THROW({
      Case c = loadCase(entry.path().string());
      EXPECT_FALSE(c.sources.empty());
      EXPECT_FALSE(c.receivers.empty());
    });
  }
  EXPECT_GE(count, 4u);
}

TEST(Case, ExampleShapes) {
  Case layered = loadCase(kSource + "/examples/cases/layered3d.json");
  EXPECT_EQ(layered.domain.dims(), 3);
  EXPECT_EQ(layered.receivers.size(), 21u * 21u);
  EXPECT_EQ(layered.model.layers.size(), 3u);
  Case camembert = loadCase(kSource + "/examples/cases/camembert2d.json");
  EXPECT_EQ(camembert.sources.size(), 10u);
  Case marmousi = loadCase(kSource + "/examples/cases/marmousi2d.json");
  // Resolved against the case file's folder: <repo>/examples/cases/../../../shared/data/...
  EXPECT_EQ(marmousi.model.path,
            (std::filesystem::path(kSource).lexically_normal().parent_path() /
             "shared/data/marmousi/marmousi_vp_20m_176x851.bin").string());
  EXPECT_NE(marmousi.description.find("CC BY 4.0"), std::string::npos);
}

TEST(Case, EveryJsonExampleInTheDocumentationParses) {
  std::ifstream in(kSource + "/docs/case-files.md");
  ASSERT_TRUE(in) << "docs/case-files.md is missing";
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t count = 0;
  for (size_t at = text.find("```json\n"); at != std::string::npos; at = text.find("```json\n", at)) {
    at += 8;
    size_t end = text.find("```", at);
    ASSERT_NE(end, std::string::npos);
    ++count;
    SCOPED_TRACE("example " + std::to_string(count));
    EXPECT_NO_THROW(parseCase(text.substr(at, end - at), "doc.json", kSource + "/examples/cases"));
    at = end + 3;
  }
  EXPECT_EQ(count, 3u);
}

TEST(Case, IntegralFloatsAreIntegersAndALineOfOneIsItsStart) {
  Case c = parseCase(edited(R"("count": 201)", R"("count": 1.0)"), "CASE.json", "");
  EXPECT_EQ(c.receivers, (std::vector<std::vector<double>>{{0, 20}}));
}

TEST(Case, DtLongerThanTheDuration) {
  EXPECT_EQ(errorOf(edited(R"("dt": "auto")", R"("dt": 2000)")),
            "CASE.json: 'time.dt': expected a time step no longer than time.duration (1000 ms), got 2000");
}

TEST(Case, LoadCaseReportsAMissingFile) {
  try {
    loadCase("/nonexistent/case.json");
    FAIL() << "no error";
  } catch (const CaseError &error) {
    EXPECT_STREQ(error.what(), "/nonexistent/case.json: cannot open the case file");
  }
}

// --- malformed cases: each with its exact message -------------------------------------------

struct Malformed {
  const char *name;
  std::function<std::string()> text;
  const char *message;
};

class MalformedCase : public testing::TestWithParam<Malformed> {};

TEST_P(MalformedCase, SaysWhereAndWhat) {
  EXPECT_EQ(errorOf(GetParam().text()), GetParam().message);
}

static std::string layered(const char *layers) {
  return edited(R"({"type": "constant", "velocity": 1.5})", std::string(R"({"type": "layered", "layers": )") + layers + "}");
}

INSTANTIATE_TEST_SUITE_P(
    Case, MalformedCase,
    testing::Values(
        Malformed{"NegativeSpacing", [] { return edited(R"("spacing": [10, 10])", R"("spacing": [10, -5])"); },
                  "CASE.json: 'grid.spacing[1]': expected a positive number (m), got -5"},
        Malformed{"UnknownTopLevelKeyNearMiss", [] { return edited(R"("receivers":)", R"("recievers":)"); },
                  "CASE.json: 'recievers': unknown key; did you mean 'receivers'?"},
        Malformed{"UnknownNestedKeyNearMiss", [] { return edited(R"("spacing": [10, 10])", R"("spacin": [10, 10])"); },
                  "CASE.json: 'grid.spacin': unknown key; did you mean 'spacing'?"},
        Malformed{"UnknownKeyFarFromAll", [] { return edited(R"("origin": [0, 0])", R"("colour": "red")"); },
                  "CASE.json: 'grid.colour': unknown key; expected one of: shape, spacing, origin, absorbing_width"},
        Malformed{"MissingDuration", [] { return edited(R"("duration": 1000, )", ""); },
                  "CASE.json: 'time.duration': required key is missing (expected a positive number (ms))"},
        Malformed{"MissingModel", [] { return edited(R"("model": {"type": "constant", "velocity": 1.5},)", ""); },
                  "CASE.json: 'model': required key is missing (expected an object with a \"type\")"},
        Malformed{"ShapeWithOneAxis", [] { return edited(R"("shape": [201, 101])", R"("shape": [201])"); },
                  "CASE.json: 'grid.shape': expected a list of 2 or 3 integers >= 2 ([nx, nz] or [nx, ny, nz]), got 1 entry"},
        Malformed{"SpacingWithTooManyEntries", [] { return edited(R"("spacing": [10, 10])", R"("spacing": [10, 10, 10])"); },
                  "CASE.json: 'grid.spacing': expected a list of 2 positive numbers [x, z] (m), got 3 entries"},
        Malformed{"FractionalShape", [] { return edited(R"("shape": [201, 101])", R"("shape": [201.5, 101])"); },
                  "CASE.json: 'grid.shape[0]': expected an integer >= 2, got 201.5"},
        Malformed{"ShapeAsString", [] { return edited(R"("shape": [201, 101])", R"("shape": [201, "101"])"); },
                  "CASE.json: 'grid.shape[1]': expected an integer >= 2, got \"101\""},
        Malformed{"NegativeAbsorbingWidth", [] { return edited(R"("absorbing_width": 40)", R"("absorbing_width": -1)"); },
                  "CASE.json: 'grid.absorbing_width': expected an integer >= 0, got -1"},
        Malformed{"SourceOutside", [] { return edited(R"({"x": 1000, "z": 20})", R"({"x": 2500, "z": 20})"); },
                  "CASE.json: 'sources[0]': the source (2500, 20) is outside the physical domain: x in [0, 2000], z in [0, 1000] (m)"},
        Malformed{"ReceiverLineEndsOutside", [] { return edited(R"("to": [2000, 20])", R"("to": [2100, 20])"); },
                  "CASE.json: 'receivers.line.to': the line's last receiver (2100, 20) is outside the physical domain: x in [0, 2000], z in [0, 1000] (m)"},
        Malformed{"SourceWithAYIn2D", [] { return edited(R"({"x": 1000, "z": 20})", R"({"x": 1000, "y": 5, "z": 20})"); },
                  "CASE.json: 'sources[0].y': unknown key; expected one of: x, z"},
        Malformed{"SourcePointWithThreeNumbers", [] { return edited(R"([{"x": 1000, "z": 20}])", R"([[1000, 0, 20]])"); },
                  "CASE.json: 'sources[0]': expected a list of 2 numbers [x, z] (m), got 3 entries"},
        Malformed{"NoSources", [] { return edited(R"([{"x": 1000, "z": 20}])", "[]"); },
                  "CASE.json: 'sources': expected at least one source, got []"},
        Malformed{"ReceiverArrayIn2D",
                  [] { return edited(R"({"line": {"from": [0, 20], "to": [2000, 20], "count": 201}})",
                                     R"({"array": {"from": [0, 0], "to": [10, 10], "count": [2, 2], "z": 20}})"); },
                  "CASE.json: 'receivers.array': a receiver array needs a 3D grid; in 2D use {\"line\": ...}"},
        Malformed{"LayerTopsUnsorted",
                  [] { return layered(R"([{"top": 0, "velocity": 1.5}, {"top": 500, "velocity": 2}, {"top": 300, "velocity": 2.5}])"); },
                  "CASE.json: 'model.layers[2].top': layer tops must increase with depth: expected a depth below 500 m (the top of model.layers[1]), got 300"},
        Malformed{"LayerVelocityNegative",
                  [] { return layered(R"([{"top": 0, "velocity": 1.5}, {"top": 500, "velocity": -2}])"); },
                  "CASE.json: 'model.layers[1].velocity': expected a positive number (km/s), got -2"},
        Malformed{"ZeroVelocity", [] { return edited(R"("velocity": 1.5)", R"("velocity": 0)"); },
                  "CASE.json: 'model.velocity': expected a positive number (km/s), got 0"},
        Malformed{"ModelTypeMisspelt", [] { return edited(R"("type": "constant")", R"("type": "cosntant")"); },
                  "CASE.json: 'model.type': expected one of \"constant\", \"layered\", \"camembert\" or \"file\", got \"cosntant\"; did you mean \"constant\"?"},
        Malformed{"DiskCenterWrongDimension",
                  [] { return edited(R"({"type": "constant", "velocity": 1.5})",
                                     R"({"type": "camembert", "background": 1.5, "disk": {"center": [1, 2, 3], "radius": 100, "velocity": 3}})"); },
                  "CASE.json: 'model.disk.center': expected a list of 2 numbers [x, z] (m), got 3 entries"},
        Malformed{"RawFileWithoutShape",
                  [] { return edited(R"({"type": "constant", "velocity": 1.5})",
                                     R"({"type": "file", "path": "v.bin", "format": "raw_float32", "spacing": [10, 10], "units": "m/s"})"); },
                  "CASE.json: 'model.shape': required key is missing for a raw_float32 file (expected a list of 2 integers >= 2 [x, z])"},
        Malformed{"FileGridTooSmall",
                  [] { return edited(R"({"type": "constant", "velocity": 1.5})",
                                     R"({"type": "file", "path": "v.bin", "format": "raw_float32", "shape": [101, 101], "spacing": [10, 10], "units": "m/s"})"); },
                  "CASE.json: 'model': the case grid reaches outside the model file on axis x: the grid spans [0, 2000] m, the file [0, 1000] m"},
        Malformed{"FileUnitsMissing",
                  [] { return edited(R"({"type": "constant", "velocity": 1.5})",
                                     R"({"type": "file", "path": "v.npy", "spacing": [10, 10]})"); },
                  "CASE.json: 'model.units': required key is missing (expected \"m/s\" or \"km/s\")"},
        Malformed{"SmoothSigmaNegative",
                  [] { return edited(R"("velocity": 1.5})", R"("velocity": 1.5, "smooth": {"sigma": -10}})"); },
                  "CASE.json: 'model.smooth.sigma': expected a positive number (m), got -10"},
        Malformed{"DtAWord", [] { return edited(R"("dt": "auto")", R"("dt": "fast")"); },
                  "CASE.json: 'time.dt': expected a positive number (ms) or \"auto\", got \"fast\""},
        Malformed{"DtNegative", [] { return edited(R"("dt": "auto")", R"("dt": -0.5)"); },
                  "CASE.json: 'time.dt': expected a positive number (ms) or \"auto\", got -0.5"},
        Malformed{"OutputEveryZero", [] { return edited(R"("output_every": 1)", R"("output_every": 0)"); },
                  "CASE.json: 'time.output_every': expected an integer >= 1, got 0"},
        Malformed{"SnapshotAfterTheEnd", [] { return edited(R"("times": [300, 600])", R"("times": [300, 1200])"); },
                  "CASE.json: 'outputs.snapshots.times[1]': expected a time in [0, 1000] ms, got 1200"},
        Malformed{"SnapshotNegative", [] { return edited(R"("times": [300, 600])", R"("times": [-1])"); },
                  "CASE.json: 'outputs.snapshots.times[0]': expected a time in [0, 1000] ms, got -1"},
        Malformed{"OddSpaceOrder", [] { return edited(R"("space_order": 8)", R"("space_order": 7)"); },
                  "CASE.json: 'space_order': expected an even integer from 2 to 64, got 7"},
        Malformed{"UnknownInterpolation", [] { return edited(R"("interpolation": "linear")", R"("interpolation": "cubic")"); },
                  "CASE.json: 'interpolation': expected one of \"linear\" or \"sinc\", got \"cubic\""},
        Malformed{"TracesNotABoolean", [] { return edited(R"("traces": true)", R"("traces": "yes")"); },
                  "CASE.json: 'outputs.traces': expected true or false, got \"yes\""},
        Malformed{"PeakFrequencyMissing", [] { return edited(R"("peak_frequency": 0.015, )", ""); },
                  "CASE.json: 'wavelet.peak_frequency': required key is missing (expected a positive number (kHz))"},
        Malformed{"DuplicateKey", [] { return edited(R"("origin": [0, 0])", R"("shape": [11, 11])"); },
                  "CASE.json: 'grid.shape': the key appears twice in one object (expected each key once)"},
        Malformed{"DuplicateKeyInAList",
                  [] { return edited(R"([{"x": 1000, "z": 20}])", R"([{"x": 1000, "z": 20}, [5, 5], {"x": 1, "x": 2}])"); },
                  "CASE.json: 'sources[2].x': the key appears twice in one object (expected each key once)"},
        Malformed{"NotAnObject", [] { return std::string("[1, 2]"); },
                  "CASE.json: top level: expected a JSON object with keys grid, model, sources, receivers, wavelet and time, got [1,2]"},
        // Line 3 is `  "model": {"type": "constant", "velocity": 1.5},,`: the second comma is column 50.
        Malformed{"SyntaxErrorHasLineAndColumn",
                  [] { return edited(R"("velocity": 1.5},)", R"("velocity": 1.5},,)"); },
                  "CASE.json:3:50: JSON syntax error while parsing object key - unexpected ','; expected string literal"},
        Malformed{"EmptyInput", [] { return std::string(""); },
                  "CASE.json:1:1: JSON syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal"}),
    [](const testing::TestParamInfo<Malformed> &info) { return std::string(info.param.name); });
