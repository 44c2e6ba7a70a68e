#include "sweep/design.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/random/sobol.hpp>

namespace borderflow {

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

CounterRng::CounterRng(std::uint64_t seed, std::uint64_t a, std::uint64_t b)
    : state_(mix64(mix64(mix64(seed) ^ a) ^ (b * 0xd1b54a32d192ed03ull))) {}

std::uint64_t CounterRng::next() {
  state_ += 0x9e3779b97f4a7c15ull;
  std::uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

double CounterRng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::uint64_t permute(std::uint64_t i, std::uint64_t n, std::uint64_t key) {
  if (n <= 1) return 0;
  // Smallest even bit width with 2^bits >= n; a balanced Feistel network permutes [0, 2^bits),
  // and cycle walking maps the result back into [0, n) (expected < 4 rounds since 2^bits < 4n).
  int bits = 0;
  while (bits < 64 && (std::uint64_t{1} << bits) < n) ++bits;
  if (bits % 2) ++bits;
  const int half = bits / 2;
  const std::uint64_t mask = half >= 64 ? ~0ull : (std::uint64_t{1} << half) - 1;
  std::uint64_t x = i;
  do {
    std::uint64_t left = x >> half;
    std::uint64_t right = x & mask;
    for (std::uint64_t round = 0; round < 4; ++round) {
      const std::uint64_t f = mix64(key ^ mix64(right ^ (round << 58))) & mask;
      const std::uint64_t next = left ^ f;
      left = right;
      right = next;
    }
    x = (left << half) | right;
  } while (x >= n);
  return x;
}

double morris_delta(int levels) { return static_cast<double>(levels) / (2.0 * (levels - 1)); }

DesignPosition design_position(const SweepSpec& spec, std::uint64_t variant) {
  DesignPosition position;
  const std::uint64_t d = spec.parameters.size();
  if (spec.design == DesignType::Sobol) {
    position.group = variant / (d + 2);
    position.role = variant % (d + 2);
  } else if (spec.design == DesignType::Morris) {
    position.group = variant / (d + 1);
    position.role = variant % (d + 1);
    if (position.role > 0) {
      // The order in which the trajectory moves the parameters (same stream as draw_variant).
      CounterRng rng(spec.seed, position.group, 1);
      std::vector<int> order(d);
      std::iota(order.begin(), order.end(), 0);
      for (std::size_t k = d; k > 1; --k) std::swap(order[k - 1], order[rng.next() % k]);
      position.changed = order[position.role - 1];
    }
  } else {
    position.group = variant;
  }
  return position;
}

namespace {

std::size_t index_of(double u, std::size_t count) {
  const auto i = static_cast<std::size_t>(std::floor(u * static_cast<double>(count)));
  return std::min(i, count - 1);
}

}  // namespace

void draw_variant(const SweepSpec& spec, std::uint64_t variant, std::vector<Draw>& draws) {
  const std::size_t d = spec.parameters.size();
  draws.assign(d, Draw{});
  auto set_unit = [&](std::size_t j, double u) {
    draws[j].u = u;
    const auto& p = spec.parameters[j];
    if (!p.continuous) draws[j].index = index_of(u, p.value_count());
  };
  switch (spec.design) {
    case DesignType::Grid: {
      std::uint64_t rest = variant;
      for (std::size_t j = d; j-- > 0;) {
        const auto& p = spec.parameters[j];
        const std::uint64_t levels =
            p.continuous ? static_cast<std::uint64_t>(p.levels > 0 ? p.levels : spec.default_levels) : p.value_count();
        const std::uint64_t k = rest % levels;
        rest /= levels;
        draws[j].index = static_cast<std::size_t>(k);
        draws[j].u = levels > 1 ? static_cast<double>(k) / static_cast<double>(levels - 1) : 0.5;
      }
      break;
    }
    case DesignType::Zip:
      for (std::size_t j = 0; j < d; ++j) draws[j].index = static_cast<std::size_t>(variant);
      break;
    case DesignType::Random: {
      CounterRng rng(spec.seed, variant);
      for (std::size_t j = 0; j < d; ++j) set_unit(j, rng.uniform());
      break;
    }
    case DesignType::LatinHypercube: {
      const std::uint64_t n = spec.design_size;
      CounterRng rng(spec.seed, variant);
      for (std::size_t j = 0; j < d; ++j) {
        const std::uint64_t stratum = permute(variant, n, mix64(spec.seed ^ mix64(j + 0x1234567ull)));
        set_unit(j, (static_cast<double>(stratum) + rng.uniform()) / static_cast<double>(n));
      }
      break;
    }
    case DesignType::Sobol: {
      const DesignPosition pos = design_position(spec, variant);
      // Point pos.group + 1 of the sequence: Boost skips the all-zero first point.
      boost::random::sobol_engine<std::uint64_t, 64> sobol(2 * d);
      sobol.seed(pos.group);
      std::vector<double> point(2 * d);
      for (auto& x : point) x = static_cast<double>(sobol() >> 11) * 0x1.0p-53;
      for (std::size_t j = 0; j < d; ++j) {
        double u = point[j];  // A
        if (pos.role == 1 || (pos.role >= 2 && pos.role - 2 == j)) u = point[d + j];  // B
        set_unit(j, u);
      }
      break;
    }
    case DesignType::Morris: {
      const DesignPosition pos = design_position(spec, variant);
      const int p = spec.morris_levels;
      const double delta = morris_delta(p);
      // Start levels 0 .. p/2 - 1 so that start + delta stays within [0, 1].
      CounterRng start(spec.seed, pos.group, 0);
      std::vector<double> x(d);
      for (std::size_t j = 0; j < d; ++j) {
        const std::uint64_t level = start.next() % static_cast<std::uint64_t>(p / 2);
        x[j] = static_cast<double>(level) / (p - 1);
      }
      CounterRng order_rng(spec.seed, pos.group, 1);
      std::vector<int> order(d);
      std::iota(order.begin(), order.end(), 0);
      for (std::size_t k = d; k > 1; --k) std::swap(order[k - 1], order[order_rng.next() % k]);
      for (std::uint64_t s = 0; s < pos.role; ++s) x[static_cast<std::size_t>(order[s])] += delta;
      for (std::size_t j = 0; j < d; ++j) set_unit(j, std::min(1.0, x[j]));
      break;
    }
  }
}

double parameter_value(const SweepParameter& p, const Draw& draw) {
  if (!p.continuous) return p.text ? static_cast<double>(draw.index) : p.numbers[draw.index];
  const double u = std::clamp(draw.u, 0.0, 1.0);
  double value = p.low;
  switch (p.distribution) {
    case Distribution::Uniform: value = p.low + u * (p.high - p.low); break;
    case Distribution::LogUniform: value = std::exp(std::log(p.low) + u * (std::log(p.high) - std::log(p.low))); break;
    case Distribution::Triangular: {
      const double width = p.high - p.low;
      if (width <= 0) break;
      const double split = (p.mode - p.low) / width;
      value = u < split ? p.low + std::sqrt(u * width * (p.mode - p.low))
                        : p.high - std::sqrt((1 - u) * width * (p.high - p.mode));
      break;
    }
  }
  return std::clamp(value, p.low, p.high);
}

}  // namespace borderflow
