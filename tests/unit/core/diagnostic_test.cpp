// engine/core/diagnostic: the error format every input problem is reported in.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/diagnostic.hpp"

using namespace borderflow;

namespace {
borderflow::Diagnostic make_diagnostic(const char* file, int line, int column, const char* message, const char* path) {
  borderflow::Diagnostic d;
  d.where = {file, line, column};
  d.message = message;
  d.yaml_path = path;
  return d;
}
}  // namespace

TEST_CASE("Diagnostic::format is FILE:LINE:COLUMN: error: MESSAGE (at PATH)", "[diagnostic]") {
  CHECK(make_diagnostic("a.yaml", 3, 7, "bad", "links[0].capacity").format() ==
        "a.yaml:3:7: error: bad (at links[0].capacity)");
  CHECK(make_diagnostic("a.yaml", 3, 7, "bad", "").format() == "a.yaml:3:7: error: bad");
  CHECK(make_diagnostic("a.yaml", 3, 0, "bad", "").format() == "a.yaml:3:1: error: bad");  // unknown column
  CHECK(make_diagnostic("a.yaml", 0, 0, "cannot open file", "").format() == "a.yaml: error: cannot open file");
  CHECK(make_diagnostic("", 2, 2, "bad", "").format() == "<input>:2:2: error: bad");
}

TEST_CASE("DiagnosticSink collects, sorts by position and throws them all", "[diagnostic]") {
  DiagnosticSink sink;
  CHECK(sink.empty());
  sink.throw_if_any();  // nothing reported: no throw
  sink.error({"b.yaml", 1, 1}, "in b");
  sink.error({"a.yaml", 9, 1}, "late in a");
  sink.error({"a.yaml", 2, 5}, "early in a, right");
  sink.error({"a.yaml", 2, 3}, "early in a, left", "x");
  sink.error({"a.yaml", 2, 3}, "early in a, left", "x");  // the same problem twice is said once
  CHECK(sink.size() == 5);
  try {
    sink.throw_if_any();
    FAIL("expected InputError");
  } catch (const InputError& error) {
    const auto& d = error.diagnostics();
    REQUIRE(d.size() == 4);
    CHECK(d[0].message == "early in a, left");
    CHECK(d[1].message == "early in a, right");
    CHECK(d[2].message == "late in a");
    CHECK(d[3].message == "in b");
    CHECK(std::string(error.what()) == "a.yaml:2:3: error: early in a, left (at x)");
  }
}

TEST_CASE("InputError without diagnostics still says something", "[diagnostic]") {
  const InputError error({});
  CHECK(std::string(error.what()) == "input error");
  CHECK(error.diagnostics().empty());
}

TEST_CASE("format_diagnostics prints every line and the count, up to a cap", "[diagnostic]") {
  std::vector<Diagnostic> three;
  for (int line = 1; line <= 3; ++line) three.push_back(make_diagnostic("a.yaml", line, 1, "bad", ""));
  CHECK(format_diagnostics({three[0]}) == "a.yaml:1:1: error: bad\n1 error\n");
  CHECK(format_diagnostics(three) == "a.yaml:1:1: error: bad\na.yaml:2:1: error: bad\na.yaml:3:1: error: bad\n3 errors\n");
  CHECK(format_diagnostics(three, 3) == format_diagnostics(three));  // exactly at the cap: nothing left out
  CHECK(format_diagnostics(three, 2) ==
        "a.yaml:1:1: error: bad\na.yaml:2:1: error: bad\n... and 1 more error (first 2 shown)\n3 errors\n");
  // The default cap: 49,000 problems print 100 lines, not 49,000.
  const std::vector<Diagnostic> many(49000, three[0]);
  const std::string text = format_diagnostics(many);
  CHECK(std::count(text.begin(), text.end(), '\n') == 102);
  CHECK(text.find("... and 48900 more errors (first 100 shown)\n49000 errors\n") != std::string::npos);
}
