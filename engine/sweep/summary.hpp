#pragma once
// Summaries of a sweep store, computed by streaming its rows (memory grows with the number of
// parameters and outputs, and with one column of values at a time, never with the whole table):
//  - per output and world: count, min, P10, P50, P90, max, mean (quantiles interpolate linearly
//    between order statistics, "type 7"); for text outputs (bottlenecks) the commonest values;
//  - per matched pair (each world against the first) and output with a direction: the share of
//    variants each world wins and the share of ties, and the distribution of the delta;
//  - sensitivities per output and world: standardised regression coefficients (any design;
//    with R^2), first-order and total Sobol indices (Sobol designs; Saltelli 2010 and Jansen 1999
//    estimators), Morris mu*, mu and sigma (Morris designs); parameters ranked by |SRC|, total
//    index or mu*.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace borderflow {

struct SummaryOptions {
  std::size_t top = 3;  ///< parameters printed per output in the ranked table (the CSV has all)
};

struct Summary {
  std::string text;             ///< the printed report
  std::string stats_csv;        ///< output,world,n,missing,min,p10,p50,p90,max,mean
  std::string wins_csv;         ///< output,world,reference,n,world_wins,reference_wins,ties,...
  std::string sensitivity_csv;  ///< output,world,parameter,rank,src,r2,s1,st,mu_star,mu,sigma
};

/// Summarises the store at `path`. Throws std::runtime_error when it is not a sweep store.
Summary summarize_store(const std::string& path, const SummaryOptions& options = {});

/// The P10-P90 band of one real output in one world of a store, for printing beside a point
/// value (`borderflow compare --bands`). Quantiles as in the summary (type 7).
struct OutputBand {
  std::string output;  ///< the store column: "capacity.<route>[.reverse]", "cost_per_t.<demand>", ...
  std::string world;   ///< the world's name
  std::string unit;
  std::uint64_t n = 0, missing = 0;  ///< variants with a value, and without
  double p10 = 0, p50 = 0, p90 = 0;
};
struct StoreBands {
  std::string sweep;                 ///< the spec's name
  std::string spec_file, spec_hash;  ///< the spec as the run was given it, and the digest of its inputs
  std::uint64_t variants = 0;        ///< the design's variant count
  std::uint64_t rows_ok = 0, rows_failed = 0;
  std::vector<OutputBand> bands;     ///< every real output and delta of every world, in column order
};
/// Reads the bands of every real output of the store at `path` (opened read-only, checked whole).
StoreBands store_bands(const std::string& path);

}  // namespace borderflow
