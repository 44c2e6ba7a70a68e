#include "report/print_map.hpp"

#include <cmath>
#include <memory>
#include <stdexcept>

#include <cairo.h>
#include <librsvg/rsvg.h>

#include "report/layers.hpp"
#include "report/print_map_draw.hpp"

namespace borderflow {
namespace {

/// PNG bytes collected in memory (cairo writes them in chunks).
cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string render_svg_map(const SolvedScenario& solved, const PrintMapOptions& options) {
  return print_map::draw_print_map(map_layers(solved), options).svg;
}

std::string render_png_map(const SolvedScenario& solved, const PrintMapOptions& options) {
  const print_map::DrawnMap drawn = print_map::draw_print_map(map_layers(solved), options);
  return print_map::svg_to_png(drawn.svg, options.width_px, drawn.page_height * options.width_px / print_map::kPageWidth);
}

namespace print_map {

std::string svg_to_png(const std::string& svg, double width_px, double height_px) {
  const int width = static_cast<int>(std::lround(width_px)), height = static_cast<int>(std::ceil(height_px));
  GError* error = nullptr;
  std::unique_ptr<RsvgHandle, void (*)(void*)> handle(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error), g_object_unref);
  auto fail = [&](const std::string& what) {
    std::string message = "the map could not be rendered to PNG: " + what;
    if (error) {
      message += ": " + std::string(error->message);
      g_error_free(error);
    }
    throw std::runtime_error(message);
  };
  if (!handle) fail("librsvg did not read the SVG");
  std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height), cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) fail("no image of " + std::to_string(width) + " x " + std::to_string(height) + " px");
  std::unique_ptr<cairo_t, void (*)(cairo_t*)> cr(cairo_create(surface.get()), cairo_destroy);
  const RsvgRectangle viewport{0, 0, static_cast<double>(width), static_cast<double>(height)};
  if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &error)) fail("librsvg did not draw it");
  cairo_surface_flush(surface.get());
  std::string png;
  if (cairo_surface_write_to_png_stream(surface.get(), append_png, &png) != CAIRO_STATUS_SUCCESS) fail("cairo did not write it");
  return png;
}

}  // namespace print_map
}  // namespace borderflow
