// The issue 9 rows against independent oracles on seeded random networks:
//  - one flow class with background loads and a cap on its delivered tonnes, against LEMON
//    (Preflow and NetworkSimplex): a load is taken off its arc's capacity, and the cap is the
//    capacity of one arc that every delivered tonne crosses on its way to the super-sink;
//  - several classes (countries, transit bans, suppliers at prices, transit fees) sharing
//    per-direction, both-ways, fleet and cap rows, where LEMON cannot help: the public
//    certificate must pass, and the optimum must equal that of an LP this file writes down from
//    the definitions (format.md, flow_class.hpp) and solves with CLP directly, over arcs of its
//    own, without the engine's expansion, flow classes or LP builder.
// Capacities are whole kt/yr and costs whole USD/t, so LEMON's integer domain is exact.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <numeric>
#include <random>
#include <set>

#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>

#include "lemon_oracle.hpp"
#include "support.hpp"

using namespace bftest;

namespace {

bool close_to(double a, double b) { return std::abs(a - b) <= 1e-2 + 1e-6 * std::max(std::abs(a), std::abs(b)); }

struct Rng {
  std::mt19937 engine;
  explicit Rng(std::uint32_t seed) : engine(seed) {}
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(engine); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(engine) < p; }
  /// `count` distinct values of 0..n-1 (count <= n), in random order.
  std::vector<int> distinct(int n, int count) {
    std::vector<int> all(static_cast<std::size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    std::shuffle(all.begin(), all.end(), engine);
    all.resize(static_cast<std::size_t>(count));
    return all;
  }
};

Place place(int i, const std::string& country) {
  Place p;
  p.id = "p" + std::to_string(i);
  p.name = p.id;
  p.country = country;
  return p;
}

BackgroundFlow load_on_link(int link, bool reverse, double load_t_per_yr) {
  BackgroundFlow flow;
  flow.id = "load-" + std::to_string(link) + (reverse ? "-back" : "-forth");
  flow.element = ElementRef{ElementKind::Link, link};
  flow.reverse = reverse;
  flow.direction = reverse ? "back" : "forth";
  flow.load_t_per_yr = load_t_per_yr;
  return flow;
}

PlaceSet place_set(std::vector<int> places) {
  std::sort(places.begin(), places.end());
  PlaceSet set;
  set.places = std::move(places);
  return set;
}

// ------------------------------------------------------------------------------------------
// One class, loads and a delivered cap: LEMON.

struct LemonInstance {
  Scenario scenario;
  PlaceSet origins, destinations;
  std::vector<std::array<std::int64_t, 2>> load_kt;  ///< per link, forth and back
  std::int64_t cap_kt = -1;                          ///< -1: no cap
  std::int64_t quantity_kt = 0;
  std::int64_t unserved_usd_per_t = 0;
};

/// A random one-country road network of 2..40 places whose links carry background loads up to
/// their capacity, and (most of the time) a cap on delivered tonnes.
LemonInstance lemon_instance(std::uint32_t seed) {
  Rng rng(seed);
  LemonInstance in;
  Scenario& s = in.scenario;
  s.name = "loads-" + std::to_string(seed);
  const int n = rng.uniform(2, 40);
  for (int i = 0; i < n; ++i) s.places.push_back(place(i, "RU"));
  const int m = rng.uniform(n, 4 * n);
  for (int j = 0; j < m; ++j) {
    Link l;
    l.id = "l" + std::to_string(j);
    l.name = l.id;
    l.from = rng.uniform(0, n - 1);
    do {
      l.to = rng.uniform(0, n - 1);
    } while (l.to == l.from);
    l.mode = Mode::Road;
    l.length_km = 1;
    const int cap_kt = rng.uniform(1, 100);
    l.capacity_t_per_yr = 1000.0 * cap_kt;
    l.cost_usd_per_t = rng.uniform(0, 20);
    l.both_ways = rng.uniform(0, 9) < 6;
    std::array<std::int64_t, 2> load = {0, 0};
    for (int way = 0; way < (l.both_ways ? 2 : 1); ++way) {
      if (!rng.chance(0.4)) continue;
      load[static_cast<std::size_t>(way)] = rng.uniform(0, cap_kt);  // up to the whole capacity
      s.background.push_back(load_on_link(j, way == 1, 1000.0 * static_cast<double>(load[static_cast<std::size_t>(way)])));
    }
    in.load_kt.push_back(load);
    s.links.push_back(l);
  }
  const std::vector<int> order = rng.distinct(n, n);
  const int k_from = rng.uniform(1, std::min(3, n - 1));
  const int k_to = rng.uniform(1, std::min(3, n - k_from));
  in.origins = place_set({order.begin(), order.begin() + k_from});
  in.destinations = place_set({order.begin() + k_from, order.begin() + k_from + k_to});
  if (rng.chance(0.6)) {
    in.cap_kt = rng.uniform(0, 150);
    Cap cap;
    cap.id = "delivered";
    cap.limit = 1000.0 * static_cast<double>(in.cap_kt);
    s.caps.push_back(cap);
  }
  in.quantity_kt = rng.uniform(1, 300);
  in.unserved_usd_per_t = rng.uniform(5, 80);
  return in;
}

/// The instance in LEMON: arc capacities net of the loads; destinations drain through one arc
/// of the cap's capacity into the sink; with `unserved`, an S -> T arc prices unserved tonnes.
struct LemonOracle : LemonGraph {
  LemonOracle(const LemonInstance& in, bool unserved) {
    std::vector<Graph::Node> node;
    for (std::size_t i = 0; i < in.scenario.places.size(); ++i) node.push_back(graph.addNode());
    const Graph::Node delivered = graph.addNode();
    for (std::size_t j = 0; j < in.scenario.links.size(); ++j) {
      const Link& l = in.scenario.links[j];
      const auto cap = static_cast<std::int64_t>(std::llround(l.capacity_t_per_yr / 1000));
      const auto c = static_cast<std::int64_t>(std::llround(l.cost_usd_per_t));
      add(node[static_cast<std::size_t>(l.from)], node[static_cast<std::size_t>(l.to)], cap - in.load_kt[j][0], c);
      if (l.both_ways) add(node[static_cast<std::size_t>(l.to)], node[static_cast<std::size_t>(l.from)], cap - in.load_kt[j][1], c);
    }
    for (int o : in.origins.places) add(source, node[static_cast<std::size_t>(o)], infinite, 0);
    for (int d : in.destinations.places) add(node[static_cast<std::size_t>(d)], delivered, infinite, 0);
    add(delivered, sink, in.cap_kt >= 0 ? in.cap_kt : infinite, 0);
    if (unserved) add(source, sink, infinite, in.unserved_usd_per_t);
  }
};

// ------------------------------------------------------------------------------------------
// Several classes sharing rows: a brute LP from the definitions.

constexpr double kBblPerT = 7.5;
const std::vector<std::string> kCountries = {"CN", "KP", "RU"};

struct WorldLink {
  int from = -1, to = -1;
  double capacity_t = 0;                // per direction
  double both_ways_t = kUnlimited;      // over both directions
  double cost_usd_per_t = 0;
  double transit_h = 0;
  bool both_ways = true;
  std::array<double, 2> load_t = {0, 0};  // forth, back
};

struct WorldFleet {
  std::vector<int> links;
  double payload_t = 0, turnaround_h = 0, count = 0;
  double cycle_h(const WorldLink& l) const { return 2 * (l.transit_h + turnaround_h); }
};

struct WorldCap {
  double limit = 0;  ///< t/yr, or bbl/yr when `barrels`
  bool barrels = false;
  std::vector<int> links;  ///< empty: delivered tonnes
  std::vector<std::string> to_countries;
  std::vector<int> demands;
};

struct WorldSupplier {
  std::vector<int> places;
  double price_usd_per_t = 0;
};

struct WorldDemand {
  std::vector<WorldSupplier> suppliers;
  std::vector<int> to;
  double quantity_t = 0, unserved_usd_per_t = 0;
};

/// A random world of places in three countries: the definitions the brute LP is written from.
struct World {
  std::vector<std::string> country;  ///< per place
  std::vector<WorldLink> links;
  std::vector<WorldFleet> fleets;
  std::vector<WorldCap> caps;
  std::vector<std::pair<std::string, double>> transit_fees;  ///< country, USD/t
  std::vector<std::string> no_transit;        ///< of anything
  std::vector<std::string> no_transit_goods;  ///< of the one commodity, goods
  std::vector<int> route_from, route_to;
  std::vector<WorldDemand> demands;
};

World random_world(std::uint32_t seed) {
  Rng rng(seed);
  World w;
  const int n = rng.uniform(3, 12);
  for (int i = 0; i < n; ++i) w.country.push_back(kCountries[static_cast<std::size_t>(rng.uniform(0, 2))]);
  const int m = rng.uniform(n, 3 * n);
  for (int j = 0; j < m; ++j) {
    WorldLink l;
    l.from = rng.uniform(0, n - 1);
    do {
      l.to = rng.uniform(0, n - 1);
    } while (l.to == l.from);
    l.capacity_t = 1000.0 * rng.uniform(1, 100);
    if (rng.chance(0.3)) l.both_ways_t = 1000.0 * rng.uniform(1, 150);
    l.cost_usd_per_t = rng.uniform(0, 20);
    l.transit_h = rng.uniform(1, 48);
    l.both_ways = rng.chance(0.6);
    // Loads within 40% of the tightest row each way, so no row is ever overloaded.
    const double room_kt = std::floor(0.4 * std::min(l.capacity_t, l.both_ways_t) / 1000);
    for (int way = 0; way < (l.both_ways ? 2 : 1); ++way) {
      if (rng.chance(0.3)) l.load_t[static_cast<std::size_t>(way)] = 1000.0 * rng.uniform(0, static_cast<int>(room_kt));
    }
    w.links.push_back(l);
  }
  if (rng.chance(0.6)) {
    WorldFleet f;
    f.links = rng.distinct(m, rng.uniform(1, std::min(4, m)));
    f.payload_t = 1000.0 * rng.uniform(1, 20);
    f.turnaround_h = rng.uniform(0, 24);
    double loaded_t_h = 0;
    for (int l : f.links) {
      const WorldLink& link = w.links[static_cast<std::size_t>(l)];
      loaded_t_h += (link.load_t[0] + link.load_t[1]) * f.cycle_h(link);
    }
    f.count = (loaded_t_h + 1000.0 * rng.uniform(1, 100) * 50) / (f.payload_t * 8760);
    w.fleets.push_back(f);
  }
  const int demand_count = rng.uniform(1, 2);
  for (int c = rng.uniform(0, 2); c > 0; --c) {
    WorldCap cap;
    cap.barrels = rng.chance(0.4);
    cap.limit = 1000.0 * rng.uniform(0, 150) * (cap.barrels ? kBblPerT : 1);
    if (rng.chance(0.5)) cap.links = rng.distinct(m, rng.uniform(1, std::min(2, m)));
    if (rng.chance(0.3)) cap.to_countries = {kCountries[static_cast<std::size_t>(rng.uniform(0, 2))]};
    if (rng.chance(0.3)) cap.demands = {rng.uniform(0, demand_count - 1)};
    w.caps.push_back(cap);
  }
  if (rng.chance(0.5)) w.transit_fees.push_back({kCountries[static_cast<std::size_t>(rng.uniform(0, 2))], rng.uniform(0, 15)});
  for (const auto& c : kCountries) {
    if (rng.chance(0.2)) w.no_transit.push_back(c);
    else if (rng.chance(0.2)) w.no_transit_goods.push_back(c);
  }
  const std::vector<int> order = rng.distinct(n, n);
  const int k_from = rng.uniform(1, std::min(3, n - 1));
  const int k_to = rng.uniform(1, std::min(3, n - k_from));
  w.route_from.assign(order.begin(), order.begin() + k_from);
  w.route_to.assign(order.begin() + k_from, order.begin() + k_from + k_to);
  for (int d = 0; d < demand_count; ++d) {
    WorldDemand demand;
    const std::vector<int> shuffled = rng.distinct(n, n);
    const int k_dest = rng.uniform(1, std::min(2, n - 1));
    demand.to.assign(shuffled.begin(), shuffled.begin() + k_dest);
    for (int k = rng.uniform(1, 2); k > 0; --k) {
      WorldSupplier supplier;
      const int available = n - k_dest;
      const std::vector<int> pick = rng.distinct(available, rng.uniform(1, std::min(2, available)));
      for (int p : pick) supplier.places.push_back(shuffled[static_cast<std::size_t>(k_dest + p)]);
      supplier.price_usd_per_t = rng.uniform(0, 40);
      demand.suppliers.push_back(supplier);
    }
    demand.quantity_t = 1000.0 * rng.uniform(1, 200);
    demand.unserved_usd_per_t = rng.uniform(20, 150);
    w.demands.push_back(demand);
  }
  return w;
}

/// The world as a Scenario, in the engine's data structures.
Scenario world_scenario(const World& w, std::uint32_t seed) {
  Scenario s;
  s.name = "world-" + std::to_string(seed);
  for (std::size_t i = 0; i < w.country.size(); ++i) s.places.push_back(place(static_cast<int>(i), w.country[i]));
  Commodity goods;
  goods.id = goods.name = "goods";
  goods.cargo_class = "general";
  goods.bbl_per_t = kBblPerT;
  s.commodities.push_back(goods);
  Vehicle truck;
  truck.id = truck.name = "truck";
  truck.mode = Mode::Road;
  truck.payload_t = 20;
  s.vehicles.push_back(truck);
  for (std::size_t j = 0; j < w.links.size(); ++j) {
    const WorldLink& wl = w.links[j];
    Link l;
    l.id = l.name = "l" + std::to_string(j);
    l.from = wl.from;
    l.to = wl.to;
    l.mode = Mode::Road;
    l.length_km = 1;
    l.capacity_t_per_yr = wl.capacity_t;
    l.capacity_both_ways_t_per_yr = wl.both_ways_t;
    l.cost_usd_per_t = wl.cost_usd_per_t;
    l.transit_h = wl.transit_h;
    l.both_ways = wl.both_ways;
    s.links.push_back(l);
    for (int way = 0; way < 2; ++way) {
      const double load = wl.load_t[static_cast<std::size_t>(way)];
      if (load > 0) s.background.push_back(load_on_link(static_cast<int>(j), way == 1, load));
    }
  }
  for (std::size_t f = 0; f < w.fleets.size(); ++f) {
    Fleet fleet;
    fleet.id = fleet.name = "fleet" + std::to_string(f);
    fleet.vehicle = 0;
    fleet.count = w.fleets[f].count;
    fleet.payload_t = w.fleets[f].payload_t;
    fleet.turnaround_h = w.fleets[f].turnaround_h;
    fleet.links = w.fleets[f].links;
    s.fleets.push_back(fleet);
  }
  for (std::size_t c = 0; c < w.caps.size(); ++c) {
    const WorldCap& wc = w.caps[c];
    Cap cap;
    cap.id = cap.name = "cap" + std::to_string(c);
    cap.limit = wc.limit;
    cap.unit = wc.barrels ? CapUnit::BarrelsPerYear : CapUnit::TonnesPerYear;
    if (wc.barrels) cap.commodities = {0};
    cap.demands = wc.demands;
    cap.destination_countries = wc.to_countries;
    for (int l : wc.links) cap.elements.push_back({ElementKind::Link, l});
    s.caps.push_back(cap);
  }
  for (const auto& [country, fee_usd_per_t] : w.transit_fees) {
    Fee fee;
    fee.id = "fee-" + country;
    fee.transit_country = country;
    fee.fee_usd_per_t = fee_usd_per_t;
    s.fees.push_back(fee);
  }
  s.policy.no_transit = w.no_transit;
  for (const auto& c : w.no_transit_goods) s.policy.no_transit_of.push_back({c, {0}, {}});
  Route route;
  route.id = route.name = "route";
  route.origins = place_set(w.route_from);
  route.destinations = place_set(w.route_to);
  route.commodity = 0;
  route.both_directions = false;
  s.routes.push_back(route);
  for (std::size_t d = 0; d < w.demands.size(); ++d) {
    const WorldDemand& wd = w.demands[d];
    Demand demand;
    demand.id = demand.name = "demand" + std::to_string(d);
    demand.commodity = 0;
    demand.destinations = place_set(wd.to);
    demand.quantity_t_per_yr = wd.quantity_t;
    demand.unserved_cost_usd_per_t = wd.unserved_usd_per_t;
    std::set<int> all_origins;
    for (std::size_t k = 0; k < wd.suppliers.size(); ++k) {
      Supplier supplier;
      supplier.id = demand.id + "-s" + std::to_string(k);
      supplier.origins = place_set(wd.suppliers[k].places);
      supplier.price_usd_per_t = wd.suppliers[k].price_usd_per_t;
      demand.suppliers.push_back(supplier);
      all_origins.insert(wd.suppliers[k].places.begin(), wd.suppliers[k].places.end());
    }
    demand.origins = place_set({all_origins.begin(), all_origins.end()});
    s.demands.push_back(demand);
  }
  return s;
}

/// An arc of the brute LP: link `link` forth (from -> to) or back.
struct BruteArc {
  int link = -1;
  int way = 0;
  int tail = -1, head = -1;
};

/// The LP of the definitions, in kt/yr: per class, one column per usable arc, per source place
/// (tonnes entering) and per sink place (tonnes delivered); per demand, one unserved column.
class BruteLp {
 public:
  enum class Kind { MaxFlow, Routing };

