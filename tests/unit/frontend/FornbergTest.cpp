// Fornberg weights against published values (Fornberg 1988, Table 1) and
// exactness on polynomials.
#include "strata/frontend/Fornberg.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace strata::frontend;

namespace {

constexpr double kTol = 1e-12;

/// Weights for offsets 1..p/2 of the centered stencil (the others follow by
/// symmetry), as printed in Fornberg's table.
struct Row {
  int accuracy;
  std::vector<double> positive; // weights at +1, +2, ...
  double center;
};

double factorial(int n) { return n <= 1 ? 1.0 : n * factorial(n - 1); }

// Closed forms of the table entries: first derivative
//   a_k = (-1)^(k+1) (m!)^2 / (k (m-k)! (m+k)!),  m = p/2,
// second derivative b_k = 2 a_k / k, b_0 = -2 sum b_k.
std::vector<double> tableFirst(int accuracy) {
  int m = accuracy / 2;
  std::vector<double> w;
  for (int k = 1; k <= m; ++k)
    w.push_back((k % 2 ? 1 : -1) * factorial(m) * factorial(m) /
                (k * factorial(m - k) * factorial(m + k)));
  return w;
}

void expectCentered(int derivOrder, const Row &row) {
  Stencil s = centeredStencil(derivOrder, row.accuracy);
  int half = row.accuracy / 2;
  ASSERT_EQ(static_cast<int>(s.offsets.size()), 2 * half + 1);
  EXPECT_NEAR(s.weights[half], row.center, kTol) << "accuracy " << row.accuracy;
  for (int k = 1; k <= half; ++k) {
    double sign = derivOrder == 1 ? -1 : 1;
    EXPECT_NEAR(s.weights[half + k], row.positive[k - 1], kTol)
        << "p=" << row.accuracy << " k=" << k;
    EXPECT_NEAR(s.weights[half - k], sign * row.positive[k - 1], kTol)
        << "p=" << row.accuracy << " k=" << -k;
  }
}

} // namespace

TEST(Fornberg, CenteredFirstDerivativePublishedValues) {
  expectCentered(1, {2, {1.0 / 2}, 0});
  expectCentered(1, {4, {2.0 / 3, -1.0 / 12}, 0});
  expectCentered(1, {6, {3.0 / 4, -3.0 / 20, 1.0 / 60}, 0});
  expectCentered(1, {8, {4.0 / 5, -1.0 / 5, 4.0 / 105, -1.0 / 280}, 0});
  for (int p = 10; p <= 16; p += 2)
    expectCentered(1, {p, tableFirst(p), 0});
  // Spot values from the table's last rows.
  EXPECT_NEAR(centeredStencil(1, 16).weights[9], 8.0 / 9, kTol);
  EXPECT_NEAR(centeredStencil(1, 16).weights[16], -1.0 / 102960, kTol);
}

TEST(Fornberg, CenteredSecondDerivativePublishedValues) {
  expectCentered(2, {2, {1}, -2});
  expectCentered(2, {4, {4.0 / 3, -1.0 / 12}, -5.0 / 2});
  expectCentered(2, {6, {3.0 / 2, -3.0 / 20, 1.0 / 90}, -49.0 / 18});
  expectCentered(2, {8, {8.0 / 5, -1.0 / 5, 8.0 / 315, -1.0 / 560}, -205.0 / 72});
  for (int p = 10; p <= 16; p += 2) {
    std::vector<double> first = tableFirst(p), second;
    double center = 0;
    for (std::size_t k = 1; k <= first.size(); ++k) {
      second.push_back(2 * first[k - 1] / k);
      center -= 2 * second.back();
    }
    expectCentered(2, {p, second, center});
  }
  EXPECT_NEAR(centeredStencil(2, 16).weights[8], -1077749.0 / 352800, kTol);
}

