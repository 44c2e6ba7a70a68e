#pragma once
// Input problems are values, not crashes: every rejected input becomes a Diagnostic
// that names the file, line, column and YAML path of the offending field.
#include <compare>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace borderflow {

/// The name of an input file as messages print it. Every position in one file shares one copy of
/// the name (a 1M-link network in tables held a ~48-byte heap copy of "net/link.csv" per link and
/// per place: issue 13, memory per link), so a location costs 16 bytes for its file whatever the
/// path's length. Pass FileName, not std::string, wherever locations of one file are made in bulk
/// (a reader's rows, a YAML tree's nodes): built from a std::string, it makes a new copy.
/// It reads as the std::string it names: comparisons, concatenation and conversion to
/// const std::string& behave as they did when `file` was a std::string.
class FileName {
 public:
  FileName() = default;
  // NOLINTNEXTLINE(google-explicit-constructor): a file's name stands for itself.
  FileName(const std::string& name) : name_(name.empty() ? nullptr : std::make_shared<const std::string>(name)) {}
  // NOLINTNEXTLINE(google-explicit-constructor)
  FileName(std::string&& name)
      : name_(name.empty() ? nullptr : std::make_shared<const std::string>(std::move(name))) {}
  // NOLINTNEXTLINE(google-explicit-constructor)
  FileName(const char* name) : FileName(std::string(name)) {}

  const std::string& str() const { return name_ ? *name_ : empty_name(); }
  // NOLINTNEXTLINE(google-explicit-constructor)
  operator const std::string&() const { return str(); }
  bool empty() const { return !name_; }
  std::size_t size() const { return str().size(); }
  const char* c_str() const { return str().c_str(); }

  friend bool operator==(const FileName& a, const FileName& b) { return a.name_ == b.name_ || a.str() == b.str(); }
  friend std::strong_ordering operator<=>(const FileName& a, const FileName& b) {
    return a.str().compare(b.str()) <=> 0;
  }
  friend std::string operator+(const FileName& a, const std::string& b) { return a.str() + b; }
  friend std::string operator+(const FileName& a, const char* b) { return a.str() + b; }
  friend std::string operator+(const FileName& a, char b) { return a.str() + b; }
  friend std::string operator+(const std::string& a, const FileName& b) { return a + b.str(); }
  friend std::string operator+(const char* a, const FileName& b) { return a + b.str(); }
  friend std::ostream& operator<<(std::ostream& out, const FileName& name) { return out << name.str(); }

 private:
  static const std::string& empty_name() {
    static const std::string empty;
    return empty;
  }
  std::shared_ptr<const std::string> name_;  ///< null for no file ("")
};

/// A position in an input file; line and column are 1-based, 0 when unknown.
struct SourceLocation {
  FileName file;
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
