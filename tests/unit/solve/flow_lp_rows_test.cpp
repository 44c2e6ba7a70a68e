// engine/solve/flow_lp: the rows of issue 9 solved on hand-computed networks built directly as
// Scenario structs (fleets, both-ways rows, caps on delivered tonnes and on elements, groups with
// source costs, per-class extra costs, background), each answer also passing the public
// certificate checks. Each case states its arithmetic.
#include <catch2/catch.hpp>

#include "rows_support.hpp"

using namespace bftest;

TEST_CASE("a fleet binds before its lane does", "[flow_lp][rows]") {
  // Lane a -> b: 1 Mt/yr, transit 40 h. Two ships of 5,000 t, turnaround 10 h at each end:
  // cycle 2 x (40 + 10) = 100 h, fleet capacity 2 x 5,000 t x 8,760 h = 87,600,000 t.h/yr,
  // so 87,600,000 / 100 = 876,000 t/yr, below the lane's 1,000,000.
  Scenario s;
  const int a = add_place(s, "a", "RU"), b = add_place(s, "b", "KP");
  const int lane = add_link(s, "lane", a, b, 1e6, 10, Mode::Sea);
  s.links[static_cast<std::size_t>(lane)].transit_h = 40;
  add_fleet(s, 2, {lane});
  const Network n = expand(s);
  const int fleet_row = row_of(n, ElementKind::Fleet, 0);
  const int lane_row = row_of(n, ElementKind::Link, lane);
  REQUIRE(n.rows()[static_cast<std::size_t>(fleet_row)].capacity_t_per_yr == Approx(87.6e6));

  SECTION("max flow") {
    const FlowSolution flow = certified_max_flow(n, {trade(n, a, b)});
    CHECK(near(flow.objective, 876000));
    // Use in the fleet's own unit: 876,000 t x 100 h = 87,600,000 t.h; the lane is not full.
    CHECK(near(flow.row_use[static_cast<std::size_t>(fleet_row)], 87.6e6));
    CHECK(near(flow.row_use[static_cast<std::size_t>(lane_row)], 876000));
    // One more t.h of fleet carries 1/100 t: the price is per unit of the row's own capacity.
    CHECK(flow.row_shadow[static_cast<std::size_t>(fleet_row)] == Approx(0.01));
    CHECK(flow.row_shadow[static_cast<std::size_t>(lane_row)] == Approx(0.0).margin(1e-12));
  }
  SECTION("routing: 1 Mt wanted, 600 USD/t unserved") {
    // 876,000 t delivered at 10 USD/t; 124,000 t unserved. A t.h of fleet saves (600 - 10) / 100.
    const FlowSolution routed = certified_min_cost(n, {demand(n, a, b, 1e6, 600)});
    CHECK(near(routed.classes[0].delivered_t_per_yr, 876000));
    CHECK(near(routed.classes[0].unserved_t_per_yr, 124000));
    CHECK(near(routed.objective, 876000.0 * 10 + 124000.0 * 600));
    CHECK(routed.row_shadow[static_cast<std::size_t>(fleet_row)] == Approx(5.9));
  }
  SECTION("two lanes of different cycles: the short one first") {
    // Lane 2, transit 190 h: cycle 400 h. Maximum: the short lane full (1 Mt would need 100 Mt.h,
    // so cap it at 500,000 t: 50,000,000 t.h), the remaining 37,600,000 t.h on lane 2 carry
    // 37,600,000 / 400 = 94,000 t. Total 594,000. Duals: fleet 1/400 = 0.0025 per t.h, lane 1
    // 1 - 100 x 0.0025 = 0.75; bound 500,000 x 0.75 + 87,600,000 x 0.0025 = 594,000.
    Scenario two = s;
    two.links[static_cast<std::size_t>(lane)].capacity_t_per_yr = 500000;
    const int lane2 = add_link(two, "lane2", a, b, 1e6, 10, Mode::Sea);
    two.links[static_cast<std::size_t>(lane2)].transit_h = 190;
    two.fleets[0].links = {lane, lane2};
    const Network m = expand(two);
    const FlowSolution flow = certified_max_flow(m, {trade(m, a, b)});
    CHECK(near(flow.objective, 594000));
    CHECK(near(flow.classes[0].arc_t_per_yr[static_cast<std::size_t>(arc_of(m, lane2))], 94000));
    CHECK(flow.row_shadow[static_cast<std::size_t>(row_of(m, ElementKind::Fleet, 0))] == Approx(0.0025));
    CHECK(flow.row_shadow[static_cast<std::size_t>(row_of(m, ElementKind::Link, lane))] == Approx(0.75));
  }
}