  BruteLp(const World& w, Kind kind) : w_(w), kind_(kind) {
    for (std::size_t j = 0; j < w.links.size(); ++j) {
      const WorldLink& l = w.links[j];
      arcs_.push_back({static_cast<int>(j), 0, l.from, l.to});
      if (l.both_ways) arcs_.push_back({static_cast<int>(j), 1, l.to, l.from});
    }
    if (kind == Kind::MaxFlow) {
      add_trade(w.route_from, w.route_to, -1, 0);
    } else {
      for (std::size_t d = 0; d < w.demands.size(); ++d) {
        for (const WorldSupplier& s : w.demands[d].suppliers) add_trade(s.places, w.demands[d].to, static_cast<int>(d), s.price_usd_per_t);
      }
    }
  }

  std::size_t class_count() const { return classes_.size(); }

  /// The optimum: max flow in t/yr, or the least total cost in USD/yr (transport, fees, origin
  /// prices, unserved tonnes).
  double solve() {
    for (std::size_t k = 0; k < classes_.size(); ++k) add_class_columns_and_conservation(k);
    add_capacity_rows();
    if (kind_ == Kind::Routing) add_demand_rows();
    ClpSimplex model;
    model.setLogLevel(0);
    CoinPackedMatrix matrix(true, row_index_.data(), col_index_.data(), value_.data(), static_cast<CoinBigIndex>(value_.size()));
    matrix.setDimensions(static_cast<int>(row_lo_.size()), static_cast<int>(objective_.size()));
    const std::vector<double> col_lo(objective_.size(), 0.0), col_hi(objective_.size(), COIN_DBL_MAX);
    model.loadProblem(matrix, col_lo.data(), col_hi.data(), objective_.data(), row_lo_.data(), row_hi_.data());
    model.setOptimizationDirection(kind_ == Kind::MaxFlow ? -1 : 1);
    model.initialSolve();
    REQUIRE(model.isProvenOptimal());
    const double* x = model.primalColumnSolution();
    double value = 0;
    for (std::size_t j = 0; j < objective_.size(); ++j) value += objective_[j] * x[j];
    return 1000 * value;  // kt -> t, kUSD -> USD
  }

