#pragma once
// HTML text for the report page: escaping, data embedded in the page, and the subset of Markdown
// the reports write (headings, paragraphs, tables) turned into HTML, so the page shows the
// tables of `run` and `compare` with their own words and cannot disagree with them.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/markup.hpp"  // escape_markup, for the page's text

namespace borderflow {

/// A URL safe to link: `url` itself when it is http:// or https:// (escaped for an attribute),
/// else "" (no javascript:, data: or relative links from a scenario's sources).
std::string link_href(std::string_view url);

/// JSON for a <script type="application/json"> element: `<`, `>`, `&` and U+2028/U+2029 as \u
/// escapes inside strings, so no text from a scenario can close the element or open a comment;
/// JSON.parse reads the same value back.
std::string json_for_script(const nlohmann::json& value);

/// Markdown as the reports write it (core/table.hpp markdown_table, core/text.hpp
/// escape_markdown): "## " and "### " headings become <hN> with N = `top_level` and one more,
/// tables become <table class="bf-table"> (right-aligned columns marked, a cell's leading spaces
/// an indent class), and other lines paragraphs. The text is unescaped from Markdown, then
/// escaped for HTML.
std::string markdown_to_html(std::string_view markdown, int top_level = 3);

/// The part of `markdown` from the line "### `heading`" up to the next heading, that line left
/// out; "" when there is no such heading.
std::string markdown_section(std::string_view markdown, std::string_view heading);

}  // namespace borderflow
