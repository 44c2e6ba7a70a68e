// engine/core/table: display widths, padding, and the text and Markdown tables.
#include <catch2/catch.hpp>

#include "core/table.hpp"

using namespace borderflow;
using Catch::Matchers::Contains;

TEST_CASE("table: display width counts terminal columns, not bytes", "[core][table]") {
  CHECK(display_width("") == 0);
  CHECK(display_width("abc") == 3);
  CHECK(display_width("Хасан") == 5);        // 2-byte letters, one column each
  CHECK(display_width("두만강") == 6);       // Hangul syllables are wide
  CHECK(display_width("丹东 x") == 6);       // CJK ideographs are wide
  CHECK(display_width("e\xCC\x81") == 1);    // e + combining acute accent
  CHECK(display_width("\xE2\x80\x8B") == 0);  // zero-width space
  CHECK(display_width("\xD0") == 1);          // a truncated sequence still takes a column
}

TEST_CASE("table: pad fills to a display width, on either side", "[core][table]") {
  CHECK(pad("ab", 5) == "ab   ");
  CHECK(pad("ab", 5, true) == "   ab");
  CHECK(pad("abcdef", 3) == "abcdef");
  CHECK(pad("Хасан", 7) == "Хасан  ");
  CHECK(pad("두만강", 8) == "두만강  ");
}

TEST_CASE("table: text tables fit columns, align numbers right, drop trailing blanks", "[core][table]") {
  const std::string table = text_table({"route", "t/yr"}, {{"ru-kp", "5,000,000"}, {"두만강", "12"}}, {false, true});
  CHECK(table ==
        "  route        t/yr\n"
        "  ------  ---------\n"
        "  ru-kp   5,000,000\n"
        "  두만강         12\n");
  // A left-aligned last column is not padded.
  CHECK(text_table({"a", "b"}, {{"x", "long"}}, {false, false}) == "  a  b\n  -  ----\n  x  long\n");
}

TEST_CASE("table: Markdown tables escape pipes and mark numeric columns", "[core][table]") {
  CHECK(markdown_table({"route", "t/yr"}, {{"a|b", "5"}}, {false, true}) ==
        "| route | t/yr |\n|---|---:|\n| a\\|b | 5 |\n");
}

TEST_CASE("table: control and bidi characters in cells become visible escapes", "[core][table]") {
  // U+009B (CSI on 8-bit terminals) and U+202E (right-to-left override) from a place name.
  const std::string table = text_table({"name", "t/yr"}, {{"a\xC2\x9B" "2J", "1"}, {"\xE2\x80\xAE" "evil", "2"}}, {false, true});
  CHECK(table ==
        "  name          t/yr\n"
        "  ------------  ----\n"
        "  a\\u{9b}2J        1\n"
        "  \\u{202e}evil     2\n");
  CHECK(text_table({"a"}, {{"x\ny\tz"}}, {false}) == "  a\n  -------------\n  x\\u{a}y\\u{9}z\n");
}

TEST_CASE("table: Markdown cells cannot open HTML tags or new cells", "[core][table]") {
  CHECK(markdown_table({"name"}, {{"<script>x</script> & a|b \\ \xC2\x9B"}}, {false}) ==
        "| name |\n|---|\n| &lt;script>x&lt;/script> &amp; a\\|b \\\\ \\\\u{9b} |\n");
}

TEST_CASE("table: wrap_text breaks at spaces, and inside a word only when it is wider than the column", "[core][table]") {
  CHECK(wrap_text("short", 10) == std::vector<std::string>{"short"});
  CHECK(wrap_text("", 10) == std::vector<std::string>{""});
  CHECK(wrap_text("link a b + link c d + link e f", 12) ==
        std::vector<std::string>{"link a b +", "link c d +", "link e f"});
  CHECK(wrap_text("abcdefghij-klmno", 6) == std::vector<std::string>{"abcdef", "ghij-k", "lmno"});
  // Wide characters count two columns: never cut inside a character, never past the width.
  for (const auto& line : wrap_text("두만강 두만강두만강 Хасан-Туманган", 5)) CHECK(display_width(line) <= 5);
  // A leading indent stays on the first line.
  CHECK(wrap_text("  change Mt/yr per year", 14).front() == "  change Mt/yr");
}

TEST_CASE("table: a table wider than max_width wraps its widest text column, never a number", "[core][table]") {
  const std::vector<std::string> header = {"route", "Mt/yr", "bottleneck"};
  const std::vector<std::vector<std::string>> rows = {
      {"ru-kp", "5.0", "link khasan-tumangang ru-khasan->kp-tumangang 5.0 + transfer tumangang-bogie rail:1520->rail:1435 1.1"},
      {"cn-kp", "12,345.0", "-"}};
  const std::string wide = text_table(header, rows, {false, true, false});
  CHECK(text_table(header, rows, {false, true, false}, 1000) == wide);  // room enough: unchanged
  for (std::size_t width : {100u, 60u, 40u}) {
    const std::string table = text_table(header, rows, {false, true, false}, width);
    std::size_t lines = 0;
    for (std::size_t start = 0; start < table.size(); ++lines) {
      const std::size_t end = table.find('\n', start);
      CAPTURE(width, table);
      CHECK(display_width(std::string_view(table).substr(start, end - start)) <= width);
      start = end + 1;
    }
    CHECK(lines > 4);  // the long cell took more than one line
    CHECK_THAT(table, Contains("12,345.0"));  // numbers whole
    CHECK_THAT(table, Contains("khasan-tumangang"));
  }
  // Continuation lines leave the other columns blank.
  const std::string table = text_table(header, rows, {false, true, false}, 40);
  CHECK_THAT(table, Contains("\n                 ") );
}

TEST_CASE("table: fit_lines wraps prose lines with a hanging indent and leaves short ones", "[core][table]") {
  CHECK(fit_lines("short\n  also short\n", 20) == "short\n  also short\n");
  CHECK(fit_lines("Demands (least-cost routing, all demands sharing capacity)\n", 30) ==
        "Demands (least-cost routing,\n  all demands sharing\n  capacity)\n");
  CHECK(fit_lines("no limit at all on this line", 0) == "no limit at all on this line");
}
