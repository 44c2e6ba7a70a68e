#include "core/geo_module.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/diagnostic.hpp"

namespace borderflow::geo {
namespace {

namespace fs = std::filesystem;

/// The folders the module is looked for in, in order (see the header).
std::vector<std::string> module_folders() {
  if (const char* dir = std::getenv(kModuleDirVariable); dir && *dir) return {dir};
  std::vector<std::string> out;
  std::error_code ignored;
  const fs::path executable = fs::read_symlink("/proc/self/exe", ignored);
  if (!executable.empty()) out.push_back(executable.parent_path().string());
#ifdef BORDERFLOW_GEO_MODULE_BUILD_DIR
  if (out.empty() || out.front() != BORDERFLOW_GEO_MODULE_BUILD_DIR) out.push_back(BORDERFLOW_GEO_MODULE_BUILD_DIR);
#endif
  return out;
}

struct Loaded {
  const Module* module = nullptr;
  std::string failure;  ///< why it could not be loaded, when module is null
};

Loaded load() {
  std::string tried;
  for (const std::string& folder : module_folders()) {
    const std::string file = (fs::path(folder) / kModuleFile).string();
    // RTLD_NOW: a missing symbol of GDAL fails here, with a message, not in the middle of a
    // write. RTLD_LOCAL: the module's libraries stay out of the executable's symbol lookups.
    void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* why = ::dlerror();
      tried += "\n  " + (why ? std::string(why) : file + ": not loaded");
      continue;
    }
    using EntryPoint = const Module* (*)();
    auto entry = reinterpret_cast<EntryPoint>(::dlsym(handle, kEntryPoint));
    const Module* module = entry ? entry() : nullptr;
    if (!module || module->interface_version != kInterfaceVersion) {
      // Another build's module: its types may differ from ours, so it is not used at all.
      tried += "\n  " + file + ": " +
               (entry ? "built for interface " + std::to_string(module ? module->interface_version : 0) +
                            ", this borderflow needs " + std::to_string(kInterfaceVersion)
                      : std::string("no ") + kEntryPoint);
      ::dlclose(handle);
      continue;
    }
    return {module, {}};
  }
  return {nullptr, std::string("the GIS module (") + kModuleFile +
                       ": GDAL/OGR, librsvg, cairo) this command needs could not be loaded; tried:" + tried +
                       "\nit is built beside the borderflow executable; " + kModuleDirVariable +
                       " names another folder to look in"};
}

}  // namespace

const Module& module() {
  static const Loaded loaded = load();
  if (!loaded.module) throw EnvironmentError(loaded.failure);
  return *loaded.module;
}

}  // namespace borderflow::geo
