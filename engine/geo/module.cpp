// The module's one exported symbol (everything else is hidden: CXX_VISIBILITY_PRESET hidden).
#include "geo/geo.hpp"

extern "C" __attribute__((visibility("default"))) const borderflow::geo::Module* borderflow_geo_module() {
  namespace geo = borderflow::geo;
  static const geo::Module module = [] {
    geo::Module m;
    m.interface_version = geo::kInterfaceVersion;
    m.read_layers = geo::read_layers;
    m.write_geopackage = geo::write_geopackage;
    m.svg_to_png = geo::svg_to_png;
    m.measure_text = geo::measure_text;
    return m;
  }();
  return &module;
}
