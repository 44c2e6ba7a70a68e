#pragma once
// `borderflow export -o map.gpkg`: every map layer (report/map.hpp) in one GeoPackage, written
// through GDAL/OGR (Debian's libgdal, called in the GIS module: core/geo_module.hpp), EPSG:4326
// with lon/lat axis order, with a QGIS style per layer in its `layer_styles` table (QGIS applies
// it when the layer is opened). This file decides what the GeoPackage holds; the module writes it.
//
// Written atomically by the module's one GeoPackage writer (geo::Module::write_geopackage, shared
// with `convert`): GDAL builds the file in a fresh temporary folder beside the target, which is
// then synced and renamed over it; a failure leaves the target as it was. Only a regular file (or
// a symbolic link to one, followed: the file it resolves to is replaced) is ever replaced; a
// directory, a device such as /dev/null, a FIFO or a socket is refused, because a GeoPackage is a
// database GDAL must create, seek and lock, not a stream.
//
// Deterministic: the timestamps GeoPackage keeps (gpkg_contents.last_change, the styles'
// update_time) are set to kGeoPackageTimestamp, and the features go in in MapLayers order, so the
// same scenario gives the same bytes with the same GDAL and SQLite (another version of either may
// lay the database out differently).
#include <string>
#include <string_view>

#include "core/geo_module.hpp"  // kGeoPackageTimestamp
#include "report/map.hpp"
#include "solve/answers.hpp"

namespace borderflow {

/// Writes the layers to `path`. EnvironmentError (core/diagnostic.hpp) "cannot write PATH: why"
/// when the target cannot be replaced or GDAL cannot write there, or when the GIS module cannot be
/// loaded.
void write_geopackage(const MapLayers& layers, const std::string& path);

/// The scenario's map (report/layers.hpp) as a GeoPackage at `path`.
void write_geopackage(const SolvedScenario& solved, const std::string& path);

/// The QGIS style (QML) of a layer: config/qgis/<layer>.qml as it was at build time.
std::string_view qgis_style(GisLayerKind kind);

}  // namespace borderflow