TEST_CASE("a both-ways row shares one lane between the two directions", "[flow_lp][rows]") {
  // A single-track link a - b: 600,000 t/yr per direction, 1,000,000 t/yr both ways together.
  // Asked both directions at once (two classes), the maximum is min(600,000 + 600,000, 1,000,000)
  // = 1,000,000, bound by the both-ways row alone (dual 1; the direction rows' 1,200,000 is dearer).
  Scenario s;
  const int a = add_place(s, "a", "RU"), b = add_place(s, "b", "KP");
  const int lane = add_link(s, "lane", a, b, 600000, 1);
  s.links[static_cast<std::size_t>(lane)].both_ways = true;
  s.links[static_cast<std::size_t>(lane)].capacity_both_ways_t_per_yr = 1e6;
  const Network n = expand(s);
  int shared = -1;
  for (int r : n.rows_of({ElementKind::Link, lane})) {
    if (n.rows()[static_cast<std::size_t>(r)].both_ways) shared = r;
  }
  REQUIRE(shared >= 0);
  const FlowSolution both = certified_max_flow(n, {trade(n, a, b), trade(n, b, a)});
  CHECK(near(both.objective, 1e6));
  CHECK(near(both.classes[0].delivered_t_per_yr + both.classes[1].delivered_t_per_yr, 1e6));
  CHECK(both.row_shadow[static_cast<std::size_t>(shared)] == Approx(1));
  CHECK(near(both.row_use[static_cast<std::size_t>(shared)], 1e6));
  // One direction alone: its own 600,000 binds.
  const FlowSolution one = certified_max_flow(n, {trade(n, a, b)});
  CHECK(near(one.objective, 600000));
}

TEST_CASE("a cap on delivered tonnes splits a group between two suppliers", "[flow_lp][rows]") {
  // 1 Mt/yr of grain wanted at kp (unserved 600 USD/t), one group of two supplier classes:
  //   ru: price 240 + transport 10 = 250 USD/t landed; cn: price 260 + 5 = 265 USD/t.
  // A cap of 400,000 t/yr on delivered Russian tonnes: ru 400,000, cn 600,000.
  // Cost 400,000 x 250 + 600,000 x 265 = 259,000,000 USD/yr (source costs 96,000,000 + 156,000,000;
  // transport 4,000,000 + 3,000,000). The cap's price is the landed-cost difference 265 - 250 = 15.
  Scenario s;
  const int ru = add_place(s, "ru", "RU"), cn = add_place(s, "cn", "CN"), kp = add_place(s, "kp", "KP");
  add_link(s, "ru-kp", ru, kp, kUnlimited, 10);
  add_link(s, "cn-kp", cn, kp, kUnlimited, 5);
  Cap cap;
  cap.id = "ru-grain";
  cap.limit = 400000;
  s.caps.push_back(cap);
  const Network n = expand(s);
  const int cap_row = row_of(n, ElementKind::Cap, 0);
  REQUIRE(n.rows()[static_cast<std::size_t>(cap_row)].arcs.empty());
  FlowClass from_ru = demand(n, ru, kp, 1e6, 600);
  from_ru.group = 7;
  from_ru.source_cost_usd_per_t = 240;
  from_ru.counted_rows = {{cap_row, 1}};
  FlowClass from_cn = demand(n, cn, kp, 0, 0);  // supply and price come from the group's first
  from_cn.group = 7;
  from_cn.source_cost_usd_per_t = 260;
  const FlowSolution routed = certified_min_cost(n, {from_ru, from_cn});
  CHECK(near(routed.classes[0].delivered_t_per_yr, 400000));
  CHECK(near(routed.classes[1].delivered_t_per_yr, 600000));
  CHECK(near(routed.classes[0].unserved_t_per_yr, 0));
  CHECK(near(routed.source_cost_usd_per_yr, 400000.0 * 240 + 600000.0 * 260));
  CHECK(near(routed.transport_cost_usd_per_yr, 400000.0 * 10 + 600000.0 * 5));
  CHECK(near(routed.objective, 259e6));
  CHECK(routed.row_shadow[static_cast<std::size_t>(cap_row)] == Approx(15));
  CHECK(near(routed.row_use[static_cast<std::size_t>(cap_row)], 400000));

  SECTION("without the cap the cheaper landed cost takes all") {
    from_ru.counted_rows.clear();
    const FlowSolution free = certified_min_cost(n, {from_ru, from_cn});
    CHECK(near(free.classes[0].delivered_t_per_yr, 1e6));
    CHECK(near(free.objective, 250e6));
  }
  SECTION("a group's unserved tonnes are reported on its first class") {
    // Both suppliers dearer than going without (unserved 200 < 250): all 1 Mt unserved.
    from_ru.unserved_cost_usd_per_t = 200;
    const FlowSolution none = certified_min_cost(n, {from_ru, from_cn});
    CHECK(near(none.classes[0].unserved_t_per_yr, 1e6));
    CHECK(near(none.classes[1].unserved_t_per_yr, 0));
    CHECK(near(none.objective, 200e6));
  }
}

