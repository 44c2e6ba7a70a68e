#pragma once
// The MPI driver of `borderflow sweep run` (built when Open MPI or another MPI is found): block
// transport only. Rank 0 runs the sweep job like a single process does; once the job has opened
// or resumed the store it tells every rank which blocks are still to do, computes its own share
// on threads, receives the other ranks' blocks and hands all of them to the job in block order. Pending block i goes to rank i mod P;
// since a block's rows depend only on the spec and the block (sweep/model.hpp), the store ends
// with the same rows as a single-process run.
#include <cstdlib>
#include <string>

#include "sweep/job.hpp"
#include "sweep/model.hpp"
#include "sweep_progress.hpp"

namespace borderflow_cli {

/// Whether this process was started by an MPI launcher with more than one rank.
inline bool mpi_launched() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"}) {
    if (const char* v = std::getenv(name)) return std::atoi(v) > 1;
  }
  return false;
}

/// Runs the whole sweep over the ranks of MPI_COMM_WORLD; every rank calls it with the same
/// model and config (shard 1/1). Rank 0 runs the engine's sweep job (sweep/job.hpp) with a block
/// source that receives the other ranks' blocks; the others only compute and send. Returns the
/// exit code (exit_codes.hpp).
int run_sweep_mpi(const borderflow::SweepModel& model, const borderflow::SweepRunConfig& config,
                  ProgressReporter::Mode mode);

}  // namespace borderflow_cli