 private:
  struct BruteClass {
    std::string origin_country, destination_country;
    std::vector<int> sources, sinks;
    std::vector<char> place_ok;
    int demand = -1;
    double price_usd_per_t = 0;
    std::vector<int> arc_column, source_column, sink_column;  // filled when columns are made
  };

  /// One class per pair of (origin country, destination country) of the trade's places.
  void add_trade(const std::vector<int>& from, const std::vector<int>& to, int demand, double price) {
    std::map<std::pair<std::string, std::string>, BruteClass> pairs;
    for (int o : from) {
      for (int d : to) {
        BruteClass& c = pairs[{w_.country[static_cast<std::size_t>(o)], w_.country[static_cast<std::size_t>(d)]}];
        c.origin_country = w_.country[static_cast<std::size_t>(o)];
        c.destination_country = w_.country[static_cast<std::size_t>(d)];
        if (std::find(c.sources.begin(), c.sources.end(), o) == c.sources.end()) c.sources.push_back(o);
        if (std::find(c.sinks.begin(), c.sinks.end(), d) == c.sinks.end()) c.sinks.push_back(d);
      }
    }
    for (auto& [key, c] : pairs) {
      c.demand = demand;
      c.price_usd_per_t = price;
      // A transit country (neither end's) that bans transit of anything or of goods is closed.
      c.place_ok.assign(w_.country.size(), 1);
      for (std::size_t p = 0; p < w_.country.size(); ++p) {
        const std::string& country = w_.country[p];
        const bool transit = country != c.origin_country && country != c.destination_country;
        const bool banned = contains(w_.no_transit, country) || contains(w_.no_transit_goods, country);
        if (transit && banned) c.place_ok[p] = 0;
      }
      classes_.push_back(std::move(c));
    }
  }