TEST_CASE("a per-class extra cost (a fee) flips the cheaper route", "[flow_lp][rows]") {
  // Two parallel links a -> b: via-cn 20 USD/t, via-ru 25 USD/t (room for 50,000 t/yr). Two
  // classes of 100,000 t/yr each; class 1 pays an 8 USD/t fee on via-cn (28 > 25).
  //   class 0: all via-cn (20);  class 1: 50,000 via-ru (25), the rest via-cn (28, fee paid).
  //   transport (fees included) 100,000 x 20 + 50,000 x 25 + 50,000 x 28 = 4,650,000 USD/yr;
  //   via-ru's price: class 1's next tonne would pay 28 instead of 25, so 3 USD/t.
  Scenario s;
  const int a = add_place(s, "a", "RU"), b = add_place(s, "b", "KP");
  const int via_cn = add_link(s, "via-cn", a, b, kUnlimited, 20);
  const int via_ru = add_link(s, "via-ru", a, b, 50000, 25);
  const Network n = expand(s);
  const FlowClass plain = demand(n, a, b, 100000, 1000);
  FlowClass charged = plain;
  charged.arc_extra_cost_usd_per_t.assign(n.arcs().size(), 0.0);
  charged.arc_extra_cost_usd_per_t[static_cast<std::size_t>(arc_of(n, via_cn))] = 8;
  const FlowSolution routed = certified_min_cost(n, {plain, charged});
  CHECK(near(routed.classes[0].arc_t_per_yr[static_cast<std::size_t>(arc_of(n, via_cn))], 100000));
  CHECK(near(routed.classes[1].arc_t_per_yr[static_cast<std::size_t>(arc_of(n, via_ru))], 50000));
  CHECK(near(routed.classes[1].arc_t_per_yr[static_cast<std::size_t>(arc_of(n, via_cn))], 50000));
  CHECK(near(routed.transport_cost_usd_per_yr, 4650000));
  CHECK(near(routed.objective, 4650000));
  CHECK(routed.row_shadow[static_cast<std::size_t>(row_of(n, ElementKind::Link, via_ru))] == Approx(3));

  SECTION("alone and unconstrained, the charged class avoids the fee") {
    Scenario roomy = s;
    roomy.links[static_cast<std::size_t>(via_ru)].capacity_t_per_yr = kUnlimited;
    const Network m = expand(roomy);
    const FlowSolution alone = certified_min_cost(m, {charged});
    CHECK(near(alone.classes[0].arc_t_per_yr[static_cast<std::size_t>(arc_of(m, via_ru))], 100000));
    CHECK(near(alone.objective, 2500000));  // 100,000 x 25
  }
}

