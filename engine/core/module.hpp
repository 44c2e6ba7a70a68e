#pragma once
// Plug-in modules: shared libraries of ours that the executable loads with dlopen only when a
// command needs them, so that the libraries behind them (GDAL and ~130 more for the GIS module,
// Open MPI and its runtime for the MPI transport) cost nothing to the commands that never call
// them. One finder and loader for all of them (core/geo_module.hpp and the CLI's MPI transport).
//
// Finding a module: $BORDERFLOW_MODULE_DIR when set (and then only there), else the executable's
// folder, else the build tree it was built in (unit tests run from elsewhere). A module exports
// one symbol, an extern "C" function returning a pointer to its table of entry points, whose
// first member is the int interface version of its build: a module of another build is refused
// rather than misread.
#include <exception>
#include <string>
#include <utility>

namespace borderflow {

inline constexpr const char* kModuleDirVariable = "BORDERFLOW_MODULE_DIR";

struct ModuleSpec {
  const char* file = nullptr;         ///< e.g. "libborderflow_geo.so"
  const char* entry_point = nullptr;  ///< its one exported function
  int interface_version = 0;          ///< what this build expects as the table's first int
  /// What the module is for, for the message when it cannot be loaded:
  /// "the GIS module (libborderflow_geo.so: GDAL/OGR, librsvg, cairo) this command needs".
  std::string purpose;
  /// RTLD_GLOBAL instead of RTLD_LOCAL: for a library that itself dlopens plug-ins needing its
  /// symbols (Open MPI's components).
  bool global_symbols = false;
};

/// Throws EnvironmentError(message): for loaded_module, which this header keeps free of
/// core/diagnostic.hpp.
[[noreturn]] void throw_module_failure(const std::string& message);

/// The module's table (what its entry point returned), loaded now and never unloaded; or
/// EnvironmentError (core/diagnostic.hpp): "PURPOSE could not be loaded; tried: FILE: why ...".
/// Not cached: callers keep the result (a function-local static), which makes them thread-safe.
const void* load_module(const ModuleSpec& spec);

/// The module whose table type is `Table`, loaded by the first call (a function-local static:
/// thread-safe) and never unloaded; a failure is thrown again, with the same message, on every
/// call. `make_spec` is called once.
template <class Table, class MakeSpec>
const Table& loaded_module(MakeSpec make_spec) {
  static const std::pair<const Table*, std::string> loaded = [&]() -> std::pair<const Table*, std::string> {
    try {
      return {static_cast<const Table*>(load_module(make_spec())), {}};
    } catch (const std::exception& e) {  // EnvironmentError
      return {nullptr, e.what()};
    }
  }();
  if (!loaded.first) throw_module_failure(loaded.second);
  return *loaded.first;
}

}  // namespace borderflow
