#pragma once
// Statistics of sweep outputs, each usable and tested alone (summary.cpp streams a store's rows
// into them). All accumulators are online: memory grows with the parameter count, not the rows.
//
//  quantile(sorted, p)  type 7 of Hyndman & Fan (1996): h = (n - 1) p, linear interpolation
//                       between the order statistics x_(floor h) and x_(floor h + 1).
//  Regression           standardised regression coefficients of y on x_1..x_d:
//                       SRC_i = b_i s_i / s_y, from the normal equations on the correlation matrix
//                       (R_xx SRC = r_xy), and R^2 = sum_i SRC_i r_{x_i y}. Co-moments are updated
//                       one observation at a time (Welford), so no row is kept.
//  SobolAccumulator     from groups f(A), f(B), f(A_B^i) (A with column i taken from B), with
//                       V the variance of every f(A) and f(B):
//                         S1_i = mean[ f(B) (f(A_B^i) - f(A)) ] / V        (Saltelli et al. 2010)
//                         ST_i = mean[ (f(A) - f(A_B^i))^2 ] / (2 V)       (Jansen 1999)
//  MorrisAccumulator    elementary effects EE_i of a parameter: mu* = mean |EE_i|, mu = mean EE_i,
//                       sigma = sample standard deviation of EE_i (Morris 1991; Campolongo 2007).
// Undefined results (too few observations, no variance) are NaN.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace borderflow {

/// Quantile p in [0, 1] of ascending `sorted` (type 7); NaN when empty.
double quantile(const std::vector<double>& sorted, double p);

/// The distribution of one output over the rows it was read from.
struct SampleStats {
  std::uint64_t n = 0;        ///< values present
  std::uint64_t missing = 0;  ///< rows without a value
  double min, p10, p50, p90, max, mean;
  SampleStats();
  /// No values, or every value equal.
  bool constant() const { return n == 0 || min == max; }
};

/// Describes `values` (the present values among `rows` rows); sorts `values` in place.
SampleStats sample_stats(std::vector<double>& values, std::uint64_t rows);

/// Online linear regression of y on `parameters` inputs; see the file comment.
class Regression {
 public:
  explicit Regression(std::size_t parameters = 0);
  /// One observation; `x` holds one value per parameter.
  void add(const std::vector<double>& x, double y);

  struct Fit {
    std::vector<double> src;  ///< per parameter; NaN for a parameter without variance
    double r2;                ///< NaN with fewer than 3 observations or constant y
  };
  /// Parameters without variance are left out of the system; collinear ones get 0.
  Fit fit() const;

 private:
  std::size_t d_;
  double n_ = 0;
  std::vector<double> mean_;      ///< d + 1: the x's, then y
  std::vector<double> comoment_;  ///< (d + 1)^2, row-major
  std::vector<double> delta_;     ///< scratch for add()
};

/// First-order and total Sobol indices of one output; see the file comment.
class SobolAccumulator {
 public:
  explicit SobolAccumulator(std::size_t parameters = 0);
  /// One group: f(A), f(B) and f(A_B^i) per parameter. A group with a NaN is skipped whole.
  void add(double f_a, double f_b, const std::vector<double>& f_ab);

  struct Indices {
    std::vector<double> first;  ///< S1 per parameter
    std::vector<double> total;  ///< ST per parameter
  };
  /// NaN everywhere until a group is added and the output varies.
  Indices indices() const;

 private:
  double groups_ = 0;
  double count_ = 0, mean_ = 0, m2_ = 0;  // variance of every f(A), f(B) (Welford)
  std::vector<double> first_, total_;     // sums per parameter
};

/// Morris screening measures of one output; see the file comment.
class MorrisAccumulator {
 public:
  explicit MorrisAccumulator(std::size_t parameters = 0);
  /// One elementary effect of `parameter`: the output change over the step, in units per unit range.
  void add(std::size_t parameter, double effect);

  struct Measures {
    std::vector<double> mu_star, mu, sigma;  ///< per parameter; NaN without effects (sigma: fewer than 2)
  };
  Measures measures() const;

 private:
  std::vector<double> n_, abs_sum_, sum_, sum2_;
};

}  // namespace borderflow
