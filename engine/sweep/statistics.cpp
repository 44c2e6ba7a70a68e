#include "sweep/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace borderflow {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNaN;
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

SampleStats::SampleStats() : min(kNaN), p10(kNaN), p50(kNaN), p90(kNaN), max(kNaN), mean(kNaN) {}

SampleStats sample_stats(std::vector<double>& values, std::uint64_t rows) {
  SampleStats s;
  s.n = values.size();
  s.missing = rows - values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.min = values.front();
  s.max = values.back();
  s.p10 = quantile(values, 0.10);
  s.p50 = quantile(values, 0.50);
  s.p90 = quantile(values, 0.90);
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(values.size());
  return s;
}

Regression::Regression(std::size_t parameters)
    : d_(parameters), mean_(parameters + 1, 0.0), comoment_((parameters + 1) * (parameters + 1), 0.0) {}

void Regression::add(const std::vector<double>& x, double y) {
  const std::size_t m = d_ + 1;
  n_ += 1;
  delta_.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    const double z = i < d_ ? x[i] : y;
    delta_[i] = z - mean_[i];
    mean_[i] += delta_[i] / n_;
  }
  for (std::size_t i = 0; i < m; ++i) {
    const double z_i = i < d_ ? x[i] : y;
    const double after = z_i - mean_[i];
    for (std::size_t j = 0; j < m; ++j) comoment_[i * m + j] += delta_[j] * after;
  }
}

Regression::Fit Regression::fit() const {
  const std::size_t d = d_, m = d_ + 1;
  std::vector<double> out(d, kNaN);
  const double syy = comoment_[d * m + d];
  if (n_ < 3 || !(syy > 0)) return {out, kNaN};
  std::vector<std::size_t> used;
  for (std::size_t i = 0; i < d; ++i) {
    if (comoment_[i * m + i] > 1e-12 * std::max(1.0, std::abs(mean_[i] * mean_[i]) * n_)) used.push_back(i);
  }
  const std::size_t k = used.size();
  if (k == 0) return {out, 0.0};
  // Solve R_xx SRC = r_xy by Gauss-Jordan elimination with partial pivoting.
  std::vector<double> a(k * (k + 1));
  std::vector<double> scale(k);
  for (std::size_t r = 0; r < k; ++r) scale[r] = std::sqrt(comoment_[used[r] * m + used[r]]);
  const double sy = std::sqrt(syy);
  for (std::size_t r = 0; r < k; ++r) {
    for (std::size_t c = 0; c < k; ++c) a[r * (k + 1) + c] = comoment_[used[r] * m + used[c]] / (scale[r] * scale[c]);
    a[r * (k + 1) + k] = comoment_[used[r] * m + d] / (scale[r] * sy);
  }
  for (std::size_t col = 0; col < k; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < k; ++r) {
      if (std::abs(a[r * (k + 1) + col]) > std::abs(a[pivot * (k + 1) + col])) pivot = r;
    }
    if (std::abs(a[pivot * (k + 1) + col]) < 1e-12) continue;  // collinear: leave this coefficient at 0
    if (pivot != col) {
      for (std::size_t c = 0; c <= k; ++c) std::swap(a[col * (k + 1) + c], a[pivot * (k + 1) + c]);
    }
    for (std::size_t r = 0; r < k; ++r) {
      if (r == col) continue;
      const double f = a[r * (k + 1) + col] / a[col * (k + 1) + col];
      for (std::size_t c = col; c <= k; ++c) a[r * (k + 1) + c] -= f * a[col * (k + 1) + c];
    }
  }
  double r2 = 0;
  for (std::size_t r = 0; r < k; ++r) {
    const double diag = a[r * (k + 1) + r];
    const double b = std::abs(diag) < 1e-12 ? 0.0 : a[r * (k + 1) + k] / diag;
    out[used[r]] = b;
    r2 += b * (comoment_[used[r] * m + d] / (scale[r] * sy));
  }
  return {out, r2};
}

SobolAccumulator::SobolAccumulator(std::size_t parameters) : first_(parameters, 0.0), total_(parameters, 0.0) {}

void SobolAccumulator::add(double f_a, double f_b, const std::vector<double>& f_ab) {
  if (std::isnan(f_a) || std::isnan(f_b)) return;
  for (std::size_t i = 0; i < first_.size(); ++i) {
    if (std::isnan(f_ab[i])) return;
  }
  groups_ += 1;
  for (double f : {f_a, f_b}) {
    count_ += 1;
    const double delta = f - mean_;
    mean_ += delta / count_;
    m2_ += delta * (f - mean_);
  }
  for (std::size_t i = 0; i < first_.size(); ++i) {
    first_[i] += f_b * (f_ab[i] - f_a);
    total_[i] += (f_a - f_ab[i]) * (f_a - f_ab[i]);
  }
}

SobolAccumulator::Indices SobolAccumulator::indices() const {
  const std::size_t d = first_.size();
  Indices out{std::vector<double>(d, kNaN), std::vector<double>(d, kNaN)};
  const double v = count_ > 1 ? m2_ / (count_ - 1) : kNaN;
  if (groups_ > 0 && v > 0) {
    for (std::size_t i = 0; i < d; ++i) {
      out.first[i] = first_[i] / groups_ / v;
      out.total[i] = total_[i] / (2 * groups_) / v;
    }
  }
  return out;
}

MorrisAccumulator::MorrisAccumulator(std::size_t parameters)
    : n_(parameters, 0.0), abs_sum_(parameters, 0.0), sum_(parameters, 0.0), sum2_(parameters, 0.0) {}

void MorrisAccumulator::add(std::size_t parameter, double effect) {
  n_[parameter] += 1;
  abs_sum_[parameter] += std::abs(effect);
  sum_[parameter] += effect;
  sum2_[parameter] += effect * effect;
}

MorrisAccumulator::Measures MorrisAccumulator::measures() const {
  const std::size_t d = n_.size();
  Measures out{std::vector<double>(d, kNaN), std::vector<double>(d, kNaN), std::vector<double>(d, kNaN)};
  for (std::size_t i = 0; i < d; ++i) {
    if (n_[i] < 1) continue;
    out.mu_star[i] = abs_sum_[i] / n_[i];
    out.mu[i] = sum_[i] / n_[i];
    out.sigma[i] = n_[i] > 1 ? std::sqrt(std::max(0.0, (sum2_[i] - sum_[i] * sum_[i] / n_[i]) / (n_[i] - 1))) : kNaN;
  }
  return out;
}

}  // namespace borderflow
