#include "core/geo_module.hpp"

#include "core/module.hpp"

namespace borderflow::geo {

const Module& module() {
  return loaded_module<Module>([] {
    ModuleSpec spec;
    spec.file = kModuleFile;
    spec.entry_point = kEntryPoint;
    spec.interface_version = kInterfaceVersion;
    spec.purpose = std::string("the GIS module (") + kModuleFile + ": GDAL/OGR, librsvg, cairo) this command needs";
    return spec;
  });
}

}  // namespace borderflow::geo
