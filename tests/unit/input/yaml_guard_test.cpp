// engine/input/yaml_guard: every guard of reliability.md Part 1.3, steps 1-3.
#include <catch2/catch.hpp>

#include <string>

#include "input/yaml_guard.hpp"

using namespace borderflow;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

/// The single diagnostic parse_yaml_guarded rejects `text` with.
Diagnostic rejection(const std::string& text, const Limits& limits = {}) {
  try {
    (void)parse_yaml_guarded(text, "t.yaml", limits);
  } catch (const InputError& error) {
    REQUIRE(error.diagnostics().size() == 1);
    CHECK(error.diagnostics()[0].where.file == "t.yaml");
    return error.diagnostics()[0];
  }
  FAIL("expected the text to be rejected:\n" << text);
  return {};
}

std::string nested(int depth) { return "a: " + std::string(depth - 1, '[') + "1" + std::string(depth - 1, ']') + "\n"; }

}  // namespace

TEST_CASE("a plain mapping loads", "[guard]") {
  const YamlDocument doc = parse_yaml_guarded("borderflow: 1\nname: \"x\"\nlist: [a, 'b', c]\n", "t.yaml", {});
  CHECK(doc.file == "t.yaml");
  REQUIRE(doc.root.IsMap());
  CHECK(doc.root["name"].Scalar() == "x");
  CHECK(doc.root["list"].size() == 3);
}

TEST_CASE("Windows line endings are accepted and do not leak into values", "[guard]") {
  const YamlDocument doc =
      parse_yaml_guarded("borderflow: 1\r\nname: x\r\ndescription: |\r\n  two\r\n  lines\r\n", "t.yaml", {});
  CHECK(doc.root["name"].Scalar() == "x");
  CHECK(doc.root["description"].Scalar().find('\r') == std::string::npos);
}

TEST_CASE("anchors and aliases are rejected at the anchor", "[guard]") {
  const Diagnostic anchor = rejection("borderflow: 1\nname: &n A\n");
  CHECK(anchor.where.line == 2);
  CHECK(anchor.where.column == 7);
  CHECK_THAT(anchor.message, Contains("anchors (&name) are not allowed"));

  // A billion-laughs bomb stops at its first anchor, long before anything is expanded.
  std::string bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) bomb += std::string(i ? ", *" : "*") + static_cast<char>(c - 1);
    bomb += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const Diagnostic bombed = rejection(bomb);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  CHECK(bombed.where.line == 1);
  CHECK_THAT(bombed.message, Contains("anchors"));

  // A cyclic alias also dies at its anchor.
  CHECK_THAT(rejection("a: &x [1, *x]\n").message, Contains("anchors"));
}

TEST_CASE("an alias without an anchor is a YAML error with a position", "[guard]") {
  const Diagnostic d = rejection("borderflow: 1\nname: *x\n");
  CHECK(d.where.line == 2);
  CHECK_THAT(d.message, StartsWith("invalid YAML"));
}

TEST_CASE("explicit tags are rejected, non-specific ones are fine", "[guard]") {
  CHECK(rejection("name: !!binary aGVsbG8=\n").message == "tags ('!!binary') are not allowed");
  CHECK(rejection("name: !!str x\n").message == "tags ('!!str') are not allowed");
  CHECK(rejection("name: !custom x\n").message == "tags ('!custom') are not allowed");
  const Diagnostic on_map = rejection("a: !thing {b: 1}\n");
  CHECK(on_map.where.line == 1);
  CHECK(on_map.where.column == 4);
  CHECK_NOTHROW(parse_yaml_guarded("name: ! x\n", "t.yaml", {}));  // "!" is the non-specific tag
}

TEST_CASE("exactly one document", "[guard]") {
  const Diagnostic second = rejection("borderflow: 1\n---\nname: second\n");
  CHECK(second.where.line == 2);
  CHECK_THAT(second.message, Contains("second YAML document"));
  CHECK_THAT(rejection("a: 1\n...\nb: 2\n").message, Contains("second YAML document"));
  CHECK_NOTHROW(parse_yaml_guarded("---\na: 1\n", "t.yaml", {}));     // one explicit document
  CHECK_NOTHROW(parse_yaml_guarded("a: 1\n...\n", "t.yaml", {}));     // explicit end, nothing after
}

TEST_CASE("a lone comma (yaml-cpp 0.7 LoadAll loops on it) is rejected quickly", "[guard]") {
  const auto start = std::chrono::steady_clock::now();
  const Diagnostic comma = rejection(",");
  CHECK(comma.where.line == 1);
  CHECK(comma.message == "unexpected ',': expected a mapping of scenario sections ('key: value' lines)");
  const Diagnostic later = rejection("\n\n,\n");
  CHECK(later.where.line == 3);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
}

TEST_CASE("nesting is limited to 16 levels", "[guard]") {
  CHECK_NOTHROW(parse_yaml_guarded(nested(16), "t.yaml", {}));
  const Diagnostic d = rejection(nested(17));
  CHECK(d.message == "nesting deeper than 16 levels");
  CHECK(d.where.line == 1);
  CHECK(d.where.column == 19);  // "a: " then the 17th opening bracket
  // Far deeper than yaml-cpp's own guard (500) is still our error, not a crash.
  CHECK(rejection(std::string(100000, '[')).message == "nesting deeper than 16 levels");
  Limits shallow;
  shallow.max_depth = 2;
  CHECK_NOTHROW(parse_yaml_guarded("a: [1]\n", "t.yaml", shallow));
  CHECK(rejection("a: [[1]]\n", shallow).message == "nesting deeper than 2 levels");
}

