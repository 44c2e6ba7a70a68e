#include "core/module.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/diagnostic.hpp"

namespace borderflow {
namespace {

namespace fs = std::filesystem;

/// The folders a module is looked for in, in order (see the header).
std::vector<std::string> module_folders() {
  if (const char* dir = std::getenv(kModuleDirVariable); dir && *dir) return {dir};
  std::vector<std::string> out;
  std::error_code ignored;
  const fs::path executable = fs::read_symlink("/proc/self/exe", ignored);
  if (!executable.empty()) out.push_back(executable.parent_path().string());
#ifdef BORDERFLOW_MODULE_BUILD_DIR
  if (out.empty() || out.front() != BORDERFLOW_MODULE_BUILD_DIR) out.push_back(BORDERFLOW_MODULE_BUILD_DIR);
#endif
  return out;
}

}  // namespace

void throw_module_failure(const std::string& message) { throw EnvironmentError(message); }

const void* load_module(const ModuleSpec& spec) {
  std::string tried;
  for (const std::string& folder : module_folders()) {
    const std::string file = (fs::path(folder) / spec.file).string();
    // RTLD_NOW: a missing symbol fails here, with a message, not in the middle of a write.
    // RTLD_LOCAL (unless asked otherwise): the module's libraries stay out of the executable's
    // symbol lookups.
    void* handle = ::dlopen(file.c_str(), RTLD_NOW | (spec.global_symbols ? RTLD_GLOBAL : RTLD_LOCAL));
    if (!handle) {
      const char* why = ::dlerror();
      tried += "\n  " + (why ? std::string(why) : file + ": not loaded");
      continue;
    }
    using EntryPoint = const void* (*)();
    auto entry = reinterpret_cast<EntryPoint>(::dlsym(handle, spec.entry_point));
    const void* table = entry ? entry() : nullptr;
    int version = 0;
    if (table) std::memcpy(&version, table, sizeof version);  // the table's first member
    if (!table || version != spec.interface_version) {
      // Another build's module: its types may differ from ours, so it is not used at all.
      tried += "\n  " + file + ": " +
               (entry ? "built for interface " + std::to_string(version) + ", this borderflow needs " +
                            std::to_string(spec.interface_version)
                      : std::string("no ") + spec.entry_point);
      ::dlclose(handle);
      continue;
    }
    return table;
  }
  throw EnvironmentError(spec.purpose + " could not be loaded; tried:" + tried +
                         "\nit is built beside the borderflow executable; " + kModuleDirVariable +
                         " names another folder to look in");
}

}  // namespace borderflow
