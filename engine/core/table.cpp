#include "core/table.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace borderflow {
namespace {

/// Zero-width code points: combining marks, zero-width spaces and joiners, variation selectors.
bool zero_width(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
         (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1160 && c <= 0x11FF);  // Hangul medial and final jamo
}

/// East Asian wide and fullwidth ranges (Unicode UAX #11, the blocks met in practice).
bool wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
         (c >= 0x1F300 && c <= 0x1F64F) || (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {  // ASCII, nearly every byte of a report: one column, as below
      ++width;
      ++i;
      continue;
    }
    // Sequence length from the lead byte; a stray continuation byte counts as one column.
    const std::size_t length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = length == 1 ? lead : lead & (0x7F >> length);
    std::size_t taken = 1;
    while (taken < length && i + taken < text.size() && (static_cast<unsigned char>(text[i + taken]) & 0xC0) == 0x80) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + taken]) & 0x3F);
      ++taken;
    }
    i += taken;
    if (taken < length) c = 0xFFFD;  // truncated sequence
    width += zero_width(c) ? 0 : wide(c) ? 2 : 1;
  }
  return width;
}

std::string pad(const std::string& text, std::size_t width, bool right) {
  const std::size_t length = display_width(text);
  if (length >= width) return text;
  const std::string fill(width - length, ' ');
  return right ? fill + text : text + fill;
}

namespace {

std::vector<std::vector<std::string>> escaped(const std::vector<std::vector<std::string>>& rows,
                                              std::string (*escape)(std::string_view)) {
  std::vector<std::vector<std::string>> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    std::vector<std::string>& cells = out.emplace_back();
    for (const auto& cell : row) cells.push_back(escape(cell));
  }
  return out;
}

std::string escape_cell(std::string_view text) { return escape_controls(text); }

}  // namespace

std::vector<std::string> wrap_text(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  if (width == 0 || display_width(text) <= width) return {text};
  std::string line;
  std::size_t line_width = 0;
  auto flush = [&] {
    lines.push_back(line);
    line.clear();
    line_width = 0;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    // The next word and the spaces before it.
    std::size_t start = i;
    while (start < text.size() && text[start] == ' ') ++start;
    std::size_t end = start;
    while (end < text.size() && text[end] != ' ') ++end;
    const std::string spaces = text.substr(i, start - i);
    std::string word = text.substr(start, end - start);
    i = end;
    if (word.empty()) break;  // trailing spaces
    const std::size_t word_width = display_width(word);
    if (line_width > 0 && line_width + display_width(spaces) + word_width <= width) {
      line += spaces + word;
      line_width += display_width(spaces) + word_width;
      continue;
    }
    if (line_width > 0) flush();
    if (line_width == 0 && lines.empty() && !spaces.empty() && display_width(spaces) + word_width <= width) {
      line = spaces + word;  // a leading indent ("  change") stays
      line_width = display_width(line);
      continue;
    }
    // A word wider than the column: cut it at code points, `width` columns a piece.
    while (display_width(word) > width) {
      std::size_t cut = 0, cut_width = 0;
      while (cut < word.size()) {
        std::size_t next = cut + 1;
        while (next < word.size() && (static_cast<unsigned char>(word[next]) & 0xC0) == 0x80) ++next;
        const std::size_t w = display_width(std::string_view(word).substr(cut, next - cut));
        if (cut_width + w > width && cut > 0) break;
        cut_width += w;
        cut = next;
      }
      lines.push_back(word.substr(0, cut));
      word = word.substr(cut);
    }
    line = word;
    line_width = display_width(word);
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

std::string fit_lines(const std::string& text, std::size_t width) {
  if (width == 0) return text;
  std::string out;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    const bool newline = end != std::string::npos;
    if (!newline) end = text.size();
    const std::string line = text.substr(begin, end - begin);
    begin = end + 1;
    if (display_width(line) <= width) {
      out += line + (newline ? "\n" : "");
      continue;
    }
    const std::size_t indent = line.find_first_not_of(' ') == std::string::npos ? 0 : line.find_first_not_of(' ');
    const std::size_t hanging = indent + 2 < width / 2 ? indent + 2 : 0;
    const std::vector<std::string> first = wrap_text(line, width);
    // The first piece as it wraps at the full width; the rest again at the width left after
    // the hanging indent.
    std::string rest;
    for (std::size_t i = 1; i < first.size(); ++i) rest += (i > 1 ? " " : "") + first[i];
    out += first.front() + "\n";
    for (const auto& piece : wrap_text(rest, width - hanging)) out += std::string(hanging, ' ') + piece + "\n";
    if (!newline) out.pop_back();
  }
  return out;
}

namespace {

/// The widest word of `text` (runs between spaces): how narrow its column can get without a
/// word being cut.
std::size_t widest_word(const std::string& text) {
  std::size_t widest = 0, start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    widest = std::max(widest, display_width(std::string_view(text).substr(start, end - start)));
    start = end + 1;
  }
  return widest;
}

/// What a column needs, measured before it is narrowed.
struct ColumnNeeds {
  std::size_t cells = 0;        ///< its widest cell below the header
  std::size_t cell_word = 0;    ///< the widest word of those cells
  std::size_t header_word = 0;  ///< the widest word of its header
};

/// Narrows the columns of `width` until the line fits `max_width`, in steps that cost the reader
/// least first: text columns narrow to their widest word (cells wrap at spaces only) and any
/// column whose header is wider than its cells wraps its header; then right-aligned columns that
/// hold words (a value with its band, a bottleneck named in a scenario's column) narrow to their
/// widest word; only then are text columns cut inside words, down to kMinWrappedColumn. Each
/// step narrows the widest column that may still give, to the next widest or to what is left,
/// so narrow columns keep their width. A single number is never cut.
void fit_columns(std::vector<std::size_t>& width, const std::vector<bool>& right, const std::vector<ColumnNeeds>& needs,
                 std::size_t max_width) {
  auto line_width = [&] {
    std::size_t total = 2 + 2 * (width.size() - 1);
    for (std::size_t w : width) total += w;
    return total;
  };
  for (const int phase : {0, 1, 2}) {
    auto floor_of = [&](std::size_t i) -> std::size_t {
      const ColumnNeeds& n = needs[i];
      const std::size_t words = std::max({n.cell_word, n.header_word, std::size_t{1}});
      if (phase == 2) return std::min(words, kMinWrappedColumn);  // text cut inside words
      if (phase == 1) return words;                               // right-aligned cells wrap
      return right[i] ? std::max({n.cells, n.header_word, std::size_t{1}}) : std::max(words, kMinWrappedColumn);
    };
    auto in_phase = [&](std::size_t i) { return phase == 0 || (phase == 1 ? right[i] : !right[i]); };
    auto may_give = [&](std::size_t i) { return in_phase(i) && width[i] > floor_of(i); };
    while (line_width() > max_width) {
      std::size_t widest = width.size();
      for (std::size_t i = 0; i < width.size(); ++i) {
        if (!may_give(i)) continue;
        if (widest == width.size() || width[i] > width[widest]) widest = i;
      }
      if (widest == width.size()) break;  // nothing may give more in this phase
      std::size_t second = 0;
      for (std::size_t i = 0; i < width.size(); ++i) {
        if (i != widest && in_phase(i) && width[i] < width[widest]) second = std::max(second, width[i]);
      }
      const std::size_t excess = line_width() - max_width;
      std::size_t target = width[widest] > excess ? width[widest] - excess : 0;
      target = std::max({target, second, floor_of(widest)});
      if (target >= width[widest]) target = width[widest] - 1;  // ties: one column at a time
      width[widest] = target;
    }
  }
}

}  // namespace

