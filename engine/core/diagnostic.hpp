#pragma once
// Input problems are values, not crashes: every rejected input becomes a Diagnostic
// that names the file, line, column and YAML path of the offending field.
#include <stdexcept>
#include <string>
#include <vector>

namespace borderflow {

/// A position in an input file; line and column are 1-based, 0 when unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// An error rejects the input; a warning is said and the input is used as written.
enum class Severity { Error, Warning };

struct Diagnostic {
  SourceLocation where;
  std::string message;
  std::string yaml_path;  ///< e.g. "links[3].capacity"; empty when the whole file is meant
  Severity severity = Severity::Error;

  /// "FILE:LINE:COLUMN: error: MESSAGE (at PATH)" ("warning:" for a warning)
  std::string format() const;
};

/// Thrown by the scenario loader with every problem it found, in file order.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  /// One problem; the common case at file level (missing file, size limit).
  InputError(SourceLocation where, std::string message, std::string yaml_path = {});
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// How many diagnostics are printed before the rest are only counted: enough to fix a file in one
/// pass, few enough that a file of garbage cannot flood the terminal (49,000 unknown keys once
/// gave 11 MB of error output).
inline constexpr std::size_t kMaxPrintedDiagnostics = 100;

/// The diagnostics as the CLI prints them, one line each: at most `limit` of them, then
/// "... and N more errors (first LIMIT shown)" when some were left out, then the count of all
/// ("1 error", "3 errors").
std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics,
                               std::size_t limit = kMaxPrintedDiagnostics);

/// A failure of the user's environment, not of their input text nor of the engine: an output
/// path in a missing folder or on a full disk, a closed standard output. what() names the path
/// and the system's reason ("cannot write out/x.json: No such file or directory"); the CLI exits
/// 2, as for an input error, since the user can fix it.
class EnvironmentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Collects diagnostics while a stage keeps going, so that one run reports them all.
class DiagnosticSink {
 public:
  void error(SourceLocation where, std::string message, std::string yaml_path = {});
  /// Kept apart from the errors: warnings never make throw_if_any throw.
  void warning(SourceLocation where, std::string message, std::string yaml_path = {});
  const std::vector<Diagnostic>& warnings() const { return warnings_; }
  bool empty() const { return diagnostics_.empty(); }
  std::size_t size() const { return diagnostics_.size(); }
  /// Throws InputError when anything was reported; diagnostics are sorted by file, line, column.
  void throw_if_any();
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
  std::vector<Diagnostic> warnings_;
};

}  // namespace borderflow
