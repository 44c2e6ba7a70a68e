// engine/core/table: display widths, padding, and the text and Markdown tables.
#include <catch2/catch.hpp>

#include "core/table.hpp"

using namespace borderflow;

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
