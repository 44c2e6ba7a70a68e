// engine/core/int_list.hpp and engine/core/rare.hpp: the compact holders of the scenario's and
// the network's parts (issue 13, memory per link) keep the semantics of what they replaced.
#include <catch2/catch.hpp>

#include <numeric>
#include <string>
#include <vector>

#include "core/int_list.hpp"
#include "core/rare.hpp"

using namespace borderflow;

namespace {

std::vector<int> as_vector(const IntList& list) { return {list.begin(), list.end()}; }

struct Note {
  std::string text;
  bool empty() const { return text.empty(); }
};

}  // namespace

TEST_CASE("IntList holds what push_back gave it, inline and on the heap", "[core]") {
  static_assert(sizeof(IntList) == 16);
  IntList list;
  std::vector<int> expected;
  CHECK(list.empty());
  // Across every growth: inline (1-3), the move to the heap (4) and doublings (5, 8, 16, 32).
  for (int i = 0; i < 40; ++i) {
    list.push_back(i * 7);
    expected.push_back(i * 7);
    REQUIRE(as_vector(list) == expected);
    REQUIRE(list.size() == expected.size());
    REQUIRE(list.back() == i * 7);
  }
  CHECK(list.front() == 0);
  CHECK(list[5] == 35);
  CHECK(list == expected);
}

TEST_CASE("IntList copies, moves and assigns as a value", "[core]") {
  for (int n : {0, 2, 3, 4, 9}) {
    std::vector<int> values(static_cast<std::size_t>(n));
    std::iota(values.begin(), values.end(), 100);
    IntList a = values;
    IntList b = a;  // a copy owns its own ints
    b.push_back(-1);
    CHECK(as_vector(a) == values);
    CHECK(b.size() == values.size() + 1);
    IntList c = std::move(b);
    CHECK(c.size() == values.size() + 1);
    CHECK(c.back() == -1);
    b = c;  // a moved-from list may be assigned again
    CHECK(b == c);
    a = IntList{1, 2};
    CHECK(as_vector(a) == std::vector<int>{1, 2});
    const std::span<const int> view = c;
    CHECK(view.size() == c.size());
  }
}

TEST_CASE("Rare reads empty as the default and copies deeply", "[core]") {
  Rare<Note> a;
  CHECK(a->text.empty());
  CHECK_FALSE(a.held());
  a = Note{""};  // an empty value stores nothing
  CHECK_FALSE(a.held());
  a = Note{"source"};
  CHECK(a.held());
  Rare<Note> b = a;
  b.edit().text = "other";  // a copy edits its own
  CHECK(a->text == "source");
  CHECK(b->text == "other");
  const Note& read = b;
  CHECK(read.text == "other");
  b.reset();
  CHECK(b->text.empty());
  Rare<Note> c;
  c.edit().text = "x";
  CHECK(c->text == "x");
}

TEST_CASE("RareOptional keeps std::optional's presence, including an empty value, and copies deeply", "[core]") {
  struct Held {
    double capacity_t = 0;
  };
  static_assert(sizeof(RareOptional<Held>) == sizeof(void*));
  RareOptional<Held> a;
  CHECK_FALSE(a);
  CHECK_FALSE(a.has_value());
  a = Held{0.0};  // written at capacity 0 is still written (a place's `storage:`)
  REQUIRE(a);
  CHECK(a->capacity_t == 0.0);
  RareOptional<Held> b = a;
  b->capacity_t = 5;  // a copy edits its own
  CHECK(a->capacity_t == 0.0);
  CHECK((*b).capacity_t == 5);
  a = std::optional<Held>{};
  CHECK_FALSE(a);
  a = std::optional<Held>{Held{2}};
  CHECK(a->capacity_t == 2);
  RareOptional<Held> moved = std::move(b);
  CHECK(moved->capacity_t == 5);
  moved.reset();
  CHECK_FALSE(moved);
  a = std::nullopt;
  CHECK_FALSE(a);
}