  static bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
  }

  /// USD/t the class pays on an arc: the link's cost plus every transit fee of a country the
  /// arc enters that is neither of the class's ends.
  double arc_cost(const BruteClass& c, const BruteArc& a) const {
    double cost = w_.links[static_cast<std::size_t>(a.link)].cost_usd_per_t;
    for (const auto& [country, fee] : w_.transit_fees) {
      if (country == c.origin_country || country == c.destination_country) continue;
      if (w_.country[static_cast<std::size_t>(a.head)] == country && w_.country[static_cast<std::size_t>(a.tail)] != country) cost += fee;
    }
    return cost;
  }

  int add_column(double cost) {
    objective_.push_back(cost);
    return static_cast<int>(objective_.size()) - 1;
  }

  int add_row(double lo, double hi) {
    row_lo_.push_back(lo);
    row_hi_.push_back(hi);
    return static_cast<int>(row_lo_.size()) - 1;
  }

  void put(int row, int column, double value) {
    row_index_.push_back(row);
    col_index_.push_back(column);
    value_.push_back(value);
  }

  void add_class_columns_and_conservation(std::size_t k) {
    BruteClass& c = classes_[k];
    const bool routing = kind_ == Kind::Routing;
    std::vector<int> balance(w_.country.size());
    for (auto& row : balance) row = add_row(0, 0);  // out - in - entering + delivered = 0
    c.arc_column.assign(arcs_.size(), -1);
    for (std::size_t a = 0; a < arcs_.size(); ++a) {
      const BruteArc& arc = arcs_[a];
      if (!c.place_ok[static_cast<std::size_t>(arc.tail)] || !c.place_ok[static_cast<std::size_t>(arc.head)]) continue;
      // An international class leaves its origin country once and enters its destination once.
      const std::string& tail_country = w_.country[static_cast<std::size_t>(arc.tail)];
      const std::string& head_country = w_.country[static_cast<std::size_t>(arc.head)];
      if (c.origin_country != c.destination_country && tail_country != head_country &&
          (head_country == c.origin_country || tail_country == c.destination_country)) {
        continue;
      }
      const int column = add_column(routing ? arc_cost(c, arc) : 0);
      c.arc_column[a] = column;
      put(balance[static_cast<std::size_t>(arc.tail)], column, 1);
      put(balance[static_cast<std::size_t>(arc.head)], column, -1);
    }
    for (int p : c.sources) {
      const int column = add_column(routing ? c.price_usd_per_t : 0);
      c.source_column.push_back(column);
      put(balance[static_cast<std::size_t>(p)], column, -1);
    }
    for (int p : c.sinks) {
      const int column = add_column(routing ? 0 : 1);
      c.sink_column.push_back(column);
      put(balance[static_cast<std::size_t>(p)], column, 1);
    }
  }

