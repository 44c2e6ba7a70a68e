#include "core/markup.hpp"

#include <catch2/catch.hpp>

using borderflow::escape_markup;

// One escaper serves the SVG print map and the HTML report: both put scenario text into elements
// and quoted attributes, so each of the five characters must come out as an entity.
TEST_CASE("escape_markup escapes the five characters that start markup or end an attribute", "[core]") {
  CHECK(escape_markup("a<b>&\"c'd") == "a&lt;b&gt;&amp;&quot;c&#39;d");
  CHECK(escape_markup("Sinuiju & Dandong \"bridge\"") == "Sinuiju &amp; Dandong &quot;bridge&quot;");
  // UTF-8 passes through untouched: names on the map keep their scripts.
  CHECK(escape_markup("Chita \xe2\x86\x92 Karymskaya") == "Chita \xe2\x86\x92 Karymskaya");
  CHECK(escape_markup("").empty());
}