TEST_CASE("background takes a row down to its spare capacity and moves the bottleneck", "[flow_lp][rows]") {
  // a -> b 1,000,000 t/yr, b -> c 500,000 t/yr: the maximum a -> c is 500,000, at b -> c.
  // A background load of 700,000 t/yr on a -> b leaves 300,000 spare: the maximum is 300,000
  // and the bottleneck moves to a -> b (dual 1), whose question use is 300,000 (not 1,000,000).
  Scenario s;
  const int a = add_place(s, "a", "RU"), b = add_place(s, "b", "RU"), c = add_place(s, "c", "KP");
  const int ab = add_link(s, "ab", a, b, 1e6, 1);
  const int bc = add_link(s, "bc", b, c, 500000, 1);
  const Network empty = expand(s);
  const FlowSolution before = certified_max_flow(empty, {trade(empty, a, c)});
  CHECK(near(before.objective, 500000));
  CHECK(before.row_shadow[static_cast<std::size_t>(row_of(empty, ElementKind::Link, bc))] == Approx(1));

  BackgroundFlow load;
  load.id = "existing";
  load.element = ElementRef{ElementKind::Link, ab};
  load.load_t_per_yr = 700000;
  s.background.push_back(load);
  const Network busy = expand(s);
  const int ab_row = row_of(busy, ElementKind::Link, ab);
  REQUIRE(busy.rows()[static_cast<std::size_t>(ab_row)].spare() == Approx(300000));
  const FlowSolution after = certified_max_flow(busy, {trade(busy, a, c)});
  CHECK(near(after.objective, 300000));
  CHECK(after.row_shadow[static_cast<std::size_t>(ab_row)] == Approx(1));
  CHECK(after.row_shadow[static_cast<std::size_t>(row_of(busy, ElementKind::Link, bc))] == Approx(0).margin(1e-12));
  CHECK(near(after.row_use[static_cast<std::size_t>(ab_row)], 300000));

  SECTION("a session takes spare capacities") {
    // Raising a -> b's spare to 450,000 (capacity 1,150,000 less the 700,000 background).
    FlowSession session(busy, {trade(busy, a, c)}, FlowSession::Kind::MaxFlow);
    REQUIRE(session.solve() == SolveStatus::Optimal);
    CHECK(near(session.objective(), 300000));
    session.set_row_capacity(ab_row, 450000);
    REQUIRE(session.solve() == SolveStatus::Optimal);
    CHECK(near(session.objective(), 450000));
  }
}

TEST_CASE("a per-class cap counts only the classes that list it", "[flow_lp][rows]") {
  // One link a -> b (1 Mt/yr, 10 USD/t) carrying two classes of 500,000 t/yr (unserved 100 USD/t);
  // a cap over the link counts class 0 (refined) only.
  Scenario s;
  const int a = add_place(s, "a", "RU"), b = add_place(s, "b", "KP");
  const int link = add_link(s, "friendship", a, b, 1e6, 10);
  Cap cap;
  cap.id = "un-refined";
  cap.elements = {{ElementKind::Link, link}};
  SECTION("in tonnes") {
    // Class 0 is held to 300,000 (200,000 unserved), class 1 carries its 500,000.
    // Cost 800,000 x 10 + 200,000 x 100 = 28,000,000; the cap's price 100 - 10 = 90 USD/t.
    cap.limit = 300000;
    s.caps.push_back(cap);
    const Network n = expand(s);
    const int cap_row = row_of(n, ElementKind::Cap, 0);
    FlowClass refined = demand(n, a, b, 500000, 100);
    refined.counted_rows = {{cap_row, 1}};
    const FlowSolution routed = certified_min_cost(n, {refined, demand(n, a, b, 500000, 100)});
    CHECK(near(routed.classes[0].delivered_t_per_yr, 300000));
    CHECK(near(routed.classes[1].delivered_t_per_yr, 500000));
    CHECK(near(routed.objective, 28e6));
    CHECK(routed.row_shadow[static_cast<std::size_t>(cap_row)] == Approx(90));
    CHECK(near(routed.row_use[static_cast<std::size_t>(cap_row)], 300000));
  }
  SECTION("in barrels") {
    // 2,190,000 bbl/yr at 7.3 bbl/t is 300,000 t: the same plan; the price per barrel of cap is
    // 90 / 7.3 = 12.328767... USD per bbl/yr, and the use 2,190,000 bbl/yr.
    cap.limit = 2190000;
    cap.unit = CapUnit::BarrelsPerYear;
    s.caps.push_back(cap);
    const Network n = expand(s);
    const int cap_row = row_of(n, ElementKind::Cap, 0);
    REQUIRE(n.rows()[static_cast<std::size_t>(cap_row)].unit == RowUnit::BarrelsPerYear);
    FlowClass refined = demand(n, a, b, 500000, 100);
    refined.counted_rows = {{cap_row, 7.3}};
    const FlowSolution routed = certified_min_cost(n, {refined, demand(n, a, b, 500000, 100)});
    CHECK(near(routed.classes[0].delivered_t_per_yr, 300000));
    CHECK(routed.row_shadow[static_cast<std::size_t>(cap_row)] == Approx(90 / 7.3));
    CHECK(near(routed.row_use[static_cast<std::size_t>(cap_row)], 2190000));
    // Max flow over both: class 0 held to 300,000 by the cap, class 1 takes the link's other
    // 700,000: 1,000,000 in all.
    const FlowSolution flow = certified_max_flow(n, {refined, trade(n, a, b)});
    CHECK(near(flow.objective, 1e6));
    CHECK(near(flow.classes[0].delivered_t_per_yr, 300000));
  }
}

