// libFuzzer target over the sweep store reader: arbitrary bytes as a SQLite store file, then the
// two read paths a user runs on a store someone handed them, `sweep summarize` and `sweep export`,
// through their public functions. A store that is not one (or is damaged) must give a
// std::runtime_error (the CLI's "not a sweep store", "database disk image is malformed", ...);
// any other outcome is a bug: a crash, a sanitizer report, a hang, or another exception.
//
// Every file the target writes (the store, SQLite's -wal/-shm/-journal, the lock, the CSV and its
// temporary) lives in one folder made with mkdtemp under the system's temporary folder, emptied
// after each input and removed at exit: the paths handed to the engine are all inside it, and
// SQLite and the CSV writer only ever create files beside the path they are given.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "sweep/store.hpp"
#include "sweep/summary.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path& work_folder() {
  static const fs::path folder = [] {
    std::string pattern = (fs::temp_directory_path() / "borderflow-store-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::perror("store_fuzzer: mkdtemp");
      std::abort();
    }
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(work_folder(), ignored);
    });
    return fs::path(pattern);
  }();
  return folder;
}

void empty_folder(const fs::path& folder) {
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(folder, ignored)) fs::remove_all(entry.path(), ignored);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path& folder = work_folder();
  const std::string store = (folder / "store.sqlite").string();
  {
    std::ofstream out(store, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) std::abort();
  }
  try {
    (void)borderflow::summarize_store(store);
  } catch (const std::runtime_error&) {
  }
  try {
    (void)borderflow::export_csv(store, (folder / "rows.csv").string());
  } catch (const std::runtime_error&) {
  }
  empty_folder(folder);
  return 0;
}
