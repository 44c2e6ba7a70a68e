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

const char* const kTidyCsvHeader = "scenario,period,question,direction,element_kind,element_id,from,to,metric,unit,value\n";

std::string tidy_csv_line(const TidyRecord& r) {
  // A value too large to be a number here (an unlimited capacity) is no number either: the
  // column stays numeric for every reader.
  const std::string value = std::isfinite(r.value) ? format_fixed(r.value, r.decimals) : "";
  std::string out;
  for (const std::string* cell : {&r.scenario, &r.period, &r.question, &r.direction, &r.element_kind, &r.element_id,
                                  &r.from, &r.to, &r.metric, &r.unit}) {
    out += csv_cell(*cell) + ",";
  }
  return out + csv_cell(value) + "\n";
}

}  // namespace borderflow
