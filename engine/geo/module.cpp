// The module's one exported symbol (everything else is hidden: CXX_VISIBILITY_PRESET hidden).
#include <exception>
#include <new>

#include "geo/geo.hpp"

namespace {

namespace geo = borderflow::geo;

/// `call()`'s Status, or a failed one if it throws: no exception leaves the module. The executable
/// may carry its own copy of the C++ runtime (CMakeLists.txt, BORDERFLOW_STATIC_CXX), and an
/// exception allocated by this side's runtime (bad_alloc from its emergency pool, say) must not be
/// caught and freed by the other's. The reasons are short enough to need no allocation.
template <class Call>
geo::Status contained(Call&& call) noexcept {
  try {
    return call();
  } catch (const std::bad_alloc&) {
    return {false, "out of memory"};
  } catch (...) {
    return {false, "internal error"};
  }
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const borderflow::geo::Module* borderflow_geo_module() {
  static const geo::Module module = [] {
    geo::Module m;
    m.interface_version = geo::kInterfaceVersion;
    m.read_layers = [](const std::string& path, geo::Format format, const std::vector<std::string>& layers,
                       geo::LayerVisitor& visitor) {
      return contained([&] { return geo::read_layers(path, format, layers, visitor); });
    };
    m.write_geopackage = [](const geo::GeoPackage& package, const std::string& path) {
      return contained([&] { return geo::write_geopackage(package, path); });
    };
    m.svg_to_png = [](const std::string& svg, int width_px, int height_px, std::string& png) {
      return contained([&] { return geo::svg_to_png(svg, width_px, height_px, png); });
    };
    // Cairo's C calls only, on strings the caller made: nothing in it throws.
    m.measure_text = geo::measure_text;
    return m;
  }();
  return &module;
}
