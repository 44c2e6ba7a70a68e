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

/// The width tables are fitted to when nothing says otherwise (no terminal, no $COLUMNS).
inline constexpr std::size_t kDefaultTableWidth = 120;

/// A table with a dashed rule under the header, columns two spaces apart and fitted to their
/// widest cell, every line indented by two spaces and without trailing blanks. `right` marks the
/// right-aligned (numeric) columns, one flag per header cell. Cells pass through escape_controls
/// (core/text.hpp): a name from a file cannot drive the terminal that shows the table.
///
/// `max_width` (display columns, indent included; 0: no limit): when the table would be wider,
/// columns are narrowed, the widest first, and their cells wrapped onto more lines within the
/// column: text columns at spaces, then right-aligned cells that hold several words (a value
/// with its band) at spaces, and only then text inside a word. A single number is never cut. A
/// table whose numbers alone are wider than `max_width` keeps every text column at least
/// kMinWrappedColumn wide and may then still run past it.
std::string text_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& right, std::size_t max_width = 0);

/// The narrowest a wrapped text column gets.
inline constexpr std::size_t kMinWrappedColumn = 12;

/// `text` broken into lines of at most `width` display columns: at spaces (which are dropped at
/// the break), and inside a word only when the word alone is wider. Empty text gives one empty line.
std::vector<std::string> wrap_text(const std::string& text, std::size_t width);

/// Every line of `text` wider than `width` (0: no limit) wrapped at spaces, its continuation
/// lines indented two more than the line itself: for the prose around the tables (headings,
/// notes, descriptions), whose tables text_table has already fitted.
std::string fit_lines(const std::string& text, std::size_t width);

/// A GitHub-flavoured Markdown table; `right` columns get "---:". Cells pass through
/// escape_markdown (core/text.hpp): no cell can open an HTML tag or a new cell.
std::string markdown_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                           const std::vector<bool>& right);

}  // namespace borderflow
