#pragma once
// The width text tables are fitted to (core/table.hpp): the terminal's when standard output is
// one, else $COLUMNS when it holds a positive number, else kDefaultTableWidth. Read here, in the
// command-line front, because report/ must not query the terminal (its output is a pure function
// of the answers and the width it is given).
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <string>

#include "core/table.hpp"
#include "core/text.hpp"

namespace borderflow_cli {

/// `to_stdout`: the table goes to standard output (not to a file given with -o), so a terminal
/// there sets its width.
inline std::size_t table_width(bool to_stdout) {
  winsize size{};
  if (to_stdout && ::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS")) {
    const auto value = borderflow::parse_decimal(columns);
    // Narrower than a few columns wraps every word onto its own line: no use to anyone.
    if (value && *value >= 20 && *value <= 10000 && *value == static_cast<double>(static_cast<std::size_t>(*value))) {
      return static_cast<std::size_t>(*value);
    }
  }
  return borderflow::kDefaultTableWidth;
}

}  // namespace borderflow_cli
