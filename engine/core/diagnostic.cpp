#include "core/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace borderflow {

std::string Diagnostic::format() const {
  std::string out = where.file.empty() ? std::string("<input>") : where.file.str();
  if (where.line > 0) {
    out += ':' + std::to_string(where.line) + ':' + std::to_string(where.column > 0 ? where.column : 1);
  }
  out += (severity == Severity::Warning ? ": warning: " : ": error: ") + message;
  if (!yaml_path.empty()) out += " (at " + yaml_path + ")";
  return out;
}

std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics, std::size_t limit) {
  std::string out;
  const std::size_t count = diagnostics.size();
  for (std::size_t i = 0; i < count && i < limit; ++i) out += diagnostics[i].format() + "\n";
  if (count > limit) {
    const std::size_t more = count - limit;
    out += "... and " + std::to_string(more) + (more == 1 ? " more error" : " more errors") + " (first " +
           std::to_string(limit) + " shown)\n";
  }
  return out + std::to_string(count) + (count == 1 ? " error\n" : " errors\n");
}

namespace {
std::string summarize(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return "input error";
  return diagnostics.front().format();
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(summarize(diagnostics)), diagnostics_(std::move(diagnostics)) {}

namespace {
std::vector<Diagnostic> one(SourceLocation where, std::string message, std::string yaml_path) {
  // Built member by member: GCC 12 at -O2 misreports brace-initialised aggregates here as
  // maybe-uninitialized.
  Diagnostic d;
  d.where = std::move(where);
  d.message = std::move(message);
  d.yaml_path = std::move(yaml_path);
  return {std::move(d)};
}
}  // namespace

InputError::InputError(SourceLocation where, std::string message, std::string yaml_path)
    : InputError(one(std::move(where), std::move(message), std::move(yaml_path))) {}

void DiagnosticSink::error(SourceLocation where, std::string message, std::string yaml_path) {
  diagnostics_.push_back({std::move(where), std::move(message), std::move(yaml_path)});
}

void DiagnosticSink::warning(SourceLocation where, std::string message, std::string yaml_path) {
  warnings_.push_back({std::move(where), std::move(message), std::move(yaml_path), Severity::Warning});
}

void DiagnosticSink::throw_if_any() {
  if (diagnostics_.empty()) return;
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) < std::tie(b.where.file, b.where.line, b.where.column);
  });
  // The same problem reached twice (e.g. through two paths of an extends chain) is said once.
  diagnostics_.erase(std::unique(diagnostics_.begin(), diagnostics_.end(),
                                 [](const Diagnostic& a, const Diagnostic& b) {
                                   return a.format() == b.format();
                                 }),
                     diagnostics_.end());
  throw InputError(std::move(diagnostics_));
}

}  // namespace borderflow
