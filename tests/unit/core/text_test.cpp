// engine/core/text: hints, ids, UTF-8 and the strict, locale-free number grammar.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/text.hpp"

using namespace borderflow;

TEST_CASE("edit_distance counts insertions, deletions, substitutions and transpositions", "[text]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("capacity", "capacity") == 0);
  CHECK(edit_distance("capacty", "capacity") == 1);   // deletion
  CHECK(edit_distance("capacityy", "capacity") == 1); // insertion
  CHECK(edit_distance("capasity", "capacity") == 1);  // substitution
  CHECK(edit_distance("raod", "road") == 1);          // adjacent transposition
  CHECK(edit_distance("lenght", "length") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("abc", "xyz") == 3);
  // Symmetric.
  CHECK(edit_distance("from", "form") == edit_distance("form", "from"));
}

TEST_CASE("closest_match suggests near words only", "[text]") {
  const std::vector<std::string> keys = {"id", "name", "from", "to", "mode", "gauge", "length", "capacity"};
  CHECK(closest_match("capacty", keys) == std::optional<std::string>("capacity"));
  CHECK(closest_match("lenght", keys) == std::optional<std::string>("length"));
  CHECK(closest_match("fom", keys) == std::optional<std::string>("from"));
  CHECK(closest_match("guage", keys) == std::optional<std::string>("gauge"));
  // A transposition beats an equally short substitution: "raod" is "road", not "rail".
  CHECK(closest_match("raod", {"rail", "road", "sea", "pipeline"}) == std::optional<std::string>("road"));
  // Far words get no hint, and neither do words that would have to be rewritten entirely.
  CHECK_FALSE(closest_match("bandwidth", keys).has_value());
  CHECK_FALSE(closest_match("<<", keys).has_value());
  CHECK_FALSE(closest_match("xy", keys).has_value());
  CHECK_FALSE(closest_match("anything", {}).has_value());
  // Exact matches are their own closest match.
  CHECK(closest_match("mode", keys) == std::optional<std::string>("mode"));
}

TEST_CASE("is_valid_id follows [A-Za-z0-9][A-Za-z0-9_.:-]{0,63}", "[text]") {
  for (const char* good : {"a", "Z", "0", "ru-khasan", "kp_rajin.port:2", "A-1_b.c:d", "9lives"}) {
    CAPTURE(good);
    CHECK(is_valid_id(good));
  }
  CHECK(is_valid_id(std::string(64, 'a')));
  CHECK_FALSE(is_valid_id(std::string(65, 'a')));
  for (const char* bad : {"", "-a", "_a", ".a", ":a", "a b", "a/b", "a\tb", "é", "a,b", "a#b", "ru a"}) {
    CAPTURE(bad);
    CHECK_FALSE(is_valid_id(bad));
  }
}

TEST_CASE("is_clean_utf8 accepts text and rejects broken or control bytes", "[text]") {
  CHECK(is_clean_utf8(""));
  CHECK(is_clean_utf8("Khasan station"));
  CHECK(is_clean_utf8("tab\there and\nnewline"));
  CHECK(is_clean_utf8("Хасан"));                 // 2-byte sequences
  CHECK(is_clean_utf8("두만강"));                // 3-byte sequences
  CHECK(is_clean_utf8("\xF0\x9F\x9A\x82"));      // 4-byte: U+1F682 steam locomotive
  CHECK(is_clean_utf8("\xC3\xA9"));               // é at the very end of the text

  CHECK_FALSE(is_clean_utf8(std::string("a\0b", 3)));  // NUL
  CHECK_FALSE(is_clean_utf8("bell\a"));
  CHECK_FALSE(is_clean_utf8("cr\r"));
  CHECK_FALSE(is_clean_utf8("del\x7f"));
  CHECK_FALSE(is_clean_utf8("\xff\xfe"));          // never valid in UTF-8
  CHECK_FALSE(is_clean_utf8("Kh\xe1san"));         // Latin-1 byte
  CHECK_FALSE(is_clean_utf8("\xC3"));              // truncated 2-byte sequence
  CHECK_FALSE(is_clean_utf8("\xE2\x82"));          // truncated 3-byte sequence
  CHECK_FALSE(is_clean_utf8("\x80"));              // lone continuation byte
  CHECK_FALSE(is_clean_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_clean_utf8("\xE0\x80\xAF"));      // overlong, 3 bytes
  CHECK_FALSE(is_clean_utf8("\xED\xA0\x80"));      // UTF-16 surrogate U+D800
  CHECK_FALSE(is_clean_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_clean_utf8("\xF8\x88\x80\x80\x80"));  // 5-byte form
}