  /// Puts `weight` times the flow of every class on the link's arcs (both ways) into `row`.
  void put_link(int row, int link, double weight, const std::vector<std::size_t>& classes) {
    for (std::size_t a = 0; a < arcs_.size(); ++a) {
      if (arcs_[a].link != link) continue;
      for (std::size_t k : classes) {
        if (classes_[k].arc_column[a] >= 0) put(row, classes_[k].arc_column[a], weight);
      }
    }
  }

  void add_capacity_rows() {
    std::vector<std::size_t> every(classes_.size());
    std::iota(every.begin(), every.end(), 0);
    for (std::size_t a = 0; a < arcs_.size(); ++a) {
      const WorldLink& l = w_.links[static_cast<std::size_t>(arcs_[a].link)];
      const int row = add_row(-COIN_DBL_MAX, (l.capacity_t - l.load_t[static_cast<std::size_t>(arcs_[a].way)]) / 1000);
      for (const BruteClass& c : classes_) {
        if (c.arc_column[a] >= 0) put(row, c.arc_column[a], 1);
      }
    }
    for (std::size_t j = 0; j < w_.links.size(); ++j) {
      const WorldLink& l = w_.links[j];
      if (l.both_ways_t == kUnlimited) continue;
      put_link(add_row(-COIN_DBL_MAX, (l.both_ways_t - l.load_t[0] - l.load_t[1]) / 1000), static_cast<int>(j), 1, every);
    }
    for (const WorldFleet& f : w_.fleets) {
      double spare_t_h = f.count * f.payload_t * 8760;
      for (int j : f.links) {
        const WorldLink& l = w_.links[static_cast<std::size_t>(j)];
        spare_t_h -= (l.load_t[0] + l.load_t[1]) * f.cycle_h(l);
      }
      const int row = add_row(-COIN_DBL_MAX, spare_t_h / 1000);
      for (int j : f.links) put_link(row, j, f.cycle_h(w_.links[static_cast<std::size_t>(j)]), every);
    }
    for (std::size_t cap = 0; cap < w_.caps.size(); ++cap) add_cap_row(w_.caps[cap]);
  }

