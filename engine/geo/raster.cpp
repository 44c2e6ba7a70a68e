// librsvg and cairo of the GIS module: the print map's PNG and its text metrics.
#include <cairo.h>
#include <librsvg/rsvg.h>

#include <cmath>
#include <memory>

#include "geo/geo.hpp"

namespace borderflow::geo {
namespace {

/// PNG bytes collected in memory (cairo writes them in chunks).
cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Status svg_to_png(const std::string& svg, int width_px, int height_px, std::string& png) {
  GError* error = nullptr;
  std::unique_ptr<RsvgHandle, void (*)(void*)> handle(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error), g_object_unref);
  auto failed = [&](const std::string& what) {
    Status status{false, what};
    if (error) {
      status.error += ": " + std::string(error->message);
      g_error_free(error);
    }
    return status;
  };
  if (!handle) return failed("librsvg did not read the SVG");
  std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width_px, height_px), cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return failed("no image of " + std::to_string(width_px) + " x " + std::to_string(height_px) + " px");
  }
  std::unique_ptr<cairo_t, void (*)(cairo_t*)> cr(cairo_create(surface.get()), cairo_destroy);
  const RsvgRectangle viewport{0, 0, static_cast<double>(width_px), static_cast<double>(height_px)};
  if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &error)) return failed("librsvg did not draw it");
  cairo_surface_flush(surface.get());
  png.clear();
  if (cairo_surface_write_to_png_stream(surface.get(), append_png, &png) != CAIRO_STATUS_SUCCESS) {
    return failed("cairo did not write it");
  }
  return {};
}

TextExtents measure_text(const std::string& text, double font_px, bool bold) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
  cairo_t* cr = cairo_create(surface);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, font_px);
  // Unhinted metrics: the widths the SVG renderer lays text out with, at any output size.
  cairo_font_options_t* font_options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(font_options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options(cr, font_options);
  cairo_text_extents_t text_extents;
  cairo_text_extents(cr, text.c_str(), &text_extents);
  cairo_font_extents_t font_extents;
  cairo_font_extents(cr, &font_extents);
  const TextExtents extents{text_extents.x_advance, font_extents.ascent, font_extents.descent};
  cairo_font_options_destroy(font_options);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  return extents;
}

}  // namespace borderflow::geo