TEST_CASE("the node count is limited", "[guard]") {
  Limits few;
  few.max_nodes = 10;
  // The root map, then key and value per entry: 1 + 2 * 4 = 9 nodes.
  CHECK_NOTHROW(parse_yaml_guarded("a: 1\nb: 2\nc: 3\nd: 4\n", "t.yaml", few));
  const Diagnostic d = rejection("a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n", few);
  CHECK(d.message == "more than 10 YAML nodes in one file; raise it with --max-yaml-nodes N, or --trusted for input you trust");
  CHECK(d.where.line == 5);
  // The default limit is 100,000.
  std::string big = "a: [";
  for (int i = 0; i < 100000; ++i) big += "1,";
  big += "1]\n";
  CHECK(rejection(big).message == "more than 100000 YAML nodes in one file; raise it with --max-yaml-nodes N, or --trusted for input you trust");
}

TEST_CASE("scalars are limited to 4 KiB", "[guard]") {
  CHECK_NOTHROW(parse_yaml_guarded("a: " + std::string(4096, 'x') + "\n", "t.yaml", {}));
  const Diagnostic d = rejection("b: 1\na: " + std::string(4097, 'x') + "\n");
  CHECK(d.message == "value is 4097 bytes; the limit is 4096; raise it with --max-value-bytes N, or --trusted for input you trust");
  CHECK(d.where.line == 2);
  CHECK(d.where.column == 4);
  // Keys count too (an explicit key: yaml-cpp refuses implicit keys over 1024 characters itself).
  CHECK_THAT(rejection("? " + std::string(5000, 'k') + "\n: 1\n").message, Contains("the limit is 4096"));
}

TEST_CASE("NUL bytes are rejected with their position", "[guard]") {
  const Diagnostic d = rejection(std::string("borderflow: 1\nname: \"A\0B\"\n", 26));
  CHECK(d.message == "file contains a NUL byte; scenarios are UTF-8 text");
  CHECK(d.where.line == 2);
  CHECK(d.where.column == 9);
  CHECK(rejection(std::string("\0", 1)).where.line == 1);
}

TEST_CASE("invalid UTF-8 and control characters in values are rejected", "[guard]") {
  const Diagnostic latin1 = rejection("borderflow: 1\nname: Kh\xe1san\n");
  CHECK(latin1.message == "value is not valid UTF-8 text or contains control characters");
  CHECK(latin1.where.line == 2);
  CHECK(latin1.where.column == 7);
  CHECK_THAT(rejection("name: \"bell\\a\"\n").message, Contains("control characters"));  // escape in quotes
  CHECK_NOTHROW(parse_yaml_guarded("name: Хасан 두만강\n", "t.yaml", {}));
}

TEST_CASE("a quoted string without its closing quote is rejected, not run to the end of the file", "[guard]") {
  // yaml-cpp 0.7 accepts these when the file ends with a newline, swallowing the lines after them.
  const Diagnostic d = rejection("borderflow: 1\nname: \"tiny\nplaces:\n  - {id: a}\n");
  CHECK(d.message == "quoted text has no closing \"; it would run to the end of the file");
  CHECK(d.where.line == 2);
  CHECK(d.where.column == 7);
  CHECK(rejection("a: 'open\n").message == "quoted text has no closing '; it would run to the end of the file");
  CHECK(rejection("a: \"ends in an escaped quote\\\"\n").where.column == 4);
  // Properly closed quotes, with escapes and doubled single quotes, are fine.
  const YamlDocument doc = parse_yaml_guarded(
      "a: \"say \\\"hi\\\"\"\nb: 'it''s'\n'c': [\"x\", 'y']\nd: \"back\\\\\"\n", "t.yaml", {});
  CHECK(doc.root["a"].Scalar() == "say \"hi\"");
  CHECK(doc.root["b"].Scalar() == "it's");
  CHECK(doc.root["c"].size() == 2);
  CHECK(doc.root["d"].Scalar() == "back\\");
}

TEST_CASE("the root must be a mapping and the file not empty", "[guard]") {
  CHECK(rejection("").message == "empty file: expected a scenario mapping");
  CHECK(rejection("# only a comment\n\n").message == "empty file: expected a scenario mapping");
  CHECK(rejection("- a\n- b\n").message == "expected a mapping of scenario sections at the top of the file");
  CHECK(rejection("just text\n").message == "expected a mapping of scenario sections at the top of the file");
  CHECK(rejection("~\n").message == "expected a mapping of scenario sections at the top of the file");
}

TEST_CASE("malformed YAML is an error with a 1-based position", "[guard]") {
  for (const char* bad : {"[:", "{:", "[[:", "{# ke\ny{:", "a: [1, 2\n", "a: 1\n\tb: 2\n",
                          "a: 1\n]\n"}) {
    CAPTURE(bad);
    const Diagnostic d = rejection(bad);
    CHECK(d.where.line >= 1);
    CHECK(d.where.column >= 1);
    CHECK_FALSE(d.message.empty());
  }
}

TEST_CASE("text over the size limit is refused before parsing", "[guard]") {
  Limits tiny;
  tiny.max_file_bytes = 10;
  CHECK(rejection("a: 12345678\n", tiny).message == "input is 12 bytes; the limit is 10; raise it with --max-file-bytes N, or --trusted for input you trust");
}