TEST_CASE("is_clean_utf8 judges every byte of long text the same, eight at a time or one by one", "[text]") {
  // Long ASCII is checked eight bytes at a time: each byte value at each position of a 24-byte
  // text must be judged as the byte-by-byte rule judges it alone (printable ASCII, tab and newline
  // pass; other controls, DEL and a lone high byte fail).
  for (int value = 0; value < 256; ++value) {
    const auto byte = static_cast<unsigned char>(value);
    const bool clean = (byte >= 0x20 && byte < 0x7f) || byte == '\t' || byte == '\n';
    for (std::size_t at = 0; at < 24; ++at) {
      std::string text(24, 'x');
      text[at] = static_cast<char>(byte);
      INFO("byte " << value << " at " << at);
      CHECK(is_clean_utf8(text) == clean);
    }
  }
  CHECK(is_clean_utf8(std::string(1000, ' ') + "\xC3\xA9" + std::string(13, '~')));
  CHECK_FALSE(is_clean_utf8(std::string(1000, ' ') + "\xC3" + std::string(13, '~')));
}

TEST_CASE("parse_decimal accepts plain decimals", "[text]") {
  struct Case {
    const char* text;
    double value;
  };
  for (const Case& c : {Case{"0", 0}, Case{"5", 5}, Case{"-2", -2}, Case{"+3", 3}, Case{"0.03", 0.03},
                        Case{"1.5", 1.5}, Case{".5", 0.5}, Case{"5.", 5}, Case{"1e6", 1e6}, Case{"1E6", 1e6},
                        Case{"2.5e-3", 2.5e-3}, Case{"-1.25e+2", -125}, Case{"0e5", 0}, Case{"-0", 0},
                        Case{"123456789", 123456789}}) {
    CAPTURE(c.text);
    const auto v = parse_decimal(c.text);
    REQUIRE(v.has_value());
    CHECK(*v == Approx(c.value));
  }
}

TEST_CASE("parse_decimal rejects hex, octal, separators, inf, nan and junk", "[text]") {
  for (const char* bad : {"", " ", "+", "-", ".", "e5", "0x1F", "0X10", "010", "-010", "00.5", "0o17", "0b101",
                          "1_000", "1,5", "1 000", ".inf", "-.inf", "inf", "Infinity", ".nan", "nan", "NaN",
                          "1e", "1e+", "1.2.3", "--1", "+-1", "12abc", " 5", "5 ", "1e999", "-1e999", "٣"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_decimal(bad).has_value());
  }
}

TEST_CASE("format_fixed is locale-free with fixed decimals and no negative zero", "[text]") {
  CHECK(format_fixed(1234.5, 1) == "1234.5");
  CHECK(format_fixed(2.0 / 3.0, 3) == "0.667");
  CHECK(format_fixed(27, 2) == "27.00");
  CHECK(format_fixed(-3.26, 1) == "-3.3");
  CHECK(format_fixed(0.0, 2) == "0.00");
  CHECK(format_fixed(-0.0, 2) == "0.00");
  CHECK(format_fixed(-0.0001, 2) == "0.00");
  CHECK(format_fixed(std::numeric_limits<double>::infinity(), 2) == "unlimited");
  CHECK(format_fixed(-std::numeric_limits<double>::infinity(), 2) == "-unlimited");
}

TEST_CASE("format_grouped groups thousands", "[text]") {
  CHECK(format_grouped(0) == "0");
  CHECK(format_grouped(999) == "999");
  CHECK(format_grouped(1000) == "1,000");
  CHECK(format_grouped(1100000) == "1,100,000");
  CHECK(format_grouped(-1234567) == "-1,234,567");
  CHECK(format_grouped(999.6) == "1,000");
  CHECK(format_grouped(-0.2) == "0");
  CHECK(format_grouped(std::numeric_limits<double>::infinity()) == "unlimited");
}

TEST_CASE("escape_controls shows control, C1 and bidi characters and stray bytes as escapes", "[core][text]") {
  CHECK(escape_controls("Хасан 두만강 plain") == "Хасан 두만강 plain");  // printable text is untouched
  CHECK(escape_controls("a\x1b[2Jb") == "a\\u{1b}[2Jb");
  CHECK(escape_controls("\x7f") == "\\u{7f}");
  CHECK(escape_controls("\xC2\x9B" "1m") == "\\u{9b}1m");            // C1 CSI
  CHECK(escape_controls("\xE2\x80\xAE" "abc") == "\\u{202e}abc");    // right-to-left override
  CHECK(escape_controls("\xE2\x81\xA6" "x") == "\\u{2066}x");        // left-to-right isolate
  CHECK(escape_controls("\xE2\x80\x8F") == "\\u{200f}");             // right-to-left mark
  CHECK(escape_controls("\xE2\x80\xA8") == "\\u{2028}");             // line separator
  CHECK(escape_controls("\xFF" "a") == "\\x{ff}a");                  // not UTF-8
  CHECK(escape_controls("a\nb\tc") == "a\\u{a}b\\u{9}c");
  CHECK(escape_controls("a\nb\tc", true) == "a\nb\\u{9}c");
}

TEST_CASE("escape_markdown escapes HTML and table syntax after the controls", "[core][text]") {
  CHECK(escape_markdown("plain Хасан") == "plain Хасан");
  CHECK(escape_markdown("t</title><script>x</script>") == "t&lt;/title>&lt;script>x&lt;/script>");
  CHECK(escape_markdown("a & b | c \\ d") == "a &amp; b \\| c \\\\ d");
  CHECK(escape_markdown("x\ny") == "x\\\\u{a}y");
}