TEST_CASE("the LP size counts row coefficients, sinks in caps and one column per group", "[flow_lp][rows][limits]") {
  // ru, cn -> kp over two links without rows, and a cap on delivered tonnes (no arcs) counted by
  // the Russian class. Two classes in one group:
  //   columns: class 0 one arc (cn-kp's arc leads nowhere from ru), a source, a sink; class 1
  //            the same; one unserved column for the group: 3 + 3 + 1 = 7;
  //   nonzeros: arcs 2 each, sources 2, sinks 2 (+1 for class 0's cap), unserved 2: 6 + 1 + 6 + 2 = 15;
  //   rows: (3 vertices + S + T) per class, plus the cap row: 5 + 5 + 1 = 11.
  Scenario s;
  const int ru = add_place(s, "ru", "RU"), cn = add_place(s, "cn", "CN"), kp = add_place(s, "kp", "KP");
  add_link(s, "ru-kp", ru, kp, kUnlimited, 10);
  add_link(s, "cn-kp", cn, kp, kUnlimited, 5);
  Cap cap;
  cap.id = "ru-grain";
  cap.limit = 400000;
  s.caps.push_back(cap);
  const Network n = expand(s);
  FlowClass from_ru = demand(n, ru, kp, 1e6, 600);
  from_ru.group = 0;
  from_ru.counted_rows = {{row_of(n, ElementKind::Cap, 0), 1}};
  FlowClass from_cn = demand(n, cn, kp, 0, 0);
  from_cn.group = 0;
  const LpSize size = estimate_lp_size(n, {from_ru, from_cn});
  CHECK(size.columns == 7);
  CHECK(size.nonzeros == 15);
  CHECK(size.rows == 11);
  // Compact (arc generation's LPs): class 0 touches ru and kp, class 1 cn and kp, so each class
  // has 2 vertex rows instead of 3; columns and nonzeros are the same: 4 + 4 + 1 = 9 rows.
  const LpSize compact = estimate_lp_size(n, {from_ru, from_cn}, false, true);
  CHECK(compact.columns == 7);
  CHECK(compact.nonzeros == 15);
  CHECK(compact.rows == 9);
}

