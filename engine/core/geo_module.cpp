#include "core/geo_module.hpp"

#include "core/diagnostic.hpp"
#include "core/module.hpp"

namespace borderflow::geo {

const Module& module() {
  // Loaded once, on the first call (a function-local static: thread-safe); a failure is thrown
  // again on every call, with the same message.
  static const struct Loaded {
    const Module* module = nullptr;
    std::string failure;
  } loaded = [] {
    ModuleSpec spec;
    spec.file = kModuleFile;
    spec.entry_point = kEntryPoint;
    spec.interface_version = kInterfaceVersion;
    spec.purpose = std::string("the GIS module (") + kModuleFile + ": GDAL/OGR, librsvg, cairo) this command needs";
    try {
      return Loaded{static_cast<const Module*>(load_module(spec)), {}};
    } catch (const EnvironmentError& e) {
      return Loaded{nullptr, e.what()};
    }
  }();
  if (!loaded.module) throw EnvironmentError(loaded.failure);
  return *loaded.module;
}

}  // namespace borderflow::geo
