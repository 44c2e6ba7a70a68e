// The tree the guard builds in its one pass: what yaml-cpp's YAML::Load gave the readers before
// (structure, scalars, nulls, repeated keys in document order, positions), and nothing shared.
#include <catch2/catch.hpp>

#include <string>

#include "core/limits.hpp"
#include "input/yaml_guard.hpp"
#include "input/yaml_tree.hpp"

using namespace borderflow;

TEST_CASE("the guard's tree holds the document with its positions", "[yaml]") {
  const std::string text =
      "name: x\n"
      "empty:\n"
      "tilde: ~\n"
      "quoted: 'null'\n"
      "list: [a, {k: v}, [1, 2]]\n"
      "block:\n"
      "  - id: p\n"
      "    lat: 50\n"
      "dup: 1\n"
      "dup: 2\n";
  const YamlNode root = parse_yaml_guarded(text, "t.yaml", Limits{}).root;
  REQUIRE(root.IsMap());
  CHECK(root.size() == 8);
  CHECK(root["name"].Scalar() == "x");
  CHECK(root["empty"].IsNull());
  CHECK(root["tilde"].IsNull());
  CHECK(root["quoted"].IsScalar());  // quoted text is text, as in yaml-cpp
  CHECK(root["quoted"].Scalar() == "null");
  CHECK_FALSE(root["missing"]);
  CHECK_FALSE(root["missing"].IsNull());
  CHECK(root["missing"]["deeper"].kind() == YamlNode::Kind::Undefined);

  const YamlNode list = root["list"];
  REQUIRE(list.IsSequence());
  REQUIRE(list.size() == 3);
  CHECK(list[0].Scalar() == "a");
  CHECK(list[1]["k"].Scalar() == "v");
  CHECK(list[2][1].Scalar() == "2");
  CHECK_FALSE(list[3]);
  CHECK(list.items().size() == 3);

  const YamlNode block = root["block"];
  REQUIRE(block.size() == 1);
  CHECK(block[0]["lat"].Scalar() == "50");
  // 0-based, as yaml-cpp reports them: line 8, column 10 of the file is (7, 9).
  CHECK(block[0]["lat"].Mark().line == 7);
  CHECK(block[0]["lat"].Mark().column == 9);
  CHECK(block[0].Mark().line == 6);
  CHECK(block[0].Mark().column == 4);

  // Repeated keys stay, in order, for the reader to report; a lookup finds the first.
  const auto entries = root.entries();
  REQUIRE(entries.size() == 8);
  CHECK(entries[6].first.Scalar() == "dup");
  CHECK(entries[6].second.Scalar() == "1");
  CHECK(entries[7].second.Scalar() == "2");
  CHECK(root["dup"].Scalar() == "1");
}

TEST_CASE("a node outlives the document handle it came from", "[yaml]") {
  YamlNode kept;
  {
    const YamlNode root = parse_yaml_guarded("a: {b: [c]}\n", "t.yaml", Limits{}).root;
    kept = root["a"]["b"];
  }
  REQUIRE(kept.IsSequence());
  CHECK(kept[0].Scalar() == "c");
  const YamlNode cell = YamlNode::scalar("12 t/yr", {4, 2, 99});
  CHECK(cell.Scalar() == "12 t/yr");
  CHECK(cell.Mark().line == 4);
}
