#include "report/table_helpers.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace borderflow {

std::string pad(const std::string& text, std::size_t width, bool right) {
  // Width counts code points so that non-ASCII names do not break alignment.
  std::size_t length = 0;
  for (unsigned char c : text) length += (c & 0xc0) != 0x80;
  if (length >= width) return text;
  const std::string fill(width - length, ' ');
  return right ? fill + text : text + fill;
}

/// A plain-text table with column widths fitted to content; `right` marks numeric columns.
std::string text_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& right) {
  std::vector<std::size_t> width(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
      std::size_t length = 0;
      for (unsigned char c : row[i]) length += (c & 0xc0) != 0x80;
      width[i] = std::max(width[i], length);
    }
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const bool last = i + 1 == row.size();
      text += last && !right[i] ? row[i] : pad(row[i], width[i], right[i]);
      if (!last) text += "  ";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += "  " + text + "\n";
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
  auto escape = [](std::string cell) {
    std::string out;
    for (char c : cell) {
      if (c == '|') out += "\\|";
      else out += c;
    }
    return out;
  };
  std::string out = "|";
  for (const auto& h : header) out += " " + escape(h) + " |";
  out += "\n|";
  for (std::size_t i = 0; i < header.size(); ++i) out += right[i] ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (const auto& cell : row) out += " " + escape(cell) + " |";
    out += "\n";
  }
  return out;
}

/// CSV cell: quoted when needed; a leading = + - @ is defused for spreadsheets, except numbers.
std::string csv_cell(const std::string& text) {
  std::string cell = text;
  const bool numeric = parse_decimal(text).has_value();
  if (!cell.empty() && !numeric && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@')) {
    cell = "'" + cell;
  }
  if (cell.find_first_of(",\"\n") != std::string::npos) {
    std::string quoted = "\"";
    for (char c : cell) {
      if (c == '"') quoted += "\"\"";
      else quoted += c;
    }
    return quoted + "\"";
  }
  return cell;
}

}  // namespace borderflow
