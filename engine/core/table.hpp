#pragma once
// Plain-text and Markdown tables for terminal and document output, and the padding they share.
// Widths are display widths (the columns a terminal gives the text), not bytes, so names in
// Cyrillic or Hangul (place names of the region) keep the columns aligned.
#include <string>
#include <string_view>
#include <vector>

namespace borderflow {

/// Terminal columns of UTF-8 `text`: one per code point, two for East Asian wide and fullwidth
/// characters (Hangul, CJK), none for combining marks and zero-width characters.
std::size_t display_width(std::string_view text);

/// `text` filled with spaces to `width` display columns, on the right (or on the left when
/// `right`, for numbers); returned unchanged when already that wide.
std::string pad(const std::string& text, std::size_t width, bool right = false);

/// A table with a dashed rule under the header, columns two spaces apart and fitted to their
/// widest cell, every line indented by two spaces and without trailing blanks. `right` marks the
/// right-aligned (numeric) columns, one flag per header cell. Cells pass through escape_controls
/// (core/text.hpp): a name from a file cannot drive the terminal that shows the table.
std::string text_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& right);

/// A GitHub-flavoured Markdown table; `right` columns get "---:". Cells pass through
/// escape_markdown (core/text.hpp): no cell can open an HTML tag or a new cell.
std::string markdown_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                           const std::vector<bool>& right);

}  // namespace borderflow
