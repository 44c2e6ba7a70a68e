#pragma once
// The MPI transport module (libborderflow_mpi.so, tools/borderflow/mpi_module.cpp): the few MPI
// calls `sweep run --mpi` makes, behind a table of plain functions, in a shared library loaded
// (core/module.hpp) only when a sweep runs under MPI.
//
// Why: linked into the executable, Open MPI and its runtime (open-pal, open-rte, hwloc, libevent,
// udev) cost every command about 3 ms of CPU in dynamic loading before main (a program linking
// only them: 2.7 ms against 0.8 ms for one linking nothing), and a machine without Open MPI could
// not start borderflow at all. The sweep's logic (which rank computes what, the block messages,
// the store) stays in sweep_mpi.cpp; the module only moves bytes. The interface has only ints,
// sizes and pointers, so the module needs none of the engine's types.
#include <cstdint>

namespace borderflow_cli::mpi {

/// Bumped whenever the table changes: a module of another build is refused, not misread.
inline constexpr int kInterfaceVersion = 1;
inline constexpr const char* kModuleFile = "libborderflow_mpi.so";
/// The module's one exported symbol: extern "C" const Module* borderflow_mpi_module().
inline constexpr const char* kEntryPoint = "borderflow_mpi_module";

/// Every call is on MPI_COMM_WORLD, by the thread that called init (MPI_THREAD_FUNNELED).
struct Module {
  int interface_version = 0;
  /// MPI_Init_thread (funnelled); this process's rank and the number of ranks.
  void (*init)(int* rank, int* size) = nullptr;
  void (*finalize)() = nullptr;
  /// MPI_Abort: ends every rank with `code`.
  void (*abort)(int code) = nullptr;
  /// MPI_Bcast of `bytes` bytes from `root` (at most INT_MAX).
  void (*broadcast)(void* data, std::uint64_t bytes, int root) = nullptr;
  /// Starts a non-blocking send of `bytes` bytes (which must stay alive until it completes) to
  /// `rank` with `tag`; returns its handle for send_done.
  int (*send_start)(const void* data, std::uint64_t bytes, int rank, int tag) = nullptr;
  /// Whether the send has completed (MPI_Test). Once it says so the handle is spent: a later
  /// send_start may return it again.
  bool (*send_done)(int handle) = nullptr;
  /// The size in bytes of a message from `rank` with `tag` waiting to be received, or -1 when
  /// none has arrived (MPI_Iprobe).
  std::int64_t (*waiting)(int rank, int tag) = nullptr;
  /// Receives the waiting message of `bytes` bytes from `rank` with `tag` (MPI_Recv).
  void (*receive)(void* data, std::uint64_t bytes, int rank, int tag) = nullptr;
};

/// The module, loaded on the first call (never unloaded). EnvironmentError
/// (core/diagnostic.hpp) when it cannot be: "the MPI module ... could not be loaded: FILE: why".
const Module& module();

}  // namespace borderflow_cli::mpi
