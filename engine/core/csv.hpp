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
#include <string>

namespace borderflow {

/// One CSV cell, guarded and quoted as above.
std::string csv_cell(const std::string& text);

}  // namespace borderflow