  /// A cap counts the classes matching all its filters: a route question matches no cap that
  /// names demands; the one commodity, goods, matches every commodity filter.
  void add_cap_row(const WorldCap& cap) {
    const int row = add_row(-COIN_DBL_MAX, cap.limit / 1000);
    const double weight = cap.barrels ? kBblPerT : 1;
    for (std::size_t k = 0; k < classes_.size(); ++k) {
      const BruteClass& c = classes_[k];
      if (!cap.demands.empty() && (c.demand < 0 || std::find(cap.demands.begin(), cap.demands.end(), c.demand) == cap.demands.end())) continue;
      if (!cap.to_countries.empty() && !contains(cap.to_countries, c.destination_country)) continue;
      if (cap.links.empty()) {
        for (int column : c.sink_column) put(row, column, weight);
      } else {
        for (int j : cap.links) put_link(row, j, weight, {k});
      }
    }
  }

  /// Per demand: delivered by all its classes + unserved = quantity.
  void add_demand_rows() {
    for (std::size_t d = 0; d < w_.demands.size(); ++d) {
      const double quantity_kt = w_.demands[d].quantity_t / 1000;
      const int row = add_row(quantity_kt, quantity_kt);
      put(row, add_column(w_.demands[d].unserved_usd_per_t), 1);
      for (const BruteClass& c : classes_) {
        if (c.demand != static_cast<int>(d)) continue;
        for (int column : c.sink_column) put(row, column, 1);
      }
    }
  }

