#include "report/geopackage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "core/diagnostic.hpp"

namespace borderflow {

// config/qgis/<layer>.qml, embedded by engine/CMakeLists.txt (generated qgis_styles.cpp).
std::string_view embedded_qgis_style(std::string_view layer_name);

namespace {

namespace fs = std::filesystem;

constexpr const char* kGeometryColumn = "geom";

[[noreturn]] void cannot_write(const std::string& path, const std::string& why) {
  throw EnvironmentError("cannot write " + path + ": " + why);
}

/// GDAL's last error, or `fallback` when it gave none.
std::string gdal_reason(const char* fallback) {
  const char* message = CPLGetLastErrorMsg();
  return message && *message ? std::string("GDAL: ") + message : std::string(fallback);
}

/// GDAL reports errors through a handler that prints them; here they become exceptions, so the
/// handler stays quiet while this writer runs, and the config options it sets are this thread's
/// only and restored afterwards.
class GdalScope {
 public:
  GdalScope() {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    set("OGR_CURRENT_DATE", std::string(kGeoPackageTimestamp));
  }
  ~GdalScope() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      CPLSetThreadLocalConfigOption(it->first.c_str(), it->second.empty() ? nullptr : it->second.c_str());
    }
    CPLPopErrorHandler();
  }
  GdalScope(const GdalScope&) = delete;
  GdalScope& operator=(const GdalScope&) = delete;

 private:
  void set(const std::string& key, const std::string& value) {
    const char* before = CPLGetThreadLocalConfigOption(key.c_str(), nullptr);
    saved_.emplace_back(key, before ? before : "");
    CPLSetThreadLocalConfigOption(key.c_str(), value.c_str());
  }
  std::vector<std::pair<std::string, std::string>> saved_;
};

/// The file the GeoPackage replaces (`path`, or what its links resolve to), checked to be a
/// regular file or nothing; `mode` gets the existing file's permissions (0 when new).
std::string target_file(const std::string& path, mode_t& mode) {
  struct stat status {};
  mode = 0;
  if (::stat(path.c_str(), &status) != 0) {
    const int error_number = errno;
    struct stat link {};
    if (error_number != ENOENT) cannot_write(path, std::strerror(error_number));
    if (::lstat(path.c_str(), &link) == 0) cannot_write(path, "it is a symbolic link to a file that does not exist");
    return path;
  }
  if (S_ISDIR(status.st_mode)) cannot_write(path, "it is a directory");
  if (!S_ISREG(status.st_mode)) {
    cannot_write(path, "it is not a regular file (a GeoPackage is a database written to a temporary file and "
                       "renamed, never streamed into a device, FIFO or socket)");
  }
  mode = status.st_mode & 07777;
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (!resolved) cannot_write(path, std::strerror(errno));
  std::string out = resolved;
  std::free(resolved);
  return out;
}

