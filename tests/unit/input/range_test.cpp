// engine/input/range: the one range grammar of scenario fields and sweep parameters.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "input/range.hpp"
#include "input/reader.hpp"
#include "input/yaml_guard.hpp"

using namespace borderflow;

namespace {

struct Read {
  DiagnosticSink sink;
  std::optional<RangeSpec> range;
  std::vector<std::string> messages;
};

/// Reads the range of the mapping written in `yaml` as a FlowRate.
Read read(const std::string& yaml, Sign sign = Sign::ZeroOrMore) {
  Read out;
  Reader reader(out.sink);
  const YamlNode document = parse_yaml_guarded("x: " + yaml, "r.yaml", Limits{}).root;
  const Field node = Reader::child(Reader::root(document, "r.yaml"), document["x"], "x");
  const Mapping mapping = reader.map(node, {"range", "distribution", "mode"}, "a range");
  out.range = read_range(reader, node, mapping, Dimension::FlowRate, {}, sign);
  for (const auto& d : out.sink.diagnostics()) out.messages.push_back(d.message + " @" + d.yaml_path);
  return out;
}

}  // namespace

TEST_CASE("a uniform range: internal units, midpoint mode and nominal value", "[range]") {
  const auto r = read("{range: [1 Mt/yr, 3 Mt/yr]}");
  REQUIRE(r.range);
  CHECK(r.messages.empty());
  CHECK(r.range->low == 1e6);
  CHECK(r.range->high == 3e6);
  CHECK(r.range->mode == 2e6);
  CHECK(r.range->distribution == Distribution::Uniform);
  CHECK(r.range->nominal() == 2e6);
}

TEST_CASE("loguniform and triangular ranges and their nominal values", "[range]") {
  const auto log = read("{range: [1 Mt/yr, 4 Mt/yr], distribution: loguniform}");
  REQUIRE(log.range);
  CHECK(log.range->distribution == Distribution::LogUniform);
  CHECK(log.range->nominal() == Approx(2e6));  // the geometric mean
  const auto tri = read("{range: [1 Mt/yr, 4 Mt/yr], distribution: triangular, mode: 3 Mt/yr}");
  REQUIRE(tri.range);
  CHECK(tri.range->mode == 3e6);
  CHECK(tri.range->nominal() == 3e6);
  CHECK(to_string(Distribution::Triangular) == "triangular");
  CHECK(distribution_names().size() == 3);
}

TEST_CASE("range problems, each with its message and path", "[range]") {
  using V = std::vector<std::string>;
  CHECK(read("{range: 3 Mt/yr}").messages == V{"range: expects [LOW, HIGH], e.g. [3 Mt/yr, 6 Mt/yr] @x.range"});
  CHECK(read("{range: [2 Mt/yr, 1 Mt/yr]}").messages == V{"range: LOW is above HIGH @x.range"});
  CHECK(read("{range: [0 t/yr, 1 Mt/yr], distribution: loguniform}").messages ==
        V{"a loguniform range needs LOW above zero @x.range"});
  CHECK(read("{range: [1 t/yr, 2 t/yr], distribution: normal}").messages ==
        V{"'normal' is not a distribution; expected one of: uniform, loguniform, triangular @x.distribution"});
  CHECK(read("{range: [1 t/yr, 2 t/yr], distribution: triangular}").messages ==
        V{"a triangular distribution needs 'mode' @x"});
  CHECK(read("{range: [1 t/yr, 2 t/yr], mode: 1 t/yr}").messages ==
        V{"'mode' applies to distribution: triangular @x.mode"});
  CHECK(read("{range: [1 t/yr, 2 t/yr], distribution: triangular, mode: 5 t/yr}").messages ==
        V{"mode lies outside the range @x.mode"});
  CHECK(read("{range: [0 t/yr, 2 t/yr]}", Sign::Positive).messages == V{"must be more than zero, got '0 t/yr' @x.range[0]"});
  CHECK(read("{range: [1 t/yr, 2e13 t/yr]}").messages.size() == 1);  // the reader's magnitude cap applies
  CHECK_FALSE(read("{range: [2 Mt/yr, 1 Mt/yr]}").range);
  CHECK(read("{range: [1 t/yr, 2 t/yr], mode: 1 t/yr}").range);  // a misplaced mode leaves the range usable
}