std::string text_table(const std::vector<std::string>& raw_header, const std::vector<std::vector<std::string>>& raw_rows,
                       const std::vector<bool>& right, std::size_t max_width) {
  // Cells are escaped before they are measured, so an escape widens its column like any text.
  const std::vector<std::string> header = escaped({raw_header}, escape_cell).front();
  const auto rows = escaped(raw_rows, escape_cell);
  std::vector<std::size_t> width(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], display_width(row[i]));
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  if (max_width > 0 && !width.empty()) {
    std::vector<ColumnNeeds> needs(width.size());
    for (std::size_t i = 0; i < header.size() && i < needs.size(); ++i) needs[i].header_word = widest_word(header[i]);
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < row.size() && i < needs.size(); ++i) {
        needs[i].cells = std::max(needs[i].cells, display_width(row[i]));
        needs[i].cell_word = std::max(needs[i].cell_word, widest_word(row[i]));
      }
    }
    fit_columns(width, right, needs, max_width);
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    // Each cell wrapped to its column; the row takes as many lines as its tallest cell.
    std::vector<std::vector<std::string>> cells;
    std::size_t height = 1;
    for (std::size_t i = 0; i < row.size(); ++i) {
      cells.push_back(i < width.size() ? wrap_text(row[i], width[i]) : std::vector<std::string>{row[i]});
      height = std::max(height, cells.back().size());
    }
    for (std::size_t l = 0; l < height; ++l) {
      std::string text;
      for (std::size_t i = 0; i < row.size(); ++i) {
        const std::string& cell = l < cells[i].size() ? cells[i][l] : std::string();
        const bool last = i + 1 == row.size();
        text += last && !right[i] ? cell : pad(cell, width[i], right[i]);
        if (!last) text += "  ";
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out += "  " + text + "\n";
    }
  };
  line(header);
  std::vector<std::string> rule;
  for (std::size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : rows) line(row);
  return out;
}

std::string markdown_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                           const std::vector<bool>& right) {
  std::string out = "|";
  for (const auto& h : header) out += " " + escape_markdown(h) + " |";
  out += "\n|";
  for (std::size_t i = 0; i < header.size(); ++i) out += right[i] ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (const auto& cell : row) out += " " + escape_markdown(cell) + " |";
    out += "\n";
  }
  return out;
}

}  // namespace borderflow
