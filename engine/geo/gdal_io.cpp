// GDAL/OGR reading and writing of the GIS module (core/geo_module.hpp says what each call does).
#include "geo/geo.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <utility>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

namespace borderflow::geo {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGeometryColumn = "geom";

/// Thrown inside this file only, and returned as a Status at the entry points: the reason alone.
struct Failure {
  std::string why;
};

[[noreturn]] void fail(std::string why) { throw Failure{std::move(why)}; }

/// GDAL's last error ("GDAL: ..."), or `fallback`.
std::string gdal_reason(const char* fallback) {
  const char* message = CPLGetLastErrorMsg();
  return message && *message ? std::string("GDAL: ") + message : std::string(fallback);
}

/// GDAL reports errors through a handler that prints them; here they become Status errors, so
/// the handler stays quiet while a call runs, and the config options it sets are this thread's
/// only and restored afterwards.
class GdalScope {
 public:
  GdalScope() {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~GdalScope() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      CPLSetThreadLocalConfigOption(it->first.c_str(), it->second.empty() ? nullptr : it->second.c_str());
    }
    CPLPopErrorHandler();
  }
  GdalScope(const GdalScope&) = delete;
  GdalScope& operator=(const GdalScope&) = delete;

  void set(const std::string& key, const std::string& value) {
    const char* before = CPLGetThreadLocalConfigOption(key.c_str(), nullptr);
    saved_.emplace_back(key, before ? before : "");
    CPLSetThreadLocalConfigOption(key.c_str(), value.c_str());
  }

 private:
  std::vector<std::pair<std::string, std::string>> saved_;
};

struct DatasetCloser {
  void operator()(void* dataset) const { GDALClose(dataset); }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

struct SrsReleaser {
  void operator()(void* srs) const { OSRRelease(static_cast<OGRSpatialReferenceH>(srs)); }
};

// --- reading ------------------------------------------------------------------------------------

Dataset open_vector(const std::string& path, Format format) {
  const char* drivers[] = {format == Format::Csv ? "CSV" : "GPKG", nullptr};
  // CSV: the first line is always the header and every cell a string (no type guessing that
  // would read "007" as 7 or "1435;1520" as text of another column); empty cells stay empty.
  const char* csv_options[] = {"HEADERS=YES", "AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO", "KEEP_GEOM_COLUMNS=YES",
                               nullptr};
  return Dataset(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                            format == Format::Csv ? csv_options : nullptr, nullptr));
}

FieldType read_type(OGRFieldType type) {
  if (type == OFTReal) return FieldType::Real;
  if (type == OFTInteger || type == OFTInteger64) return FieldType::Integer;
  return FieldType::Text;
}

/// Reads a field into `value`, the same field's value of the previous feature: text is copied
/// into the string already there, not into a new one (a table of 10^6 rows has ~10^7 cells).
void read_value(OGRFeatureH feature, int index, FieldType type, Value& value) {
  if (!OGR_F_IsFieldSetAndNotNull(feature, index)) value = std::monostate{};
  else if (type == FieldType::Real) value = OGR_F_GetFieldAsDouble(feature, index);
  else if (type == FieldType::Integer) value = static_cast<long long>(OGR_F_GetFieldAsInteger64(feature, index));
  else if (auto* text = std::get_if<std::string>(&value)) text->assign(OGR_F_GetFieldAsString(feature, index));
  else value = std::string(OGR_F_GetFieldAsString(feature, index));
}

std::optional<LonLatDeg> read_point(OGRFeatureH feature) {
  OGRGeometryH point = OGR_F_GetGeometryRef(feature);
  if (!point || wkbFlatten(OGR_G_GetGeometryType(point)) != wkbPoint || OGR_G_IsEmpty(point)) return std::nullopt;
  return LonLatDeg{OGR_G_GetX(point, 0), OGR_G_GetY(point, 0)};
}

void visit_layer(OGRLayerH layer, std::size_t index, LayerVisitor& visitor) {
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
  const int count = OGR_FD_GetFieldCount(definition);
  std::vector<Field> fields;
  for (int i = 0; i < count; ++i) {
    OGRFieldDefnH field = OGR_FD_GetFieldDefn(definition, i);
    fields.push_back({OGR_Fld_GetNameRef(field), read_type(OGR_Fld_GetType(field))});
  }
  if (!visitor.layer(index, true, fields)) return;
  OGR_L_ResetReading(layer);
  std::vector<Value> values(fields.size());
  for (OGRFeatureH feature; (feature = OGR_L_GetNextFeature(layer)) != nullptr;) {
    for (int i = 0; i < count; ++i) read_value(feature, i, fields[static_cast<std::size_t>(i)].type, values[static_cast<std::size_t>(i)]);
    const std::optional<LonLatDeg> point = read_point(feature);
    OGR_F_Destroy(feature);
    if (!visitor.feature(values, point)) break;
  }
}