/// A fresh folder beside the target, removed with whatever is left in it unless released.
class TemporaryFolder {
 public:
  TemporaryFolder(const std::string& path, const fs::path& beside) {
    const fs::path folder = beside.has_parent_path() ? beside.parent_path() : fs::path(".");
    std::string name = (folder / ("." + beside.filename().string() + ".tmp.XXXXXX")).string();
    if (!::mkdtemp(name.data())) cannot_write(path, std::strerror(errno));
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

struct DatasetCloser {
  void operator()(void* dataset) const { GDALClose(dataset); }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

struct SrsReleaser {
  void operator()(void* srs) const { OSRRelease(static_cast<OGRSpatialReferenceH>(srs)); }
};

/// The OGR field definition of a GIS field: booleans as OGR's boolean subtype of integers.
void add_field(OGRLayerH layer, const GisField& field, const std::string& path) {
  OGRFieldType type = OFTString;
  switch (field.type) {
    case GisFieldType::Text: type = OFTString; break;
    case GisFieldType::Real: type = OFTReal; break;
    case GisFieldType::Integer:
    case GisFieldType::Boolean: type = OFTInteger64; break;
  }
  if (field.type == GisFieldType::Boolean) type = OFTInteger;
  OGRFieldDefnH definition = OGR_Fld_Create(field.name.c_str(), type);
  if (field.type == GisFieldType::Boolean) OGR_Fld_SetSubType(definition, OFSTBoolean);
  const OGRErr error = OGR_L_CreateField(layer, definition, TRUE);
  OGR_Fld_Destroy(definition);
  if (error != OGRERR_NONE) cannot_write(path, gdal_reason("GDAL cannot add a field"));
}

void set_value(OGRFeatureH feature, int index, const GisValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) OGR_F_SetFieldString(feature, index, s->c_str());
  else if (const auto* d = std::get_if<double>(&value)) OGR_F_SetFieldDouble(feature, index, *d);
  else if (const auto* i = std::get_if<long long>(&value)) OGR_F_SetFieldInteger64(feature, index, *i);
  else if (const auto* b = std::get_if<bool>(&value)) OGR_F_SetFieldInteger(feature, index, *b ? 1 : 0);
  else OGR_F_SetFieldNull(feature, index);
}

OGRGeometryH geometry(const GisLayer& layer, const GisFeature& feature) {
  OGRGeometryH g = OGR_G_CreateGeometry(layer.lines ? wkbLineString : wkbPoint);
  if (layer.lines) {
    for (const LonLat& at : feature.points) OGR_G_AddPoint_2D(g, at.lon_deg, at.lat_deg);
  } else {
    OGR_G_SetPoint_2D(g, 0, feature.points.at(0).lon_deg, feature.points.at(0).lat_deg);
  }
  return g;
}

void write_layer(GDALDatasetH dataset, OGRSpatialReferenceH srs, const GisLayer& layer, const std::string& scenario,
                 const std::string& path) {
  const std::string description = "borderflow " + scenario + ": " + layer.name;
  const std::string geometry_name = std::string("GEOMETRY_NAME=") + kGeometryColumn;
  const std::string description_option = "DESCRIPTION=" + description;
  const char* options[] = {geometry_name.c_str(), description_option.c_str(), "SPATIAL_INDEX=YES", nullptr};
  OGRLayerH out = GDALDatasetCreateLayer(dataset, layer.name.c_str(), srs, layer.lines ? wkbLineString : wkbPoint,
                                         const_cast<char**>(options));
  if (!out) cannot_write(path, gdal_reason("GDAL cannot create a layer"));
  for (const GisField& field : layer.fields) add_field(out, field, path);
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(out);
  for (const GisFeature& f : layer.features) {
    OGRFeatureH feature = OGR_F_Create(definition);
    for (std::size_t i = 0; i < f.values.size(); ++i) set_value(feature, static_cast<int>(i), f.values[i]);
    OGR_F_SetGeometryDirectly(feature, geometry(layer, f));
    const OGRErr error = OGR_L_CreateFeature(out, feature);
    OGR_F_Destroy(feature);
    if (error != OGRERR_NONE) cannot_write(path, gdal_reason("GDAL cannot write a feature"));
  }
}

/// The table QGIS reads a layer's default style from (the columns QGIS itself creates), one row
/// per layer.
void write_styles(GDALDatasetH dataset, const std::string& path) {
  const char* options[] = {"FID=id", "DESCRIPTION=QGIS styles of the borderflow layers", nullptr};
  OGRLayerH styles = GDALDatasetCreateLayer(dataset, "layer_styles", nullptr, wkbNone, const_cast<char**>(options));
  if (!styles) cannot_write(path, gdal_reason("GDAL cannot create the layer_styles table"));
  const std::vector<GisField> fields = {{"f_table_catalog", GisFieldType::Text}, {"f_table_schema", GisFieldType::Text},
                                        {"f_table_name", GisFieldType::Text},    {"f_geometry_column", GisFieldType::Text},
                                        {"styleName", GisFieldType::Text},       {"styleQML", GisFieldType::Text},
                                        {"styleSLD", GisFieldType::Text},        {"useAsDefault", GisFieldType::Boolean},
                                        {"description", GisFieldType::Text},     {"owner", GisFieldType::Text},
                                        {"ui", GisFieldType::Text}};
  for (const GisField& field : fields) add_field(styles, field, path);
  {
    OGRFieldDefnH time = OGR_Fld_Create("update_time", OFTDateTime);
    const OGRErr error = OGR_L_CreateField(styles, time, TRUE);
    OGR_Fld_Destroy(time);
    if (error != OGRERR_NONE) cannot_write(path, gdal_reason("GDAL cannot add a field"));
  }
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(styles);
  for (GisLayerKind kind : all_gis_layers()) {
    const std::string name = gis_layer_name(kind);
    const std::string qml(qgis_style(kind));
    const std::vector<GisValue> values = {std::string(),       std::string(),  name, std::string(kGeometryColumn),
                                          name,                qml,            std::string(), true,
                                          std::string("borderflow: config/qgis/" + name + ".qml"),
                                          std::string(),       GisValue{}};
    OGRFeatureH feature = OGR_F_Create(definition);
    for (std::size_t i = 0; i < values.size(); ++i) set_value(feature, static_cast<int>(i), values[i]);
    OGR_F_SetFieldString(feature, static_cast<int>(values.size()), std::string(kGeoPackageTimestamp).c_str());
    const OGRErr error = OGR_L_CreateFeature(styles, feature);
    OGR_F_Destroy(feature);
    if (error != OGRERR_NONE) cannot_write(path, gdal_reason("GDAL cannot write a style"));
  }
}

void sync_file(const std::string& path, const fs::path& file, bool directory) {
  const int fd = ::open(file.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) cannot_write(path, std::strerror(errno));
  const bool synced = ::fsync(fd) == 0;
  const int error_number = errno;
  ::close(fd);
  if (!synced) cannot_write(path, std::strerror(error_number));
}

}  // namespace

std::string_view qgis_style(GisLayerKind kind) { return embedded_qgis_style(gis_layer_name(kind)); }

void write_geopackage(const MapLayers& layers, const std::string& path) {
  mode_t mode = 0;
  const fs::path target = target_file(path, mode);
  const TemporaryFolder folder(path, target);
  const fs::path temporary = folder.path() / "map.gpkg";
  {
    const GdalScope scope;
    GDALDriverH driver = GDALGetDriverByName("GPKG");
    if (!driver) throw std::runtime_error("GDAL has no GPKG driver");
    Dataset dataset(GDALCreate(driver, temporary.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) cannot_write(path, gdal_reason("GDAL cannot create the GeoPackage"));
    std::unique_ptr<void, SrsReleaser> srs(OSRNewSpatialReference(nullptr));
    if (OSRImportFromEPSG(srs.get(), 4326) != OGRERR_NONE) {
      throw std::runtime_error("GDAL does not know EPSG:4326: " + gdal_reason("no reason given"));
    }
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);  // x = longitude, y = latitude
    // One transaction: the whole file is written in one go, not a commit per feature.
    if (GDALDatasetStartTransaction(dataset.get(), FALSE) != OGRERR_NONE) {
      cannot_write(path, gdal_reason("GDAL cannot start a transaction"));
    }
    for (GisLayerKind kind : all_gis_layers()) {
      write_layer(dataset.get(), srs.get(), gis_layer(layers, kind), layers.scenario, path);
    }
    write_styles(dataset.get(), path);
    if (GDALDatasetCommitTransaction(dataset.get()) != OGRERR_NONE) {
      cannot_write(path, gdal_reason("GDAL cannot commit the GeoPackage"));
    }
    GDALClose(dataset.release());
    if (CPLGetLastErrorType() >= CE_Failure) cannot_write(path, gdal_reason("GDAL failed closing the GeoPackage"));
  }
  if (mode != 0 && ::chmod(temporary.c_str(), mode) != 0) cannot_write(path, std::strerror(errno));
  sync_file(path, temporary, false);
  if (std::rename(temporary.c_str(), target.c_str()) != 0) cannot_write(path, std::strerror(errno));
  sync_file(path, target.has_parent_path() ? target.parent_path() : fs::path("."), true);
}

void write_geopackage(const SolvedScenario& solved, const std::string& path) {
  write_geopackage(map_layers(solved), path);
}

}  // namespace borderflow
