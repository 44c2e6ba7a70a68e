#pragma once
// The MPI driver of `borderflow sweep run` (built when Open MPI or another MPI is found).
// Rank 0 owns the store: it opens or resumes it, tells every rank which blocks are still to do,
// computes its own share on threads, receives the other ranks' blocks and writes all of them in
// block order. Pending block i goes to rank i mod P; since a block's rows depend only on the spec
// and the block (sweep/model.hpp), the store ends with the same rows as a single-process run.
#include <cstdlib>
#include <string>

#include "sweep/model.hpp"
#include "sweep/runner.hpp"
#include "sweep_progress.hpp"

namespace borderflow_cli {

/// Whether this process was started by an MPI launcher with more than one rank.
inline bool mpi_launched() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"}) {
    if (const char* v = std::getenv(name)) return std::atoi(v) > 1;
  }
  return false;
}

struct MpiRun {
  std::string store;
  bool resume = false;
  int jobs = 0;  ///< per rank; 0 = the default (cores shared among the node's ranks)
  ProgressReporter::Mode progress = ProgressReporter::Mode::Lines;
  std::string version;
  std::string csv;
};

/// Runs the whole sweep over the ranks of MPI_COMM_WORLD; every rank calls it. Returns the exit code.
int run_sweep_mpi(const borderflow::SweepModel& model, const MpiRun& request);

}  // namespace borderflow_cli
