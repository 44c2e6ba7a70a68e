// engine/solve/answers: find_cut_rows, the elements of tied minimum cuts and those that lift a
// route's capacity alone; hand networks, then every cut of small random networks enumerated.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

#include "support.hpp"

using namespace bftest;

namespace {

/// "ab", "bc-post", ... of the rows, sorted.
std::set<std::string> ids(const Network& n, const std::vector<int>& rows) {
  std::set<std::string> out;
  for (int r : rows) out.insert(n.row_element_id(r));
  return out;
}

}  // namespace

TEST_CASE("tied minimum cuts: each element is in some cut, none lifts the capacity alone", "[answers][min_cut]") {
  const Network t = load_network("tied_cuts.yaml");
  for (bool reverse : {false, true}) {
    CAPTURE(reverse);
    const CapacityAnswer tie = certified_capacity(t, "tie", reverse);
    CHECK(near(tie.capacity_t_per_yr, 5e6));
    CHECK(tie.bottleneck.size() == 1);  // the solver's duals name one of the three
    CHECK(ids(t, tie.cut_rows) == std::set<std::string>{"ab", "bc", "bc-post"});
    CHECK(tie.raises_flow_alone.empty());
    CHECK(tie.cuts_complete);
  }
}

TEST_CASE("a minimum cut that is the only one: each element lifts the capacity alone", "[answers][min_cut]") {
  const Network t = load_network("tied_cuts.yaml");
  const CapacityAnswer single = certified_capacity(t, "single");
  CHECK(near(single.capacity_t_per_yr, 4e6));
  CHECK(ids(t, single.cut_rows) == std::set<std::string>{"ef"});
  CHECK(ids(t, single.raises_flow_alone) == std::set<std::string>{"ef"});
  const CapacityAnswer pair = certified_capacity(t, "pair");
  CHECK(near(pair.capacity_t_per_yr, 6e6));
  CHECK(ids(t, pair.cut_rows) == std::set<std::string>{"hi-1", "hi-2"});
  CHECK(ids(t, pair.raises_flow_alone) == std::set<std::string>{"hi-1", "hi-2"});
}

TEST_CASE("a shared dual-gauge row and a border post over two links are cut elements like any row",
          "[answers][min_cut]") {
  const Network b = load_network("border_post.yaml");
  const CapacityAnswer post = certified_capacity(b, "cn-kp");
  CHECK(ids(b, post.cut_rows) == std::set<std::string>{"yalu-post"});
  CHECK(ids(b, post.raises_flow_alone) == std::set<std::string>{"yalu-post"});
  const Network m = load_network("mixed_border_post.yaml");
  const CapacityAnswer mixed = certified_capacity(m, "into-kp");
  CHECK(ids(m, mixed.raises_flow_alone) == std::set<std::string>{"tumen-post"});
}

TEST_CASE("cut elements equal those of the enumerated minimum cuts on random networks", "[answers][min_cut]") {
  // One-way links with one row each: a cut is a place set S holding the origin and not the
  // destination; its value is the capacity of the links leaving S. Enumerating every S gives the
  // links in some minimum cut and those in all of them, independently of the LP.
  std::mt19937 random(20261201);
  const int places = 6;
  for (int trial = 0; trial < 25; ++trial) {
    CAPTURE(trial);
    std::string yaml = "borderflow: 1\nname: random-cuts\nplaces:\n";
    for (int p = 0; p < places; ++p) {
      yaml += "  - {id: p" + std::to_string(p) + ", name: P, country: CN, lat: 40, lon: " + std::to_string(120 + p) + "}\n";
    }
    struct Arc { int from, to, capacity_mt; };
    std::vector<Arc> arcs;
    std::uniform_int_distribution<int> place(0, places - 1), capacity(1, 3);
    yaml += "links:\n";
    for (int l = 0; l < 11; ++l) {
      const int from = place(random);
      int to = place(random);
      if (to == from) to = (from + 1) % places;
      arcs.push_back({from, to, capacity(random)});
      yaml += "  - {id: l" + std::to_string(l) + ", from: p" + std::to_string(from) + ", to: p" + std::to_string(to) +
              ", mode: road, length: 1 km, direction: forward, capacity: " + std::to_string(arcs.back().capacity_mt) +
              " Mt/yr}\n";
    }
    yaml += "commodities:\n  - {id: goods, class: general}\nroutes:\n  - {id: q, from: [p0], to: [p5], both_directions: false}\n";
    const Network n(load_text(yaml));
    const CapacityAnswer answer = certified_capacity(n, "q");

    int best = 1 << 30;
    std::vector<std::vector<int>> cuts_at_best;
    for (int mask = 0; mask < (1 << places); ++mask) {
      if (!(mask & 1) || (mask & (1 << (places - 1)))) continue;
      int value = 0;
      std::vector<int> crossing;
      for (std::size_t a = 0; a < arcs.size(); ++a) {
        if ((mask >> arcs[a].from & 1) && !(mask >> arcs[a].to & 1)) {
          value += arcs[a].capacity_mt;
          crossing.push_back(static_cast<int>(a));
        }
      }
      if (value < best) cuts_at_best.clear();
      if (value <= best) {
        best = value;
        cuts_at_best.push_back(crossing);
      }
    }
    CHECK(near(answer.capacity_t_per_yr, best * 1e6));
    std::set<std::string> some, every;
    for (std::size_t a = 0; a < arcs.size(); ++a) {
      const int in = static_cast<int>(std::count_if(cuts_at_best.begin(), cuts_at_best.end(), [&](const std::vector<int>& cut) {
        return std::find(cut.begin(), cut.end(), static_cast<int>(a)) != cut.end();
      }));
      // A zero-capacity cut member would be ambiguous; capacities here are at least 1 Mt/yr.
      if (in > 0) some.insert("l" + std::to_string(a));
      if (in == static_cast<int>(cuts_at_best.size())) every.insert("l" + std::to_string(a));
    }
    CHECK(ids(n, answer.cut_rows) == some);
    CHECK(ids(n, answer.raises_flow_alone) == every);
    CHECK(answer.cuts_complete);
  }
}
