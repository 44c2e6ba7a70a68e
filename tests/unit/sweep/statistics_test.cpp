// engine/sweep/statistics: each estimator alone, against values computed by hand in the comments.
#include <catch2/catch.hpp>

#include <cmath>

#include "sweep/statistics.hpp"

using namespace borderflow;

TEST_CASE("statistics: quantiles interpolate between order statistics (type 7)", "[sweep][statistics]") {
  const std::vector<double> sorted = {1, 2, 3, 4};
  // h = (n - 1) p = 3 p: p10 -> h 0.3 -> 1 + 0.3 (2 - 1); p50 -> h 1.5; p90 -> h 2.7.
  CHECK(quantile(sorted, 0.10) == Approx(1.3));
  CHECK(quantile(sorted, 0.50) == Approx(2.5));
  CHECK(quantile(sorted, 0.90) == Approx(3.7));
  CHECK(quantile(sorted, 0.0) == 1);
  CHECK(quantile(sorted, 1.0) == 4);
  CHECK(quantile({5}, 0.9) == 5);
  CHECK(std::isnan(quantile({}, 0.5)));
}

TEST_CASE("statistics: a sample's distribution counts the rows without a value", "[sweep][statistics]") {
  std::vector<double> values = {4, 1, 3, 2};
  const SampleStats s = sample_stats(values, 6);
  CHECK(s.n == 4);
  CHECK(s.missing == 2);
  CHECK(s.min == 1);
  CHECK(s.max == 4);
  CHECK(s.p10 == Approx(1.3));
  CHECK(s.p50 == Approx(2.5));
  CHECK(s.p90 == Approx(3.7));
  CHECK(s.mean == Approx(2.5));
  CHECK_FALSE(s.constant());

  std::vector<double> same = {7, 7, 7};
  CHECK(sample_stats(same, 3).constant());
  std::vector<double> none;
  const SampleStats empty = sample_stats(none, 2);
  CHECK(empty.constant());
  CHECK(empty.missing == 2);
  CHECK(std::isnan(empty.mean));
}

TEST_CASE("statistics: standardised regression coefficients and R2", "[sweep][statistics]") {
  SECTION("an exact fit on uncorrelated inputs") {
    // y = 3 x1 + x2 on a 2x2 factorial: S_x1x1 = S_x2x2 = 4, S_yy = 16 + 4 + 4 + 16 = 40, so
    // SRC1 = 3 sqrt(4 / 40) = 0.9487, SRC2 = sqrt(4 / 40) = 0.3162, R2 = 0.9 + 0.1 = 1.
    // The third input never varies: no coefficient.
    Regression regression(3);
    const double x1[] = {-1, 1, -1, 1}, x2[] = {-1, -1, 1, 1};
    for (int i = 0; i < 4; ++i) regression.add({x1[i], x2[i], 5.0}, 3 * x1[i] + x2[i]);
    const Regression::Fit fit = regression.fit();
    CHECK(fit.src[0] == Approx(6 / std::sqrt(40.0)));
    CHECK(fit.src[1] == Approx(2 / std::sqrt(40.0)));
    CHECK(std::isnan(fit.src[2]));
    CHECK(fit.r2 == Approx(1.0));
  }
  SECTION("one noisy input: SRC is the correlation, R2 its square") {
    // x = 1..4, y = 1, 3, 2, 4: S_xy = 2.25 - 0.25 - 0.25 + 2.25 = 4, S_xx = S_yy = 5, r = 0.8.
    Regression regression(1);
    const double y[] = {1, 3, 2, 4};
    for (int i = 0; i < 4; ++i) regression.add({static_cast<double>(i + 1)}, y[i]);
    const Regression::Fit fit = regression.fit();
    CHECK(fit.src[0] == Approx(0.8));
    CHECK(fit.r2 == Approx(0.64));
  }
  SECTION("too few observations or a constant output give no fit") {
    Regression two(1);
    two.add({1.0}, 1.0);
    two.add({2.0}, 3.0);
    CHECK(std::isnan(two.fit().r2));
    CHECK(std::isnan(two.fit().src[0]));
    Regression flat(1);
    for (int i = 0; i < 5; ++i) flat.add({static_cast<double>(i)}, 2.0);
    CHECK(std::isnan(flat.fit().r2));
  }
}

TEST_CASE("statistics: Sobol indices by the Saltelli and Jansen estimators", "[sweep][statistics]") {
  // f(x) = x1 with d = 2, so f(A) = a1, f(B) = b1, f(A_B^1) = b1, f(A_B^2) = a1.
  // Groups (a1, b1) = (0,1), (1,0), (0,0), (1,1): the eight f values 0,1,1,0,0,0,1,1 have
  // variance 8 (1/4) / 7 = 2/7. S1_1 sums f(B)(f(A_B^1) - f(A)) = 1 + 0 + 0 + 0 over 4 groups,
  // ST_1 sums (f(A) - f(A_B^1))^2 = 1 + 1 + 0 + 0 over 2 x 4: both (1/4) / (2/7) = 7/8.
  // x2 never changes f: both indices 0.
  SobolAccumulator sobol(2);
  CHECK(std::isnan(sobol.indices().first[0]));
  const double a[] = {0, 1, 0, 1}, b[] = {1, 0, 0, 1};
  for (int g = 0; g < 4; ++g) sobol.add(a[g], b[g], {b[g], a[g]});
  sobol.add(0, 1, {std::nan(""), 0});  // a group with a failed variant is skipped whole
  const auto indices = sobol.indices();
  CHECK(indices.first[0] == Approx(0.875));
  CHECK(indices.total[0] == Approx(0.875));
  CHECK(indices.first[1] == Approx(0.0).margin(1e-12));
  CHECK(indices.total[1] == Approx(0.0).margin(1e-12));
}

TEST_CASE("statistics: Morris mu*, mu and sigma of elementary effects", "[sweep][statistics]") {
  // Parameter 0: effects 2 and -4: mu* = 3, mu = -1, sigma = sqrt((3^2 + 3^2) / 1) = sqrt(18).
  // Parameter 1: one effect 1: sigma undefined. Parameter 2: no effect at all.
  MorrisAccumulator morris(3);
  morris.add(0, 2);
  morris.add(0, -4);
  morris.add(1, 1);
  const auto m = morris.measures();
  CHECK(m.mu_star[0] == Approx(3));
  CHECK(m.mu[0] == Approx(-1));
  CHECK(m.sigma[0] == Approx(std::sqrt(18.0)));
  CHECK(m.mu_star[1] == Approx(1));
  CHECK(std::isnan(m.sigma[1]));
  CHECK(std::isnan(m.mu_star[2]));
  CHECK(std::isnan(m.mu[2]));
}
