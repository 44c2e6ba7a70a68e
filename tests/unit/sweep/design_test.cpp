// engine/sweep/design: every variant from (spec, seed, index) alone; the designs' structure.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "sweep/design.hpp"
#include "sweep_support.hpp"

using namespace bftest;

namespace {

std::string two_ranges(const std::string& design, const std::string& extra = "") {
  return spec_head("99") + "design: " + design + "\nparameters:\n"
         "  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]" + extra + "}\n"
         "  - {path: transfers.cn-gauge.cost, range: [3 USD/t, 12 USD/t]" + extra + "}\n";
}

}  // namespace

TEST_CASE("sweep design: the keyed permutation is a bijection for any size", "[sweep][design]") {
  for (std::uint64_t n : {1ull, 2ull, 3ull, 7ull, 64ull, 100ull, 1000ull, 4097ull}) {
    std::set<std::uint64_t> seen;
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::uint64_t p = permute(i, n, 12345);
      CHECK(p < n);
      seen.insert(p);
    }
    CHECK(seen.size() == n);
  }
  CHECK(permute(5, 1000, 1) != permute(5, 1000, 2));  // the key matters (almost surely)
}

TEST_CASE("sweep design: the counter generator depends on seed and index only", "[sweep][design]") {
  CounterRng a(7, 3), b(7, 3), c(7, 4);
  const double x = a.uniform();
  CHECK(x == b.uniform());
  CHECK(x != c.uniform());
  CHECK(x >= 0);
  CHECK(x < 1);
}

TEST_CASE("sweep design: a Latin hypercube puts one draw in every stratum of every parameter", "[sweep][design]") {
  const SweepSpec spec = spec_from(two_ranges("{type: latin_hypercube, variants: 500}"));
  std::vector<std::set<std::uint64_t>> strata(2);
  std::vector<Draw> draws;
  for (std::uint64_t v = 0; v < 500; ++v) {
    draw_variant(spec, v, draws);
    for (std::size_t j = 0; j < 2; ++j) strata[j].insert(static_cast<std::uint64_t>(draws[j].u * 500));
  }
  CHECK(strata[0].size() == 500);
  CHECK(strata[1].size() == 500);
  // The same variant drawn twice is the same draw (resume, shards and ranks rely on it).
  std::vector<Draw> again;
  draw_variant(spec, 123, draws);
  draw_variant(spec, 123, again);
  CHECK(draws[0].u == again[0].u);
}

TEST_CASE("sweep design: a grid enumerates every combination, first parameter slowest", "[sweep][design]") {
  const SweepSpec spec = spec_from(spec_head() + "design: {type: grid}\nparameters:\n"
                                   "  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 3 Mt/yr], levels: 3}\n"
                                   "  - {path: crossings.cn-kp.status, values: [open, closed]}\n");
  REQUIRE(spec.variant_count == 6);
  std::vector<Draw> d;
  std::vector<std::pair<double, std::size_t>> seen;
  for (std::uint64_t v = 0; v < 6; ++v) {
    draw_variant(spec, v, d);
    seen.emplace_back(parameter_value(spec.parameters[0], d[0]), d[1].index);
  }
  const std::vector<std::pair<double, std::size_t>> expected = {{1e6, 0}, {1e6, 1}, {2e6, 0}, {2e6, 1}, {3e6, 0}, {3e6, 1}};
  CHECK(seen == expected);
}

TEST_CASE("sweep design: zip takes the i-th value of every list", "[sweep][design]") {
  const SweepSpec spec = spec_from(spec_head() + "design: {type: zip}\nparameters:\n"
                                   "  - {path: links.ru-kp-bridge-rail.capacity, values: [1 Mt/yr, 2 Mt/yr, 3 Mt/yr]}\n"
                                   "  - {path: crossings.cn-kp.status, values: [open, closed, open]}\n");
  REQUIRE(spec.variant_count == 3);
  std::vector<Draw> d;
  draw_variant(spec, 1, d);
  CHECK(parameter_value(spec.parameters[0], d[0]) == 2e6);
  CHECK(spec.parameters[1].labels[d[1].index] == "closed");
}

TEST_CASE("sweep design: Sobol variants come as A, B and A with one column from B", "[sweep][design]") {
  const SweepSpec spec = spec_from(two_ranges("{type: sobol, base_points: 8}"));
  REQUIRE(spec.variant_count == 8 * 4);
  std::vector<Draw> a, b, ab0, ab1;
  for (std::uint64_t n = 0; n < 8; ++n) {
    draw_variant(spec, n * 4 + 0, a);
    draw_variant(spec, n * 4 + 1, b);
    draw_variant(spec, n * 4 + 2, ab0);
    draw_variant(spec, n * 4 + 3, ab1);
    CHECK(ab0[0].u == b[0].u);
    CHECK(ab0[1].u == a[1].u);
    CHECK(ab1[0].u == a[0].u);
    CHECK(ab1[1].u == b[1].u);
    CHECK(design_position(spec, n * 4 + 3).group == n);
    CHECK(design_position(spec, n * 4 + 3).role == 3);
  }
  // Boost's sequence skips the all-zero point: the first point is (1/2, 1/2, ...).
  draw_variant(spec, 0, a);
  CHECK(a[0].u == 0.5);
}

TEST_CASE("sweep design: each Morris step moves exactly one parameter by Delta", "[sweep][design]") {
  const SweepSpec spec = spec_from(two_ranges("{type: morris, trajectories: 5, levels: 4}"));
  REQUIRE(spec.variant_count == 5 * 3);
  const double delta = morris_delta(4);
  CHECK(delta == Approx(2.0 / 3.0));
  std::vector<Draw> before, after;
  for (std::uint64_t t = 0; t < 5; ++t) {
    std::set<int> moved;
    for (std::uint64_t s = 1; s <= 2; ++s) {
      draw_variant(spec, t * 3 + s - 1, before);
      draw_variant(spec, t * 3 + s, after);
      const int changed = design_position(spec, t * 3 + s).changed;
      REQUIRE(changed >= 0);
      moved.insert(changed);
      for (int j = 0; j < 2; ++j) {
        if (j == changed) CHECK(after[static_cast<std::size_t>(j)].u - before[static_cast<std::size_t>(j)].u == Approx(delta));
        else CHECK(after[static_cast<std::size_t>(j)].u == before[static_cast<std::size_t>(j)].u);
      }
    }
    CHECK(moved.size() == 2);  // every parameter moves once per trajectory
  }
}

TEST_CASE("sweep design: distributions map [0, 1] onto the range", "[sweep][design]") {
  SweepParameter p;
  p.continuous = true;
  p.low = 10;
  p.high = 1000;
  p.distribution = Distribution::LogUniform;
  CHECK(parameter_value(p, {0.5, 0}) == Approx(100));
  p.distribution = Distribution::Triangular;
  p.mode = 10;
  CHECK(parameter_value(p, {0.0, 0}) == 10);
  CHECK(parameter_value(p, {1.0, 0}) == 1000);
  p.distribution = Distribution::Uniform;
  CHECK(parameter_value(p, {0.25, 0}) == Approx(257.5));
}