  const World& w_;
  Kind kind_;
  std::vector<BruteArc> arcs_;
  std::vector<BruteClass> classes_;
  std::vector<double> objective_, row_lo_, row_hi_, value_;
  std::vector<int> row_index_, col_index_;
};

/// Whether any fleet or cap row has a positive shadow price in a solution.
bool fleet_or_cap_binds(const Network& n, const FlowSolution& solution) {
  for (std::size_t r = 0; r < n.rows().size(); ++r) {
    const ElementKind kind = n.rows()[r].kind;
    if ((kind == ElementKind::Fleet || kind == ElementKind::Cap) && solution.row_shadow.at(r) > 1e-9) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("background loads and a delivered cap: max flow and routing agree with LEMON on 200 seeded random networks",
          "[differential][background][cap]") {
  int with_flow = 0, cap_binds = 0, loaded = 0;
  for (std::uint32_t seed = 9001; seed <= 9200; ++seed) {
    CAPTURE(seed);
    const LemonInstance in = lemon_instance(seed);
    CAPTURE(in.scenario.places.size(), in.scenario.links.size(), in.scenario.background.size(), in.cap_kt);
    const Network n = expand(in.scenario);
    REQUIRE(n.background_overloads().empty());
    const FlowClass route = make_flow_class(n, in.origins, in.destinations, -1, {}, {});
    REQUIRE(route.counted_rows.size() == (in.cap_kt >= 0 ? 1u : 0u));  // a cap of no filter counts it

    const std::vector<FlowClass> one = {route};
    const FlowSolution max_flow = solve_max_flow(n, one, SolveLimits{});
    REQUIRE(max_flow.status == SolveStatus::Optimal);
    const auto max_problems = check_max_flow(n, one, max_flow);
    INFO("max flow check: " << joined(max_problems));
    CHECK(max_problems.empty());
    LemonOracle flow_oracle(in, false);
    const std::int64_t lemon_flow_kt = flow_oracle.max_flow_kt();
    CAPTURE(max_flow.objective, lemon_flow_kt);
    CHECK(close_to(max_flow.objective, 1000.0 * static_cast<double>(lemon_flow_kt)));

    FlowClass demand = route;
    demand.supply_t_per_yr = 1000.0 * static_cast<double>(in.quantity_kt);
    demand.unserved_cost_usd_per_t = static_cast<double>(in.unserved_usd_per_t);
    const std::vector<FlowClass> demands = {demand};
    const FlowSolution routing = solve_min_cost(n, demands);
    REQUIRE(routing.status == SolveStatus::Optimal);
    const auto routing_problems = check_routing(n, demands, routing);
    INFO("routing check: " << joined(routing_problems));
    CHECK(routing_problems.empty());
    LemonOracle cost_oracle(in, true);
    const std::int64_t lemon_cost = cost_oracle.min_cost(in.quantity_kt);
    CAPTURE(routing.objective, lemon_cost);
    CHECK(close_to(routing.objective, 1000.0 * static_cast<double>(lemon_cost)));

    with_flow += lemon_flow_kt > 0;
    cap_binds += in.cap_kt >= 0 && lemon_flow_kt == in.cap_kt && in.cap_kt > 0;
    loaded += !in.scenario.background.empty();
  }
  // The generator must produce interesting instances: flows, binding caps, loads.
  CHECK(with_flow > 100);
  CHECK(cap_binds > 40);
  CHECK(loaded > 180);
}

TEST_CASE("several classes sharing per-direction, both-ways, fleet and cap rows: certified, and equal to a brute LP",
          "[differential][classes]") {
  int several_classes = 0, with_flow = 0, rows_bind = 0;
  for (std::uint32_t seed = 9501; seed <= 9650; ++seed) {
    CAPTURE(seed);
    const World world = random_world(seed);
    const Network n = expand(world_scenario(world, seed));
    REQUIRE(n.background_overloads().empty());

    const std::vector<FlowClass> route = route_classes(n, 0, false);
    BruteLp brute_flow(world, BruteLp::Kind::MaxFlow);
    REQUIRE(route.size() == brute_flow.class_count());
    const FlowSolution max_flow = solve_max_flow(n, route, SolveLimits{});
    REQUIRE(max_flow.status == SolveStatus::Optimal);
    const auto max_problems = check_max_flow(n, route, max_flow);
    INFO("max flow check: " << joined(max_problems));
    CHECK(max_problems.empty());
    const double brute_max = brute_flow.solve();
    CAPTURE(route.size(), max_flow.objective, brute_max);
    CHECK(close_to(max_flow.objective, brute_max));

    const RoutingClasses demands = routing_classes(n);
    BruteLp brute_cost(world, BruteLp::Kind::Routing);
    REQUIRE(demands.classes.size() == brute_cost.class_count());
    const FlowSolution routing = solve_min_cost(n, demands.classes);
    REQUIRE(routing.status == SolveStatus::Optimal);
    const auto routing_problems = check_routing(n, demands.classes, routing);
    INFO("routing check: " << joined(routing_problems));
    CHECK(routing_problems.empty());
    const double brute_min = brute_cost.solve();
    CAPTURE(demands.classes.size(), routing.objective, brute_min);
    CHECK(close_to(routing.objective, brute_min));

    several_classes += route.size() > 1 || demands.classes.size() > 2;
    with_flow += brute_max > 0;
    rows_bind += fleet_or_cap_binds(n, max_flow) || fleet_or_cap_binds(n, routing);
  }
  CHECK(several_classes > 100);
  CHECK(with_flow > 100);
  CHECK(rows_bind > 50);
}
