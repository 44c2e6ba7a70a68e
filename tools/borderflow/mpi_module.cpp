// libborderflow_mpi.so: the MPI calls of mpi_module.hpp. Links Open MPI; nothing of the engine.
#include "mpi_module.hpp"

#include <mpi.h>

#include <climits>
#include <vector>

namespace borderflow_cli::mpi {
namespace {

// Sends in flight by handle; a completed one's slot is reused (sweep_mpi.cpp keeps a few).
std::vector<MPI_Request> requests;

int as_count(std::uint64_t bytes) { return bytes > static_cast<std::uint64_t>(INT_MAX) ? INT_MAX : static_cast<int>(bytes); }

void init(int* rank, int* size) {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, rank);
  MPI_Comm_size(MPI_COMM_WORLD, size);
}

void finalize() { MPI_Finalize(); }

void abort_all(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

void broadcast(void* data, std::uint64_t bytes, int root) { MPI_Bcast(data, as_count(bytes), MPI_BYTE, root, MPI_COMM_WORLD); }

int send_start(const void* data, std::uint64_t bytes, int rank, int tag) {
  std::size_t slot = 0;
  while (slot < requests.size() && requests[slot] != MPI_REQUEST_NULL) ++slot;
  if (slot == requests.size()) requests.push_back(MPI_REQUEST_NULL);
  MPI_Isend(data, as_count(bytes), MPI_BYTE, rank, tag, MPI_COMM_WORLD, &requests[slot]);
  return static_cast<int>(slot);
}

bool send_done(int handle) {
  MPI_Request& request = requests[static_cast<std::size_t>(handle)];
  if (request == MPI_REQUEST_NULL) return true;
  int complete = 0;
  MPI_Test(&request, &complete, MPI_STATUS_IGNORE);  // sets it to MPI_REQUEST_NULL when complete
  return complete != 0;
}

std::int64_t waiting(int rank, int tag) {
  int arrived = 0;
  MPI_Status status;
  MPI_Iprobe(rank, tag, MPI_COMM_WORLD, &arrived, &status);
  if (!arrived) return -1;
  int bytes = 0;
  MPI_Get_count(&status, MPI_BYTE, &bytes);
  return bytes;
}

void receive(void* data, std::uint64_t bytes, int rank, int tag) {
  MPI_Recv(data, as_count(bytes), MPI_BYTE, rank, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

const Module kModule{kInterfaceVersion, init, finalize, abort_all, broadcast, send_start, send_done, waiting, receive};

}  // namespace
}  // namespace borderflow_cli::mpi

extern "C" __attribute__((visibility("default"))) const borderflow_cli::mpi::Module* borderflow_mpi_module() {
  return &borderflow_cli::mpi::kModule;
}