// --- writing ------------------------------------------------------------------------------------

/// The file the GeoPackage replaces (`path`, or what its links resolve to), checked to be a
/// regular file or nothing; `mode` gets the existing file's permissions (0 when new).
std::string target_file(const std::string& path, mode_t& mode) {
  struct stat status {};
  mode = 0;
  if (::stat(path.c_str(), &status) != 0) {
    const int error_number = errno;
    struct stat link {};
    if (error_number != ENOENT) fail(std::strerror(error_number));
    if (::lstat(path.c_str(), &link) == 0) fail("it is a symbolic link to a file that does not exist");
    return path;
  }
  if (S_ISDIR(status.st_mode)) fail("it is a directory");
  if (!S_ISREG(status.st_mode)) {
    fail("it is not a regular file (a GeoPackage is a database written to a temporary file and renamed, never "
         "streamed into a device, FIFO or socket)");
  }
  mode = status.st_mode & 07777;
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (!resolved) fail(std::strerror(errno));
  std::string out = resolved;
  std::free(resolved);
  return out;
}

/// A fresh folder beside the target, removed with whatever is left in it.
class TemporaryFolder {
 public:
  explicit TemporaryFolder(const fs::path& beside) {
    const fs::path folder = beside.has_parent_path() ? beside.parent_path() : fs::path(".");
    std::string name = (folder / ("." + beside.filename().string() + ".tmp.XXXXXX")).string();
    if (!::mkdtemp(name.data())) fail(std::strerror(errno));
    path_ = name;
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void sync_file(const fs::path& file, bool directory) {
  const int fd = ::open(file.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) fail(std::strerror(errno));
  const bool synced = ::fsync(fd) == 0;
  const int error_number = errno;
  ::close(fd);
  if (!synced) fail(std::strerror(error_number));
}

OGRwkbGeometryType ogr_geometry(GeometryType type) {
  switch (type) {
    case GeometryType::Point: return wkbPoint;
    case GeometryType::LineString: return wkbLineString;
    case GeometryType::None: break;
  }
  return wkbNone;
}

/// Booleans are OGR's boolean subtype of integers.
void add_field(OGRLayerH layer, const Field& field) {
  OGRFieldType type = OFTString;
  switch (field.type) {
    case FieldType::Text: type = OFTString; break;
    case FieldType::Real: type = OFTReal; break;
    case FieldType::Integer: type = OFTInteger64; break;
    case FieldType::Boolean: type = OFTInteger; break;
    case FieldType::DateTime: type = OFTDateTime; break;
  }
  OGRFieldDefnH definition = OGR_Fld_Create(field.name.c_str(), type);
  if (field.type == FieldType::Boolean) OGR_Fld_SetSubType(definition, OFSTBoolean);
  const OGRErr error = OGR_L_CreateField(layer, definition, TRUE);
  OGR_Fld_Destroy(definition);
  if (error != OGRERR_NONE) fail(gdal_reason("GDAL cannot add a field"));
}

void set_value(OGRFeatureH feature, int index, const Value& value) {
  if (const auto* s = std::get_if<std::string>(&value)) OGR_F_SetFieldString(feature, index, s->c_str());
  else if (const auto* d = std::get_if<double>(&value)) OGR_F_SetFieldDouble(feature, index, *d);
  else if (const auto* i = std::get_if<long long>(&value)) OGR_F_SetFieldInteger64(feature, index, *i);
  else if (const auto* b = std::get_if<bool>(&value)) OGR_F_SetFieldInteger(feature, index, *b ? 1 : 0);
  else OGR_F_SetFieldNull(feature, index);
}

void write_layer(GDALDatasetH dataset, OGRSpatialReferenceH srs, const Layer& layer) {
  const OGRwkbGeometryType type = ogr_geometry(layer.geometry);
  std::vector<std::string> options;
  if (type != wkbNone) {
    options = {std::string("GEOMETRY_NAME=") + kGeometryColumn,
               std::string("SPATIAL_INDEX=") + (layer.spatial_index ? "YES" : "NO")};
  }
  if (!layer.description.empty()) options.push_back("DESCRIPTION=" + layer.description);
  if (!layer.fid_column.empty()) options.push_back("FID=" + layer.fid_column);
  std::vector<const char*> option_pointers;
  for (const std::string& option : options) option_pointers.push_back(option.c_str());
  option_pointers.push_back(nullptr);
  OGRLayerH out = GDALDatasetCreateLayer(dataset, layer.name.c_str(), type == wkbNone ? nullptr : srs, type,
                                         const_cast<char**>(option_pointers.data()));
  if (!out) fail(gdal_reason("GDAL cannot create a layer"));
  for (const Field& field : layer.fields) add_field(out, field);
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(out);
  for (const Feature& f : layer.features) {
    OGRFeatureH feature = OGR_F_Create(definition);
    for (std::size_t i = 0; i < f.values.size(); ++i) set_value(feature, static_cast<int>(i), f.values[i]);
    if (type != wkbNone && !f.points.empty()) {
      OGRGeometryH g = OGR_G_CreateGeometry(type);
      if (type == wkbPoint) OGR_G_SetPoint_2D(g, 0, f.points.front().first, f.points.front().second);
      else for (const auto& [lon, lat] : f.points) OGR_G_AddPoint_2D(g, lon, lat);
      OGR_F_SetGeometryDirectly(feature, g);
    }
    const OGRErr error = OGR_L_CreateFeature(out, feature);
    OGR_F_Destroy(feature);
    if (error != OGRERR_NONE) fail(gdal_reason("GDAL cannot write a feature"));
  }
}

void write_database(const GeoPackage& package, const fs::path& file) {
  GdalScope scope;
  scope.set("OGR_CURRENT_DATE", std::string(kGeoPackageTimestamp));
  GDALDriverH driver = GDALGetDriverByName("GPKG");
  if (!driver) fail("GDAL has no GPKG driver");
  Dataset dataset(GDALCreate(driver, file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!dataset) fail(gdal_reason("GDAL cannot create the GeoPackage"));
  std::unique_ptr<void, SrsReleaser> srs(OSRNewSpatialReference(nullptr));
  if (OSRImportFromEPSG(srs.get(), 4326) != OGRERR_NONE) fail("GDAL does not know EPSG:4326: " + gdal_reason("no reason given"));
  OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);  // x = longitude, y = latitude
  // One transaction: the whole file is written in one go, not a commit per feature.
  if (GDALDatasetStartTransaction(dataset.get(), FALSE) != OGRERR_NONE) fail(gdal_reason("GDAL cannot start a transaction"));
  for (const Layer& layer : package.layers) write_layer(dataset.get(), srs.get(), layer);
  if (GDALDatasetCommitTransaction(dataset.get()) != OGRERR_NONE) fail(gdal_reason("GDAL cannot commit the GeoPackage"));
  GDALClose(dataset.release());
  if (CPLGetLastErrorType() >= CE_Failure) fail(gdal_reason("GDAL failed closing the GeoPackage"));
}

}  // namespace

Status read_layers(const std::string& path, Format format, const std::vector<std::string>& layers,
                   LayerVisitor& visitor) {
  const GdalScope scope;
  const Dataset dataset = open_vector(path, format);
  if (!dataset) return {false, gdal_reason("")};
  for (std::size_t i = 0; i < layers.size(); ++i) {
    OGRLayerH layer = layers[i].empty() ? GDALDatasetGetLayer(dataset.get(), 0)
                                        : GDALDatasetGetLayerByName(dataset.get(), layers[i].c_str());
    if (!layer && layers[i].empty()) return {false, gdal_reason("")};
    if (!layer) {
      visitor.layer(i, false, {});
      continue;
    }
    visit_layer(layer, i, visitor);
  }
  return {};
}

Status write_geopackage(const GeoPackage& package, const std::string& path) {
  try {
    mode_t mode = 0;
    const fs::path target = target_file(path, mode);
    const TemporaryFolder folder(target);
    // A .gpkg name whatever the target is called: GDAL warns of any other extension.
    const fs::path temporary = folder.path() / "layers.gpkg";
    write_database(package, temporary);
    if (mode != 0 && ::chmod(temporary.c_str(), mode) != 0) fail(std::strerror(errno));
    sync_file(temporary, false);
    if (std::rename(temporary.c_str(), target.c_str()) != 0) fail(std::strerror(errno));
    sync_file(target.has_parent_path() ? target.parent_path() : fs::path("."), true);
    return {};
  } catch (const Failure& failure) {
    return {false, failure.why};
  }
}

}  // namespace borderflow::geo