TEST_CASE("rows over one arc are that arc's bound: the tighter binds, and a session moves, closes and reopens it",
          "[flow_lp][rows][bound_rows]") {
  // a -> b over link ab (5 Mt/yr, 1 USD/t) through border post `post` (4 Mt/yr, over ab alone),
  // and over link ab2 (2 Mt/yr, 3 USD/t). The LP holds the link's row and the post's as bounds of
  // ab's one column (FlowLp: bound rows), the smaller binding: maximum 4 + 2 = 6 Mt/yr, the post
  // priced 1 and the link 0. Raised alone, the post lifts the flow (to the link's 5); the link
  // does not (the post holds it). Lowered, the link's slack absorbs 1 Mt/yr of change.
  Scenario s;
  const int a = add_place(s, "a", "RU"), b = add_place(s, "b", "KP");
  const int ab = add_link(s, "ab", a, b, 5e6, 1);
  const int ab2 = add_link(s, "ab2", a, b, 2e6, 3);
  Crossing post;
  post.id = post.name = "post";
  post.links = {ab};
  post.capacity_t_per_yr = 4e6;
  s.crossings.push_back(post);
  s.links[static_cast<std::size_t>(ab)].crossing = 0;
  const Network n = expand(s);
  const int link_row = row_of(n, ElementKind::Link, ab);
  const int link2_row = row_of(n, ElementKind::Link, ab2);
  const int post_row = row_of(n, ElementKind::Crossing, 0);
  const int arc = arc_of(n, ab);
  const std::vector<FlowClass> classes{trade(n, a, b)};

  CutRows cuts;
  const FlowSolution flow = solve_max_flow(n, classes, lp_only(), [&](const FlowSolution& max_flow, const MaxFlowChange& change) {
    cuts = cut_rows_from_probe(n, max_flow, change);
  });
  REQUIRE(flow.status == SolveStatus::Optimal);
  REQUIRE(flow.method == FlowMethod::Lp);
  INFO(joined(check_max_flow(n, classes, flow)));
  CHECK(check_max_flow(n, classes, flow).empty());
  CHECK(near(flow.objective, 6e6));
  CHECK(near(flow.transport_cost_usd_per_yr, 4e6 * 1 + 2e6 * 3));
  CHECK(flow.row_shadow[static_cast<std::size_t>(post_row)] == Approx(1));
  CHECK(flow.row_shadow[static_cast<std::size_t>(link_row)] == Approx(0).margin(1e-12));
  CHECK(flow.row_shadow[static_cast<std::size_t>(link2_row)] == Approx(1));
  CHECK(cuts.complete);
  CHECK(cuts.in_every_cut == std::vector<int>{std::min(post_row, link2_row), std::max(post_row, link2_row)});
  CHECK(std::find(cuts.in_some_cut.begin(), cuts.in_some_cut.end(), link_row) == cuts.in_some_cut.end());

  FlowSession session(n, classes, FlowSession::Kind::MaxFlow);
  REQUIRE(session.solve() == SolveStatus::Optimal);
  CHECK(near(session.objective(), 6e6));
  // The post above the link: the link's row bounds the arc now, and takes the price.
  session.set_row_capacity(post_row, 6e6);
  REQUIRE(session.solve() == SolveStatus::Optimal);
  CHECK(near(session.objective(), 7e6));
  std::vector<double> y;
  session.row_shadow(y);
  CHECK(y[static_cast<std::size_t>(link_row)] == Approx(1));
  CHECK(y[static_cast<std::size_t>(post_row)] == Approx(0).margin(1e-12));
  session.set_row_capacity(link_row, 3e6);
  REQUIRE(session.solve() == SolveStatus::Optimal);
  CHECK(near(session.objective(), 5e6));
  // Closed, the arc carries nothing; reopened, it has its rows' bound (3 Mt/yr) again, not none.
  session.set_arc_usable(0, arc, false);
  REQUIRE(session.solve() == SolveStatus::Optimal);
  CHECK(near(session.objective(), 2e6));
  session.set_row_capacity(link_row, 4.5e6);  // while closed: the bound waits for the reopening
  REQUIRE(session.solve() == SolveStatus::Optimal);
  CHECK(near(session.objective(), 2e6));
  session.set_arc_usable(0, arc, true);
  REQUIRE(session.solve() == SolveStatus::Optimal);
  CHECK(near(session.objective(), 6.5e6));
  // Equal capacities (twins): the price goes to the first of them in row order, and neither
  // lifts the flow alone.
  session.set_row_capacity(link_row, 4e6);
  session.set_row_capacity(post_row, 4e6);
  REQUIRE(session.solve() == SolveStatus::Optimal);
  CHECK(near(session.objective(), 6e6));
  session.row_shadow(y);
  CHECK(y[static_cast<std::size_t>(std::min(link_row, post_row))] == Approx(1));
  CHECK(y[static_cast<std::size_t>(std::max(link_row, post_row))] == Approx(0).margin(1e-12));
  for (int raised : {link_row, post_row}) {
    session.set_row_capacity(raised, 5e6);
    REQUIRE(session.solve() == SolveStatus::Optimal);
    CHECK(near(session.objective(), 6e6));
    session.set_row_capacity(raised, 4e6);
  }
}
