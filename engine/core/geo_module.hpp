#pragma once
// The GIS module (engine/geo/, libborderflow_geo.so): every call into GDAL/OGR, librsvg and cairo,
// behind this plain-data interface, in a shared library the engine loads with dlopen the first
// time a command needs it (network tables, `convert`, the GeoPackage export, the print map).
//
// Why: linked into the executable, those libraries and the ~130 they pull in cost every command
// tens of ms of dynamic loading and relocation before main (--version: 77 ms of CPU with them,
// 7 ms without; docs/design.md, "The GIS module"), although `run` of a YAML scenario never calls
// them.
//
// The module does I/O and raster rendering only: it reads layers into rows of cells and a point,
// writes layers it is given, renders an SVG to PNG and measures text. What the rows mean
// (validation, FILE:ROW:COLUMN messages), what a GeoPackage holds and how the map is drawn stay in
// the engine. The module links no engine library (it includes this header only), so nothing of
// the engine exists twice; both sides are built by the same compiler against the same libstdc++
// headers, hence the C++ types. The executable may carry its own copy of the C++ runtime
// (CMakeLists.txt, BORDERFLOW_STATIC_CXX) while the module uses the shared one, so no exception
// crosses the boundary: the module returns a Status, and visit_layers below keeps a visitor's
// exceptions on the engine's side.
//
// Finding and loading it: core/module.hpp ($BORDERFLOW_MODULE_DIR, else beside the executable,
// else the build tree). When it cannot be loaded, geo::module() throws EnvironmentError naming
// every file tried and dlerror()'s reason; commands that never call it never load it.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace borderflow {

/// The fixed "last change" every GeoPackage borderflow writes carries, so the same input gives
/// the same bytes (GDAL would write the current time).
inline constexpr std::string_view kGeoPackageTimestamp = "2000-01-01T00:00:00.000Z";

namespace geo {

/// Bumped whenever anything below changes: a module of another build is refused, not misread.
inline constexpr int kInterfaceVersion = 1;
inline constexpr const char* kModuleFile = "libborderflow_geo.so";

/// A field's type. Reading reports Text, Real or Integer (any other OGR type reads as its text).
enum class FieldType { Text, Real, Integer, Boolean, DateTime };
enum class GeometryType { None, Point, LineString };

/// A cell: null, text (Text, DateTime), a real, an integer, a boolean.
using Value = std::variant<std::monostate, std::string, double, long long, bool>;

struct Field {
  std::string name;
  FieldType type = FieldType::Text;
};

/// A longitude and latitude in degrees (EPSG:4326, x = longitude).
using LonLatDeg = std::pair<double, double>;

struct Feature {
  std::vector<Value> values;      ///< one per field, in field order
  std::vector<LonLatDeg> points;  ///< the Point (one) or the LineString's vertices
};

struct Layer {
  std::string name;
  GeometryType geometry = GeometryType::None;  ///< geometry column "geom", EPSG:4326 lon/lat
  std::string description;                     ///< gpkg_contents.description ("" = none)
  bool spatial_index = false;
  std::string fid_column;                      ///< "" = GDAL's default (fid)
  std::vector<Field> fields;
  std::vector<Feature> features;
};

struct GeoPackage {
  std::vector<Layer> layers;  ///< written in this order, features in theirs
};

/// What a call could not do: `error` says why ("GDAL: ..."), empty when the library gave no
/// reason (the caller then says what it was doing).
struct Status {
  bool ok = true;
  std::string error;
};

enum class Format { GeoPackage, Csv };

/// Receives the layers `read_layers` was asked for, one at a time, features in file order.
class LayerVisitor {
 public:
  virtual ~LayerVisitor() = default;
  /// Layer `index` of the names asked for: absent (found = false, then no fields or features),
  /// or its fields. Returns whether to read its features.
  virtual bool layer(std::size_t index, bool found, const std::vector<Field>& fields) = 0;
  /// The next feature: a Value per field (null when unset), and its geometry's point when it has
  /// a non-empty Point. Returns whether to go on with this layer.
  virtual bool feature(const std::vector<Value>& values, const std::optional<LonLatDeg>& point) = 0;
};

struct TextExtents {
  double width = 0, ascent = 0, descent = 0;  ///< page units at the font size asked for
};

/// The module's entry points; `interface_version` is kInterfaceVersion of the module's build.
struct Module {
  int interface_version = 0;
  /// Opens `path` read-only as `format` (a CSV's first line is its header; every cell is text,
  /// empty cells empty strings, no type guessing) and visits `layers` by name in order ("" = the
  /// file's first layer). Not ok when the file cannot be opened as `format` (or has no first layer).
  Status (*read_layers)(const std::string& path, Format format, const std::vector<std::string>& layers,
                        LayerVisitor& visitor) = nullptr;
  /// Writes `package` to `path` atomically: one transaction in a fresh temporary folder beside
  /// the target, fsync, rename over it, fsync of the folder; a failure leaves the target as it was.
  /// Only a regular file (or a symbolic link to one: the file it resolves to is replaced, keeping
  /// its permissions) is replaced; a directory, device, FIFO, socket or dangling link is refused,
  /// because a GeoPackage is a database GDAL must create, seek and lock, not a stream. Timestamps
  /// are kGeoPackageTimestamp. `error` is the reason only; the caller names the path.
  Status (*write_geopackage)(const GeoPackage& package, const std::string& path) = nullptr;
  /// PNG bytes of `svg` drawn by librsvg on a cairo image of width x height px.
  Status (*svg_to_png)(const std::string& svg, int width_px, int height_px, std::string& png) = nullptr;
  /// Unhinted DejaVu Sans metrics (cairo's), the widths librsvg lays the text out with.
  TextExtents (*measure_text)(const std::string& text, double font_px, bool bold) = nullptr;
};

/// The module's one exported symbol: extern "C" const Module* borderflow_geo_module().
inline constexpr const char* kEntryPoint = "borderflow_geo_module";

/// The module, loaded on the first call (thread-safe; never unloaded). EnvironmentError
/// (core/diagnostic.hpp) when it cannot be: "the GIS module ... could not be loaded: FILE: why".
const Module& module();

/// module().read_layers, with `visitor`'s exceptions kept on this side of the boundary: the first
/// one a visitor call throws ends the read (every later call answers false without reaching
/// `visitor`) and is thrown again here once the module has returned. So neither the module nor
/// GDAL under it is ever unwound through, whichever C++ runtime each was linked with. (Named apart
/// from the module's own geo::read_layers, engine/geo/geo.hpp, which has the same signature.)
Status visit_layers(const std::string& path, Format format, const std::vector<std::string>& layers,
                    LayerVisitor& visitor);

}  // namespace geo
}  // namespace borderflow
