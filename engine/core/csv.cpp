#include "core/csv.hpp"

#include "core/text.hpp"

namespace borderflow {

std::string csv_cell(const std::string& text) {
  std::string cell;
  const bool formula_start = !text.empty() && std::string("=+-@\t\r").find(text[0]) != std::string::npos;
  if (formula_start && !parse_decimal(text).has_value()) cell = "'";
  cell += text;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace borderflow
