/* A C program that uses a kernel Strata compiled ahead of time (strata compile --emit lib):
 * 2D diffusion in float64 on a 20 x 16 grid, one source and two receivers, ten steps.
 * Writes the final field (padded) then the receiver traces as raw doubles to argv[1].
 * The inputs are the ones AheadOfTimeTest.cpp feeds the JIT kernel. */
#include <stdio.h>
#include <stdlib.h>

#include "libdiffusion.h"

enum { NX = 20, NZ = 16, HALO = 1, PX = NX + 2 * HALO, PZ = NZ + 2 * HALO, STEPS = 10 };

static void describe2(StrataMemRef2DDouble *m, double *data, int64_t rows, int64_t cols) {
  m->allocated = m->aligned = data;
  m->offset = 0;
  m->sizes[0] = rows;
  m->sizes[1] = cols;
  m->strides[0] = cols;
  m->strides[1] = 1;
}

static void describeSupport(StrataMemRef3DInt64 *m, int64_t *data, int64_t points) {
  m->allocated = m->aligned = data;
  m->offset = 0;
  m->sizes[0] = points;
  m->sizes[1] = 4;
  m->sizes[2] = 2;
  m->strides[0] = 8;
  m->strides[1] = 2;
  m->strides[2] = 1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s OUTPUT\n", argv[0]);
    return 2;
  }
  static double u[2 * PX * PZ];
  for (int i = HALO; i < HALO + NX; ++i)
    for (int k = HALO; k < HALO + NZ; ++k)
      u[i * PZ + k] = (double)((i * 37 + k * 11) % 101) / 101.0;
  double srcAmplitudes[STEPS], srcWeights[4] = {0.1, 0.2, 0.3, 0.4};
  int64_t srcSupport[8] = {5, 5, 5, 6, 6, 5, 6, 6};
  for (int t = 0; t < STEPS; ++t)
    srcAmplitudes[t] = (double)(t % 3) - 1.0;
  double recAmplitudes[STEPS * 2] = {0};
  double recWeights[8] = {0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 0.0, 0.0};
  int64_t recSupport[16] = {3, 3, 3, 4, 4, 3, 4, 4, 10, 12, 10, 13, 11, 12, 11, 13};

  StrataMemRef3DDouble field = {u, u, 0, {2, PX, PZ}, {PX * PZ, PZ, 1}};
  StrataMemRef2DDouble srcA, srcW, recA, recW;
  StrataMemRef3DInt64 srcS, recS;
  describe2(&srcA, srcAmplitudes, STEPS, 1);
  describe2(&srcW, srcWeights, 1, 4);
  describeSupport(&srcS, srcSupport, 1);
  describe2(&recA, recAmplitudes, STEPS, 2);
  describe2(&recW, recWeights, 2, 4);
  describeSupport(&recS, recSupport, 2);

  _mlir_ciface_diffusion(&field, &srcA, &srcS, &srcW, &recA, &recS, &recW, 0.05, 1.0, 1.25, 0,
                         STEPS);

  FILE *out = fopen(argv[1], "wb");
  if (!out)
    return 1;
  /* Level STEPS lives in buffer STEPS mod 2. */
  fwrite(u + (STEPS % 2) * PX * PZ, sizeof(double), PX * PZ, out);
  fwrite(recAmplitudes, sizeof(double), STEPS * 2, out);
  return fclose(out) == 0 ? 0 : 1;
}
