#pragma once
// Small text utilities shared by the loader and the reports.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace borderflow {

/// Edit distance (Levenshtein plus adjacent transpositions), used for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The closest candidate within a small distance (and fewer edits than the word has characters), if any.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// Ids: [A-Za-z0-9][A-Za-z0-9_.:-]{0,63}.
bool is_valid_id(std::string_view id);

/// Valid UTF-8 with no control characters other than tab.
bool is_clean_utf8(std::string_view text);

/// `text` safe to print on a terminal: every control character (C0 including tab and newline,
/// DEL, C1 such as U+009B, the 8-bit CSI), the bidirectional controls (U+061C, U+200E, U+200F,
/// U+202A-U+202E, U+2066-U+2069) and the line and paragraph separators U+2028, U+2029 become a
/// visible "\u{9b}", and bytes that are not UTF-8 become "\x{ff}", so that names from a file
/// cannot move the cursor, recolour the terminal or reorder the text around them. Newlines stay
/// when `keep_newlines` (free text printed on lines of its own). Other text is returned as is.
std::string escape_controls(std::string_view text, bool keep_newlines = false);

/// `text` for Markdown, which viewers render as HTML: escape_controls, then '<' and '&' as HTML
/// entities (a name can open no tag and spell no entity), '\\' and '|' with a backslash (nor end
/// a table cell). '>' alone opens nothing and stays, so "ru-a->kp-b" reads as written.
std::string escape_markdown(std::string_view text);

/// Locale-free strict decimal: optional sign, digits, optional fraction, optional exponent.
/// Rejects hex, octal-looking leading zeros ("010"), '_', inf and nan.
std::optional<double> parse_decimal(std::string_view text);

/// Fixed-precision, locale-free formatting: format_fixed(1234.5, 1) == "1234.5".
std::string format_fixed(double value, int decimals);

/// A double as the shortest fixed-notation text that reads back to the same value, for files
/// other programs read (CSV): format_real(1e6) == "1000000", "" for NaN, "inf"/"-inf".
std::string format_real(double value);

/// Thousands-grouped integer for tables: 1234567 -> "1,234,567".
std::string format_grouped(double value);

/// `value` rounded to `figures` significant figures for tables, grouped when it has no fraction:
/// format_significant(45.87, 3) == "45.9", (618123456, 3) == "618,000,000", (0.7612, 3) ==
/// "0.761", (0, 3) == "0". Tables print inputs that span 2-5x; more digits would be false precision.
std::string format_significant(double value, int figures);

}  // namespace borderflow
