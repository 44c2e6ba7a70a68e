// Issue 10 (time) against hand-computed multi-period networks (tests/networks/time_*.yaml, each
// stating its hand computation at the top): storage across a closure, backlog with a lateness
// cost, transit longer than a period, a ramp-up, seasons and closed windows; conservation over
// time including stock; one period of each month reproducing the no-time answers; and tampered
// time solutions that the certificate check must reject. Everything goes through solve_scenario,
// SolvedScenario::time and the routing over the time-expanded network, certified.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "solve/critical.hpp"
#include "solve/time_answers.hpp"
#include "support.hpp"

using namespace bftest;

namespace {

/// A scenario solved through solve_scenario, whose time routing must be optimal and certified.
SolvedScenario solve_time(Scenario scenario, const std::string& file) {
  SolvedScenario solved = solve_scenario(std::make_shared<const Scenario>(std::move(scenario)), file);
  REQUIRE(solved.time);
  const RoutingAnswer& routing = solved.answer.routing;
  INFO(file << ": " << joined(routing.check_problems));
  REQUIRE(routing.status == SolveStatus::Optimal);
  REQUIRE(routing.certified);
  REQUIRE(check_routing(solved.network, routing.classes, routing.solution).empty());
  // A time scenario's route capacities are per pattern, not in the answer.
  REQUIRE(solved.answer.capacities.empty());
  return solved;
}

SolvedScenario solve_time_network(const std::string& name) {
  return solve_time(load_scenario(network_path(name)), name);
}

/// Per-period delivered, backlog (b_p, 0 in the last period) and unserved tonnes of demand `id`.
void check_demand(const SolvedScenario& solved, const std::string& id, const std::vector<double>& delivered,
                  const std::vector<double>& backlog, const std::vector<double>& unserved) {
  const auto d = static_cast<std::size_t>(demand_index(solved.scenario(), id));
  const auto& periods = solved.time->periods;
  REQUIRE(periods.size() == delivered.size());
  for (std::size_t p = 0; p < periods.size(); ++p) {
    const DemandInPeriod& got = periods[p].demands[d];
    INFO("demand " << id << ", period " << p << ": delivered " << got.delivered_t << ", backlog " << got.backlog_t
                   << ", unserved " << got.unserved_t);
    CHECK(near(got.delivered_t, delivered[p]));
    CHECK(near(got.backlog_t, backlog[p]));
    CHECK(near(got.unserved_t, unserved[p]));
  }
}

double total_cost(const TimeAnswer& time) {
  double total = 0;
  for (const auto& p : time.periods) total += p.cost_usd();
  return total;
}

/// The route capacity of route `id` (forward) in period p, as a rate (t/yr) on its pattern.
const CapacityAnswer& route_in_period(const SolvedScenario& solved, const std::string& id, int p) {
  const TimeAnswer& time = *solved.time;
  const PeriodPattern& pattern = time.patterns[static_cast<std::size_t>(time.periods[static_cast<std::size_t>(p)].pattern)];
  const int route = route_index(solved.scenario(), id);
  for (const auto& c : pattern.capacities) {
    if (c.route == route && !c.reverse) {
      INFO("route " << id << " in period " << p << ": " << joined(c.check_problems));
      REQUIRE(c.status == SolveStatus::Optimal);
      REQUIRE(c.certified);
      REQUIRE(check_max_flow(*pattern.network, c.classes, c.solution).empty());
      return c;
    }
  }
  FAIL("no capacity answer for route " << id);
  return pattern.capacities.front();
}

/// Tonnes on the arcs of link `id` departing in period p, summed over every class.
double link_tonnes_in_period(const SolvedScenario& solved, const std::string& id, int p) {
  const Network& n = solved.network;
  const int link = n.scenario().find_link(id);
  REQUIRE(link >= 0);
  double total = 0;
  for (const auto& flow : solved.answer.routing.solution.classes) {
    for (const NetworkArc& arc : n.arcs()) {
      if (arc.kind == ArcKind::Link && arc.element == link && arc.period == p) total += flow.arc_t_per_yr[static_cast<std::size_t>(arc.index)];
    }
  }
  return total;
}

/// The capacity (tonnes of the period) of link `id`'s one row in period p; -1 when it has none.
double link_row_in_period(const Network& n, const std::string& id, int p) {
  const int link = n.scenario().find_link(id);
  double found = -1;
  for (int r : n.rows_of({ElementKind::Link, link})) {
    const CapacityRow& row = n.rows()[static_cast<std::size_t>(r)];
    if (row.period != p) continue;
    REQUIRE(found < 0);
    found = row.capacity_t_per_yr;
  }
  return found;
}

/// Conservation over time, per place and period, from the routing's flows alone:
///   sourced + arriving + stock in  =  departing + stock out + delivered,
/// where arriving/departing count link and transfer arcs by their head/tail vertex, stock in/out
/// the storage arcs into/out of the period, sourced and delivered the classes' source and sink
/// flows at the place's vertices of the period. Also checks that TimeAnswer's stock is the
/// storage arcs' flow and stays within the place's storage capacity, and that delivered per
/// period summed over demands equals the sink flows of the period.
void check_conservation_over_time(const SolvedScenario& solved) {
  const Network& n = solved.network;
  const Scenario& s = n.scenario();
  const RoutingAnswer& routing = solved.answer.routing;
  const int periods = n.period_count();
  // balance[place][p] = in - out; stock[place][p] from storage arcs departing in p.
  std::vector<std::vector<double>> balance(s.places.size(), std::vector<double>(static_cast<std::size_t>(periods), 0.0));
  std::vector<std::vector<double>> stock = balance, scale = balance;
  std::vector<double> delivered(static_cast<std::size_t>(periods), 0.0);
  auto at = [&](std::vector<std::vector<double>>& table, int v) -> double& {
    return table[static_cast<std::size_t>(n.vertex(v).place)][static_cast<std::size_t>(n.vertex(v).period)];
  };
  for (std::size_t k = 0; k < routing.classes.size(); ++k) {
    const FlowClass& c = routing.classes[k];
    const ClassFlow& flow = routing.solution.classes[k];
    for (std::size_t j = 0; j < c.sources.size(); ++j) {
      at(balance, c.sources[j]) += flow.source_t_per_yr[j];
      at(scale, c.sources[j]) += flow.source_t_per_yr[j];
    }
    for (std::size_t j = 0; j < c.sinks.size(); ++j) {
      at(balance, c.sinks[j]) -= flow.sink_t_per_yr[j];
      delivered[static_cast<std::size_t>(n.vertex(c.sinks[j]).period)] += flow.sink_t_per_yr[j];
    }
    for (const NetworkArc& arc : n.arcs()) {
      const double x = flow.arc_t_per_yr[static_cast<std::size_t>(arc.index)];
      if (x == 0) continue;
      at(balance, arc.head) += x;
      at(balance, arc.tail) -= x;
      at(scale, arc.head) += x;
      if (arc.kind == ArcKind::Storage) {
        // A storage arc stays at its place and moves one period on.
        CHECK(n.vertex(arc.head).place == n.vertex(arc.tail).place);
        CHECK(n.vertex(arc.head).period == n.vertex(arc.tail).period + 1);
        at(stock, arc.tail) += x;
      }
    }
  }
  const TimeAnswer& time = *solved.time;
  for (std::size_t place = 0; place < s.places.size(); ++place) {
    for (int p = 0; p < periods; ++p) {
      const auto pp = static_cast<std::size_t>(p);
      INFO("place " << s.places[place].id << ", period " << p);
      CHECK(std::abs(balance[place][pp]) <= 1e-3 + 1e-9 * scale[place][pp]);
      CHECK(near(time.periods[pp].stock_t[place], stock[place][pp]));
      const double capacity = s.places[place].storage ? s.places[place].storage->capacity_t : 0.0;
      CHECK(stock[place][pp] <= capacity + 1e-3);
    }
  }
  for (int p = 0; p < periods; ++p) {
    double answered = 0;
    for (const auto& d : time.periods[static_cast<std::size_t>(p)].demands) answered += d.delivered_t;
    CHECK(near(answered, delivered[static_cast<std::size_t>(p)]));
  }
}

/// The text of a file.
std::string file_text(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("time: storage at a yard carries a week's cargo across a one-week closure", "[time][networks]") {
  const SolvedScenario solved = solve_time_network("time_storage_closure.yaml");
  const TimeAnswer& time = *solved.time;
  REQUIRE(time.periods.size() == 4);
  // Hand computation in tests/networks/time_storage_closure.yaml.
  check_demand(solved, "ab-to-c", {7000, 0, 14000, 7000}, {0, 7000, 0, 0}, {0, 0, 0, 0});
  const auto b = static_cast<std::size_t>(solved.scenario().find_place("ru-b"));
  CHECK(near(time.periods[0].stock_t[b], 0));
  CHECK(near(time.periods[1].stock_t[b], 7000));
  CHECK(near(time.periods[2].stock_t[b], 0));
  CHECK(near(time.periods[3].stock_t[b], 0));
  // ab full every week (7 kt); bc carries nothing in week 1 and 14 kt in week 2.
  for (int p = 0; p < 4; ++p) CHECK(near(link_tonnes_in_period(solved, "ab", p), 7000));
  CHECK(near(link_tonnes_in_period(solved, "bc", 1), 0));
  CHECK(near(link_tonnes_in_period(solved, "bc", 2), 14000));
  // The crossing's flow per week, reference way (RU->KP): what bc carries.
  const std::vector<double> post = {7000, 0, 14000, 7000};
  for (std::size_t p = 0; p < 4; ++p) CHECK(near(time.periods[p].crossings[0][0], post[p]));
  // Costs per week: 35,000 / 38,500 (+ 49,000 backlog) / 56,000 / 35,000.
  CHECK(near(time.periods[0].transport_cost_usd, 35000));
  CHECK(near(time.periods[1].transport_cost_usd, 38500));
  CHECK(near(time.periods[1].backlog_cost_usd, 49000));
  CHECK(near(time.periods[2].transport_cost_usd, 56000));
  CHECK(near(time.periods[3].transport_cost_usd, 35000));
  for (const auto& p : time.periods) CHECK(near(p.unserved_penalty_usd, 0));
  const FlowSolution& solution = solved.answer.routing.solution;
  CHECK(near(solution.transport_cost_usd_per_yr, 164500));
  CHECK(near(solution.backlog_cost_usd_per_yr, 49000));
  CHECK(near(solution.objective, 213500));
  CHECK(near(total_cost(time), 213500));
  // Route a-c per week: 1000 t/day while bc is open, nothing in the closed week; weeks 0, 2, 3
  // share a pattern.
  REQUIRE(time.patterns.size() == 2);
  CHECK(time.periods[0].pattern == time.periods[2].pattern);
  CHECK(time.periods[0].pattern == time.periods[3].pattern);
  CHECK(time.periods[0].pattern != time.periods[1].pattern);
  CHECK(near(route_in_period(solved, "a-c", 0).capacity_t_per_yr, 365000));
  CHECK(near(route_in_period(solved, "a-c", 1).capacity_t_per_yr, 0));
}

TEST_CASE("time: without storage the closed week's cargo is lost", "[time][networks]") {
  Scenario scenario = load_scenario(network_path("time_storage_closure.yaml"));
  for (Place& p : scenario.places) p.storage.reset();
  const SolvedScenario solved = solve_time(std::move(scenario), "time_storage_closure.yaml without storage");
  // Hand computation in the file: 21,000 x 5 + 7,000 x 100 = 805,000 USD.
  check_demand(solved, "ab-to-c", {7000, 0, 7000, 7000}, {0, 0, 0, 0}, {0, 7000, 0, 0});
  CHECK(near(solved.answer.routing.solution.objective, 805000));
  CHECK(near(total_cost(*solved.time), 805000));
  for (const auto& p : solved.time->periods) {
    for (double stock : p.stock_t) CHECK(stock == 0);
  }
}

TEST_CASE("time: backlog delivers a shortfall later at its lateness cost, and without it it is lost", "[time][networks]") {
  const SolvedScenario solved = solve_time_network("time_backlog.yaml");
  // Hand computation in tests/networks/time_backlog.yaml.
  check_demand(solved, "late", {7000, 6000, 7000}, {3000, 0, 0}, {0, 0, 2000});
  check_demand(solved, "lost", {7000, 3000, 7000}, {0, 0, 0}, {3000, 0, 2000});
  // 2 kt are never delivered, and are dropped in week 0, where they save two weeks of backlog.
  check_demand(solved, "front", {7000, 7000, 7000}, {12000, 6000, 0}, {2000, 0, 0});
  const FlowSolution& solution = solved.answer.routing.solution;
  CHECK(near(solution.transport_cost_usd_per_yr, 116000));
  CHECK(near(solution.backlog_cost_usd_per_yr, 147000));
  CHECK(near(solved.answer.routing.unserved_penalty_usd_per_yr, 450000));
  CHECK(near(solution.objective, 713000));
  const TimeAnswer& time = *solved.time;
  CHECK(near(total_cost(time), 713000));
  // Per week: backlog 3,000 x 7 + 12,000 x 7 = 105,000 then 6,000 x 7 = 42,000; unserved 3 + 2 kt
  // in week 0 (lost, front), 2 + 2 kt in week 2 (late, lost).
  CHECK(near(time.periods[0].backlog_cost_usd, 105000));
  CHECK(near(time.periods[1].backlog_cost_usd, 42000));
  CHECK(near(time.periods[2].backlog_cost_usd, 0));
  CHECK(near(time.periods[0].unserved_penalty_usd, 250000));
  CHECK(near(time.periods[1].unserved_penalty_usd, 0));
  CHECK(near(time.periods[2].unserved_penalty_usd, 200000));
  // The identity of time_answers.hpp: sum_{s<=p} (delivered_s + unserved_s) + backlog_p = sum q_s.
  for (std::size_t d = 0; d < solved.scenario().demands.size(); ++d) {
    double wanted = 0, settled = 0;
    for (std::size_t p = 0; p < time.periods.size(); ++p) {
      const DemandInPeriod& x = time.periods[p].demands[d];
      wanted += x.wanted_t;
      settled += x.delivered_t + x.unserved_t;
      CHECK(near(settled + x.backlog_t, wanted));
    }
  }
  CHECK(near(time.periods[0].demands[static_cast<std::size_t>(demand_index(solved.scenario(), "front"))].wanted_t, 21000));
}

TEST_CASE("time: transit longer than a day arrives by the midpoint rule", "[time][networks]") {
  const SolvedScenario solved = solve_time_network("time_transit_lag.yaml");
  const Network& n = solved.network;
  // Hand computation in tests/networks/time_transit_lag.yaml: 36 h lands two days on, 30 h one.
  check_demand(solved, "slow-d", {0, 0, 1000, 1000, 1000}, {0, 0, 0, 0, 0}, {1000, 1000, 0, 0, 0});
  check_demand(solved, "quick-d", {0, 1000, 1000, 1000, 1000}, {0, 0, 0, 0, 0}, {1000, 0, 0, 0, 0});
  CHECK(near(solved.answer.routing.solution.objective, 67000));
  // The arcs themselves: slow departs on days 0..2 only, each arriving two days later; quick on 0..3.
  std::map<std::string, std::vector<std::pair<int, int>>> departures;
  for (const NetworkArc& arc : n.arcs()) {
    if (arc.kind != ArcKind::Link) continue;
    CHECK(n.vertex(arc.tail).period == arc.period);
    departures[n.scenario().links[static_cast<std::size_t>(arc.element)].id].emplace_back(arc.period, n.vertex(arc.head).period);
  }
  CHECK(departures["slow"] == std::vector<std::pair<int, int>>{{0, 2}, {1, 3}, {2, 4}});
  CHECK(departures["quick"] == std::vector<std::pair<int, int>>{{0, 1}, {1, 2}, {2, 3}, {3, 4}});
  // The route capacity is a rate and ignores the lag: 1000 t a day every day.
  for (int p = 0; p < 5; ++p) CHECK(near(route_in_period(solved, "slow-r", p).capacity_t_per_yr, 365000));
  CHECK(solved.time->patterns.size() == 1);
}

TEST_CASE("time: a ramp-up's monthly factors are the means of its daily factors", "[time][networks]") {
  const SolvedScenario solved = solve_time_network("time_ramp.yaml");
  const Scenario& s = solved.scenario();
  const Horizon& h = *s.time;
  const Availability& a = s.links[static_cast<std::size_t>(s.find_link("new"))].availability;
  // Hand computation in tests/networks/time_ramp.yaml.
  const std::vector<double> factor = {0, 145.0 / 236.0, 51.0 / 59.0, 1, 1, 1};
  const std::vector<double> days = {31, 28, 31, 30, 31, 30};
  for (int p = 0; p < 6; ++p) {
    const auto pp = static_cast<std::size_t>(p);
    INFO("month " << p);
    CHECK(h.days(p) == days[pp]);
    CHECK(a.period_factor(h, p) == Approx(factor[pp]).epsilon(1e-12));
    const double tonnes = 1000 * days[pp] * factor[pp];
    // The time-expanded network's row (none in January: the link has no arc before it opens).
    if (p == 0) CHECK(link_row_in_period(solved.network, "new", p) < 0);
    else CHECK(link_row_in_period(solved.network, "new", p) == Approx(tonnes).epsilon(1e-12));
    // The route capacity on the month's own network, as a rate.
    CHECK(near(route_in_period(solved, "new-r", p).capacity_t_per_yr, 365000 * factor[pp]));
    // The link binds every month: delivered = its tonnes, unserved = 2000 t/day - delivered.
    const DemandInPeriod& d = solved.time->periods[pp].demands[0];
    CHECK(near(d.wanted_t, 2000 * days[pp]));
    CHECK(near(d.delivered_t, tonnes));
    CHECK(near(d.unserved_t, 2000 * days[pp] - tonnes));
  }
  CHECK(near(solved.time->periods[1].demands[0].delivered_t, 17203.389830508));
  CHECK(near(solved.time->periods[2].demands[0].delivered_t, 26796.610169492));
  const auto& periods = solved.time->periods;
  CHECK(solved.time->patterns.size() == 4);
  CHECK(periods[3].pattern == periods[4].pattern);
  CHECK(periods[3].pattern == periods[5].pattern);
}

TEST_CASE("time: seasons multiply, closed windows cut partial months, a link meets its crossing", "[time][networks]") {
  const SolvedScenario solved = solve_time_network("time_seasons.yaml");
  const Scenario& s = solved.scenario();
  const Horizon& h = *s.time;
  const Availability& ice = s.links[static_cast<std::size_t>(s.find_link("ice"))].availability;
  const Availability& bridge = s.links[static_cast<std::size_t>(s.find_link("bridge"))].availability;
  const Availability& post = s.crossings[static_cast<std::size_t>(s.find_crossing("post"))].availability;
  // Hand computation in tests/networks/time_seasons.yaml (Dec, Jan, Feb, Mar).
  const std::vector<double> days = {31, 31, 28, 31};
  const std::vector<double> ice_factor = {0.5, 0.2, 0.5, 21.0 / 31.0};
  const std::vector<double> bridge_factor = {1, 1, 6.0 / 7.0, 13.5 / 31.0};
  const std::vector<double> post_factor = {1, 0.5, 1, 1};
  const std::vector<double> ice_t = {15500, 6200, 14000, 21000};
  const std::vector<double> bridge_d = {15500, 7750, 14000, 13500};
  const std::vector<double> bridge_rate = {182500, 91250, 182500, 365000 * 13.5 / 31.0};
  const int post_index = s.find_crossing("post");
  for (int p = 0; p < 4; ++p) {
    const auto pp = static_cast<std::size_t>(p);
    INFO("month " << p);
    CHECK(ice.period_factor(h, p) == Approx(ice_factor[pp]).epsilon(1e-12));
    CHECK(bridge.period_factor(h, p) == Approx(bridge_factor[pp]).epsilon(1e-12));
    CHECK(post.period_factor(h, p) == Approx(post_factor[pp]).epsilon(1e-12));
    CHECK(link_row_in_period(solved.network, "ice", p) == Approx(1000 * days[pp] * ice_factor[pp]).epsilon(1e-12));
    CHECK(link_row_in_period(solved.network, "bridge", p) == Approx(1000 * days[pp] * bridge_factor[pp]).epsilon(1e-12));
    // The crossing's own row: 500 t/day x its factor.
    int post_rows = 0;
    for (int r : solved.network.rows_of({ElementKind::Crossing, post_index})) {
      const CapacityRow& row = solved.network.rows()[static_cast<std::size_t>(r)];
      if (row.period != p) continue;
      ++post_rows;
      CHECK(row.capacity_t_per_yr == Approx(500 * days[pp] * post_factor[pp]).epsilon(1e-12));
    }
    CHECK(post_rows == 1);
    check_demand(solved, "ice-d", {ice_t[0], ice_t[1], ice_t[2], ice_t[3]}, {0, 0, 0, 0},
                 {62000 - ice_t[0], 62000 - ice_t[1], 56000 - ice_t[2], 62000 - ice_t[3]});
    CHECK(near(solved.time->periods[pp].demands[static_cast<std::size_t>(demand_index(s, "bridge-d"))].delivered_t, bridge_d[pp]));
    CHECK(near(solved.time->periods[pp].crossings[static_cast<std::size_t>(post_index)][0], bridge_d[pp]));
    CHECK(near(route_in_period(solved, "bridge-r", p).capacity_t_per_yr, bridge_rate[pp]));
  }
  CHECK(solved.time->patterns.size() == 4);
}

TEST_CASE("time: conservation per place and period, stock included", "[time][networks]") {
  SECTION("storage across a closure") { check_conservation_over_time(solve_time_network("time_storage_closure.yaml")); }
  SECTION("backlog") { check_conservation_over_time(solve_time_network("time_backlog.yaml")); }
  SECTION("transit lag") { check_conservation_over_time(solve_time_network("time_transit_lag.yaml")); }
  SECTION("bundled flood season (storage at Sinuiju, backlog)") {
    const std::string file = std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/flood-season.yaml";
    const SolvedScenario solved = solve_time(load_scenario(file), file);
    check_conservation_over_time(solved);
  }
}

TEST_CASE("time: twelve months without anything time-varying give the year's answers month by month", "[time][networks]") {
  // Each hand network with demands (the others have no routing to compare), as written and with
  // a 12-month horizon appended. Nothing varies, and every
  // transit is far shorter than half a month, so each month is the year's problem scaled by
  // days/365: its rows, its demands, and so its optimum. Per month, then: delivered and unserved
  // per demand = the year's x days/365, cost = the year's objective x days/365; and the route
  // capacities of the month's (single) pattern are the no-time scenario's, the same numbers.
  // 2024 is a leap year: twelve months of 366 days.
  const auto name = GENERATE(as<std::string>{}, "background_moves_bottleneck.yaml", "border_post.yaml",
                             "cap_two_suppliers.yaml", "closed_link.yaml", "critical_chain.yaml", "dual_gauge.yaml",
                             "expensive_demand.yaml", "fee_flips_route.yaml", "fleet_binds.yaml", "gauge_break.yaml",
                             "mixed_border_post.yaml", "mixed_origin_no_transit.yaml", "no_transit.yaml", "one_way.yaml",
                             "parallel_links.yaml", "selective_no_transit.yaml",
                             "shared_capacity.yaml", "two_way_single_lane.yaml",
                             "unreachable_demand.yaml");
  INFO("network " << name);
  const std::string text = file_text(network_path(name));
  const SolvedScenario year = solve_scenario(std::make_shared<const Scenario>(load_text(text)), name);
  REQUIRE(year.answer.routing.certified);
  const SolvedScenario months = solve_time(load_text(text + "time: {start: 2024-01-01, periods: 12, period: month}\n"), name);
  const TimeAnswer& time = *months.time;
  REQUIRE(time.patterns.size() == 1);
  // Route capacities: the same answers, bit for bit.
  const auto& pattern = time.patterns.front().capacities;
  REQUIRE(pattern.size() == year.answer.capacities.size());
  for (std::size_t q = 0; q < pattern.size(); ++q) {
    INFO("route question " << q);
    CHECK(pattern[q].route == year.answer.capacities[q].route);
    CHECK(pattern[q].reverse == year.answer.capacities[q].reverse);
    CHECK(pattern[q].capacity_t_per_yr == year.answer.capacities[q].capacity_t_per_yr);
    CHECK(pattern[q].cost_usd_per_t == year.answer.capacities[q].cost_usd_per_t);
    CHECK(pattern[q].hours == year.answer.capacities[q].hours);
  }
  double days_total = 0;
  for (int p = 0; p < 12; ++p) {
    const double share = time.horizon.days(p) / 365.0;
    days_total += time.horizon.days(p);
    const PeriodAnswer& period = time.periods[static_cast<std::size_t>(p)];
    INFO("month " << p);
    for (const DemandAnswer& d : year.answer.routing.demands) {
      const DemandInPeriod& got = period.demands[static_cast<std::size_t>(d.demand)];
      CHECK(near(got.wanted_t, year.scenario().demands[static_cast<std::size_t>(d.demand)].quantity_t_per_yr * share));
      CHECK(near(got.delivered_t, d.delivered_t_per_yr * share));
      CHECK(near(got.unserved_t, d.unserved_t_per_yr * share));
      CHECK(got.backlog_t == 0);
    }
    CHECK(near(period.cost_usd(), year.answer.routing.solution.objective * share));
  }
  CHECK(days_total == 366);
}

TEST_CASE("time: the certificate check rejects tampered slots and an overfull period row", "[time][check]") {
  const SolvedScenario solved = solve_time_network("time_storage_closure.yaml");
  const Network& n = solved.network;
  const RoutingAnswer& routing = solved.answer.routing;
  // The demand is one class (one origin-destination country pair), the head of its group.
  REQUIRE(routing.classes.size() == 1);
  REQUIRE(routing.solution.classes[0].slot_unserved_t.size() == 4);
  REQUIRE(routing.solution.classes[0].slot_backlog_t.size() == 3);
  SECTION("a slot's unserved tonnes") {
    FlowSolution tampered = routing.solution;
    tampered.classes[0].slot_unserved_t[1] += 1000;
    CHECK_FALSE(check_routing(n, routing.classes, tampered).empty());
  }
  SECTION("unserved tonnes moved from one slot to another, the total unchanged") {
    FlowSolution tampered = routing.solution;
    tampered.classes[0].slot_unserved_t[1] += 1000;
    tampered.classes[0].slot_unserved_t[2] -= 1000;
    CHECK_FALSE(check_routing(n, routing.classes, tampered).empty());
  }
  SECTION("a slot's backlog tonnes") {
    FlowSolution tampered = routing.solution;
    tampered.classes[0].slot_backlog_t[1] -= 1000;
    CHECK_FALSE(check_routing(n, routing.classes, tampered).empty());
  }
  SECTION("a backlog that is not there") {
    FlowSolution tampered = routing.solution;
    tampered.classes[0].slot_backlog_t[2] += 1000;
    CHECK_FALSE(check_routing(n, routing.classes, tampered).empty());
  }
  SECTION("backlog slots missing") {
    FlowSolution tampered = routing.solution;
    tampered.classes[0].slot_backlog_t.pop_back();
    CHECK_FALSE(check_routing(n, routing.classes, tampered).empty());
  }
  SECTION("one period's row below its use") {
    // ab's row in week 2 carries 7,000 t; its capacity cut to 6,000 t makes the plan overfull.
    Network cut = n;
    const int ab = n.scenario().find_link("ab");
    int row = -1;
    for (int r : n.rows_of({ElementKind::Link, ab})) {
      if (n.rows()[static_cast<std::size_t>(r)].period == 2) row = r;
    }
    REQUIRE(row >= 0);
    REQUIRE(near(routing.solution.row_use[static_cast<std::size_t>(row)], 7000));
    cut.set_row_capacity(row, 6000);
    const auto problems = check_routing(cut, routing.classes, routing.solution);
    REQUIRE_FALSE(problems.empty());
    CHECK_THAT(joined(problems), Catch::Contains(n.describe_row(row)));
  }
  SECTION("stock beyond the yard's capacity") {
    // The storage row from week 1 into week 2 holds 7,000 t; 5,000 t of room is too little.
    Network cut = n;
    int row = -1;
    for (std::size_t r = 0; r < n.rows().size(); ++r) {
      if (n.rows()[r].kind == ElementKind::Storage && n.rows()[r].period == 1) row = static_cast<int>(r);
    }
    REQUIRE(row >= 0);
    CHECK(n.rows()[static_cast<std::size_t>(row)].capacity_t_per_yr == 10000);
    cut.set_row_capacity(row, 5000);
    CHECK_FALSE(check_routing(cut, routing.classes, routing.solution).empty());
  }
  SECTION("the untouched solution passes") { CHECK(check_routing(n, routing.classes, routing.solution).empty()); }
}

TEST_CASE("commands that answer one year refuse a time scenario, naming its time: section") {
  const Scenario timed = load_scenario(network_path("time_backlog.yaml"));
  try {
    require_one_period(timed, "compare");
    FAIL("a time scenario was accepted");
  } catch (const InputError& error) {
    const auto& d = error.diagnostics().front();
    CHECK(d.where.line > 0);
    CHECK_THAT(d.message, Catch::Contains("'compare' answers a scenario as one year") &&
                              Catch::Contains("use 'borderflow run' for its answers per period"));
  }
  CHECK_THROWS_AS(solve_critical(std::make_shared<const Scenario>(timed), "t.yaml", {}, {}), InputError);
  Scenario one_year = timed;
  one_year.time.reset();
  CHECK_NOTHROW(require_one_period(one_year, "compare"));
}