TEST(Fornberg, StaggeredFirstDerivative) {
  Stencil s2 = staggeredStencil(2);
  ASSERT_EQ(s2.offsets, (std::vector<double>{-0.5, 0.5}));
  EXPECT_NEAR(s2.weights[1], 1.0, kTol);
  Stencil s4 = staggeredStencil(4);
  ASSERT_EQ(s4.offsets, (std::vector<double>{-1.5, -0.5, 0.5, 1.5}));
  EXPECT_NEAR(s4.weights[2], 9.0 / 8, kTol);
  EXPECT_NEAR(s4.weights[3], -1.0 / 24, kTol);
  EXPECT_NEAR(s4.weights[0], 1.0 / 24, kTol);
  Stencil s6 = staggeredStencil(6);
  EXPECT_NEAR(s6.weights[3], 75.0 / 64, kTol);
  EXPECT_NEAR(s6.weights[4], -25.0 / 384, kTol);
  EXPECT_NEAR(s6.weights[5], 3.0 / 640, kTol);
  Stencil s8 = staggeredStencil(8);
  EXPECT_NEAR(s8.weights[4], 1225.0 / 1024, kTol);
  EXPECT_NEAR(s8.weights[5], -245.0 / 3072, kTol);
  EXPECT_NEAR(s8.weights[6], 49.0 / 5120, kTol);
  EXPECT_NEAR(s8.weights[7], -5.0 / 7168, kTol);
}

TEST(Fornberg, OneSided) {
  Stencil right = oneSidedStencil(1, 1, Side::Right);
  EXPECT_EQ(right.offsets, (std::vector<double>{0, 1}));
  EXPECT_NEAR(right.weights[0], -1, kTol);
  EXPECT_NEAR(right.weights[1], 1, kTol);
  Stencil left2 = oneSidedStencil(1, 2, Side::Left);
  EXPECT_EQ(left2.offsets, (std::vector<double>{-2, -1, 0}));
  EXPECT_NEAR(left2.weights[0], 0.5, kTol);
  EXPECT_NEAR(left2.weights[1], -2, kTol);
  EXPECT_NEAR(left2.weights[2], 1.5, kTol);
}

TEST(Fornberg, ExactOnPolynomialsUpToDesignDegree) {
  // A stencil with n points is exact for polynomials of degree < n, at any
  // evaluation point and with arbitrary (here half-integer) offsets.
  for (int accuracy = 2; accuracy <= 16; accuracy += 2) {
    for (int derivOrder : {1, 2}) {
      for (bool staggered : {false, true}) {
        if (staggered && derivOrder == 2)
          continue;
        Stencil s = staggered ? staggeredStencil(accuracy) : centeredStencil(derivOrder, accuracy);
        int degreeMax = static_cast<int>(s.offsets.size()) - 1;
        for (int degree = 0; degree <= degreeMax; ++degree) {
          double approx = 0;
          for (std::size_t i = 0; i < s.offsets.size(); ++i)
            approx += s.weights[i] * std::pow(s.offsets[i] + 0.25, degree);
          // d^k/dx^k x^n at x = 0.25
          double exact = degree < derivOrder ? 0
                         : derivOrder == 1   ? degree * std::pow(0.25, degree - 1)
                                             : degree * (degree - 1) * std::pow(0.25, degree - 2);
          double scale = std::max(1.0, std::fabs(exact)) * std::pow(accuracy, degree);
          EXPECT_NEAR(approx, exact, 1e-13 * scale)
              << "accuracy " << accuracy << " deriv " << derivOrder << " degree " << degree;
        }
      }
    }
  }
}

TEST(Fornberg, ArbitraryPointsAndInvalidRequests) {
  std::vector<double> w = fornbergWeights(0, 0.5, {0, 1});
  EXPECT_NEAR(w[0], 0.5, kTol);
  EXPECT_NEAR(w[1], 0.5, kTol);
  EXPECT_TRUE(fornbergWeights(3, 0, {0, 1}).empty());
  EXPECT_TRUE(fornbergWeights(-1, 0, {0, 1}).empty());
  // Third derivative on 4 points: the classic (-1, 3, -3, 1).
  std::vector<double> third = fornbergWeights(3, 0, {0, 1, 2, 3});
  EXPECT_NEAR(third[0], -1, 1e-10);
  EXPECT_NEAR(third[1], 3, 1e-10);
  EXPECT_NEAR(third[2], -3, 1e-10);
  EXPECT_NEAR(third[3], 1, 1e-10);
}
