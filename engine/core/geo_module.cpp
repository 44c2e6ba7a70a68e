#include "core/geo_module.hpp"

#include <exception>

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

namespace {

/// Passes calls to `inner` until one throws; keeps that exception and answers false from then on.
class ContainedVisitor : public LayerVisitor {
 public:
  explicit ContainedVisitor(LayerVisitor& inner) : inner_(inner) {}
  bool layer(std::size_t index, bool found, const std::vector<Field>& fields) override {
    return call([&] { return inner_.layer(index, found, fields); });
  }
  bool feature(const std::vector<Value>& values, const std::optional<LonLatDeg>& point) override {
    return call([&] { return inner_.feature(values, point); });
  }
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  template <class Call>
  bool call(Call&& visit) {
    if (error_) return false;
    try {
      return visit();
    } catch (...) {
      error_ = std::current_exception();
      return false;
    }
  }
  LayerVisitor& inner_;
  std::exception_ptr error_;
};

}  // namespace

Status visit_layers(const std::string& path, Format format, const std::vector<std::string>& layers,
                    LayerVisitor& visitor) {
  const Module& loaded = module();
  ContainedVisitor contained(visitor);
  Status status = loaded.read_layers(path, format, layers, contained);
  contained.rethrow();
  return status;
}

}  // namespace borderflow::geo
