// A shot through a two-layer model with Strata's C++ API: compile stdlib/acoustic.pde, fire
// one Ricker source, record a line of receivers, write the traces as .npy.
//   build/bin/example_modeling [STRATA_SOURCE_DIR] [OUTPUT.npy]
#include "strata/Runtime/Modeling.h"
#include "strata/Runtime/Seismic/Npy.h"
#include "strata/Runtime/Seismic/Stability.h"
#include "strata/Runtime/Seismic/Wavelet.h"
#include "strata/frontend/Model.h"

#include <cstdio>

int main(int argc, char **argv) {
  using namespace strata;
  using namespace strata::runtime;
  std::string source = argc > 1 ? argv[1] : ".", output = argc > 2 ? argv[2] : "traces.npy";
  try {
    // 2 km x 1 km at 10 m, a 40-point absorbing layer; 1.5 km/s above 500 m, 2.5 below.
    Domain domain{{201, 101}, {10.0, 10.0}, {0.0, 0.0}, 40};
    std::vector<float> velocity(201 * 101);
    for (int64_t x = 0; x < 201; ++x)
      for (int64_t z = 0; z < 101; ++z)
        velocity[x * 101 + z] = z * 10.0 < 500 ? 1.5f : 2.5f;

    frontend::CompileOptions options;
    options.dims = 2;
    auto model = loadModel(source + "/stdlib/acoustic.pde", options);
    const double dt = stableTimeStep(2.5, domain.spacing, 8); // ms, 0.9 of the CFL limit
    const int64_t steps = static_cast<int64_t>(1000 / dt) + 1;
    AcousticSimulator simulator(*model, {}, domain, velocity, dt, Interpolation::Linear);

    ShotSetup shot;
    shot.sources = {{1000.0, 20.0}};
    for (int r = 0; r < 101; ++r)
      shot.receivers.push_back({20.0 * r, 20.0});
    shot.wavelet = rickerWavelet(0.015, 1 / 0.015, dt, steps); // 15 Hz, delayed by 1/f
    ShotResult result = simulator.run(shot, steps);

    std::vector<float> traces(result.traces.begin(), result.traces.end()); // float32 on disk
    writeNpy(output, traces.data(), {result.steps, result.receivers});
    std::printf("%lld steps of %.3f ms, %.3f GPts/s, traces in %s\n", static_cast<long long>(steps),
                dt, result.gigaPointsPerSecond, output.c_str());
    return 0;
  } catch (const std::exception &error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
}
