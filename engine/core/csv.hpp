#pragma once
// The one CSV cell writer of borderflow: every CSV file (run and compare reports, sweep exports,
// sweep summaries) writes each cell through csv_cell, so they quote and guard alike.
//
// Quoting follows RFC 4180: a cell holding a comma, a double quote, CR or LF is enclosed in
// double quotes, with inner quotes doubled; any other cell is written as it is.
//
// Formula injection: a spreadsheet opening the file runs a cell that begins with = + - @ (or
// a tab or CR, which some strip first) as a formula, so such a cell gets a leading apostrophe,
// which spreadsheets read as "text" (the OWASP "CSV injection" rule). One rule for every cell,
// header or data, text or number column, because names a user typed reach both. The only
// exception is a cell that is a plain decimal number ("-12.5", "+3", "1e-3", as parse_decimal
// reads it): a spreadsheet reads it as a number, it cannot carry a formula, and a signed value
// (a delta, a negative cost) must stay a number for the reader.
#include <cmath>
#include <string>

namespace borderflow {

/// One CSV cell, guarded and quoted as above.
std::string csv_cell(const std::string& text);

/// One record of the tidy CSV that `run`, `compare` and `critical` write (one schema for all,
/// documented column by column in docs/schema/README.md): who (scenario, period), which question
/// (a route id with its direction "forward"/"reverse", or a demand id), which element (kind, id,
/// and its direction of travel as from/to ids), what (metric, unit) and one number. Columns
/// hold single ids or, for sets (a demand's origins), ids separated by one space: ids cannot
/// contain spaces (core/text.hpp is_valid_id), so every column splits without guessing.
struct TidyRecord {
  std::string scenario, period, question, direction, element_kind, element_id, from, to, metric, unit;
  double value = NAN;  ///< NaN: no number (an empty cell, read as null)
  int decimals = 1;    ///< digits after the point the value is written with
};

/// "scenario,period,question,direction,element_kind,element_id,from,to,metric,unit,value\n".
extern const char* const kTidyCsvHeader;

/// The record as one CSV line (with its newline); the value in fixed notation with `decimals`.
std::string tidy_csv_line(const TidyRecord& record);

}  // namespace borderflow
