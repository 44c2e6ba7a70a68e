#pragma once
// Plain-text, Markdown and CSV table primitives for report/ (internal to report/; a shared
// core/table and core/csv will replace them).
#include <string>
#include <vector>

namespace borderflow {

/// `text` padded with spaces to `width` code points (on the left when `right`).
std::string pad(const std::string& text, std::size_t width, bool right = false);

/// A plain-text table with column widths fitted to content; `right` marks numeric columns.
std::string text_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& right);

/// A Markdown table; `right` marks right-aligned columns.
std::string markdown_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                           const std::vector<bool>& right);

/// CSV cell: quoted when needed; a leading = + - @ is defused for spreadsheets, except numbers.
std::string csv_cell(const std::string& text);

}  // namespace borderflow
