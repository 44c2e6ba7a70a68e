#include "sweep/model.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "solve/answers.hpp"
#include "solve/flow_class.hpp"
#include "solve/measures.hpp"
#include "solve/time_answers.hpp"
#include "scenario/disruption.hpp"
#include "sweep/design.hpp"

namespace borderflow {
namespace {

constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

/// Rounding steps per unit: outputs and sampled values are written at these resolutions, so a
/// row reads cleanly and carries no solver noise below them.
double step_for(const std::string& unit) {
  if (unit == "t/yr" || unit == "t") return 1e-3;  // t: over a time scenario's horizon or period
  if (unit == "USD/t") return 1e-6;
  if (unit == "USD/t-km") return 1e-9;
  if (unit == "USD/yr" || unit == "USD") return 1e-2;
  return 0;
}

double round_to(double value, double step) {
  if (step <= 0 || !std::isfinite(value)) return value;
  // Dividing by the (integral) inverse gives the double nearest k * step, which prints shortest.
  const double inverse = std::round(1.0 / step);
  const double out = std::round(value * inverse) / inverse;
  return out == 0 ? 0.0 : out;  // no -0
}

bool is_capacity(ParameterTarget t) {
  return t == ParameterTarget::LinkCapacity || t == ParameterTarget::TransferCapacity ||
         t == ParameterTarget::CrossingCapacity;
}
bool is_cost(ParameterTarget t) {
  return t == ParameterTarget::LinkCost || t == ParameterTarget::LinkCostPerKm || t == ParameterTarget::TransferCost ||
         t == ParameterTarget::CrossingCost;
}
bool is_status(ParameterTarget t) {
  return t == ParameterTarget::LinkStatus || t == ParameterTarget::TransferStatus || t == ParameterTarget::CrossingStatus;
}

/// The link, transfer or crossing a capacity, cost or status parameter addresses.
ElementRef element_of(const SweepParameter& p) {
  switch (p.target) {
    case ParameterTarget::LinkCapacity:
    case ParameterTarget::LinkCost:
    case ParameterTarget::LinkCostPerKm:
    case ParameterTarget::LinkStatus: return {ElementKind::Link, p.element};
    case ParameterTarget::TransferCapacity:
    case ParameterTarget::TransferCost:
    case ParameterTarget::TransferStatus: return {ElementKind::Transfer, p.element};
    default: return {ElementKind::Crossing, p.element};
  }
}

/// One network for every variant: what a status parameter may open gets arcs, what a capacity
/// parameter may limit gets a row; closures and policy are applied per variant and world.
SweepExpansion sweep_expansion(const SweepSpec& spec) {
  SweepExpansion expansion;
  for (const auto& p : spec.parameters) {
    if (is_capacity(p.target)) expansion.may_limit.push_back(element_of(p));
    if (is_status(p.target)) expansion.may_open.push_back(element_of(p));
  }
  return expansion;
}

/// An element kind as the store's bottlenecks table names it (the words report/labels uses too;
/// sweep/ is below report/ and cannot share its function).
const char* kind_word(ElementKind kind) {
  switch (kind) {
    case ElementKind::Link: return "link";
    case ElementKind::Transfer: return "transfer";
    case ElementKind::Fleet: return "fleet";
    case ElementKind::Cap: return "cap";
    case ElementKind::Storage: return "storage";
    case ElementKind::Crossing: break;
  }
  return "crossing";
}

struct RouteQuestion {
  int route = -1;
  bool reverse = false;
  std::string label;
  int capacity_slot = -1, bottleneck_slot = -1, cost_slot = -1;
};

struct ElementOutput {
  std::vector<int> arcs;
  int slot = -1;
};

/// What a column records, for the message when two columns' names collide.
struct ColumnOrigin {
  std::string about;     ///< "link 'l1'", "route 'r1' (its reverse direction)"
  SourceLocation where;  ///< where that id or parameter is written
};

struct ParameterBinding {
  std::vector<int> rows;                              ///< capacity targets
  std::vector<std::pair<int, double>> arc_coefficient;  ///< cost targets: arc, d(arc cost)/d(value)
  double base = 0;                                    ///< cost targets: the value the base arc costs include
  std::vector<int> arcs;                              ///< status targets: the arcs the element carries
  int switch_bit = -1;                                ///< transit targets
  std::vector<std::pair<int, double>> row_load;       ///< background loads: row, t/yr counted per t/yr of load
  int fleet = -1;                                     ///< fleet count and payload targets
  /// Fees: d(class extra cost)/d(fee) as (class, arc, coefficient), per route question and for
  /// the routing (the classes are the same in every world).
  std::vector<std::vector<std::tuple<int, int, double>>> route_fee;
  std::vector<std::tuple<int, int, double>> routing_fee;
  std::vector<int> supplier_classes;                  ///< supplier prices: the routing classes it feeds
  int slot = -1;
  double step = 0;
};

}  // namespace

struct SweepModel::Impl {
  explicit Impl(SweepSpec sweep_spec)
      : spec(std::move(sweep_spec)), network(Network::expand_for_sweep(spec.base, sweep_expansion(spec))) {}

  SweepSpec spec;
  Network network;  ///< shares spec.base
  std::vector<SweepColumn> columns;
  std::vector<ColumnOrigin> origins;  // per column
  std::vector<double> real_step;  // rounding step per real slot
  int reals = 0, texts = 0;

  std::vector<ParameterBinding> bindings;
  std::vector<int> switch_parameters;  // parameter index per switch bit
  std::vector<int> cost_arcs;          // arcs touched by any cost parameter, sorted
  std::vector<int> bound_rows;         // rows whose bound a parameter sets (capacities, fleets, caps, loads), sorted
  bool any_fee = false;
  std::vector<double> base_arc_cost;
  std::vector<std::vector<int>> link_arcs, transfer_arcs, crossing_arcs;

  std::vector<RouteQuestion> questions;
  std::vector<ElementOutput> crossing_out, transfer_out, link_out;
  std::vector<int> cost_slot, unserved_slot;  // per demand, -1 when not recorded
  int cost_all_slot = -1, unserved_all_slot = -1, total_cost_slot = -1;
  bool routing = false;
  bool need_arc_flows = false;
  std::vector<std::pair<int, int>> deltas;  // (output real slot, delta real slot)

  // A time scenario (time-expanded network): per period the delivered, backlog and unserved
  // tonnes summed over demands, per demand whether it missed any tonne; per row what a rate in
  // t/yr becomes in its period (days / 365 x the element's factor), and the rows and arcs
  // random disruptions can reduce.
  struct PeriodSlots {
    int delivered = -1, backlog = -1, unserved = -1;
  };
  std::vector<PeriodSlots> period_slots;  // per period
  std::vector<int> missed_slot;           // per demand
  std::vector<double> row_period_scale;   // per row; 1 without time
  struct DisruptedRow {
    int row;
    ElementRef element;
  };
  std::vector<DisruptedRow> disrupted_rows;  // rows of elements some disruption names

  using ClassMasks = std::vector<std::vector<char>>;  // per class: an arc mask
  struct WorldMasks {
    std::vector<std::vector<ClassMasks>> route;  // [combo][question] -> per class of the question
    std::vector<ClassMasks> demand;              // [combo] -> per routing class
    // Classes over the union of the combos' masks: per question its classes; the routing classes.
    std::vector<std::vector<FlowClass>> route_union;
    std::vector<FlowClass> demand_union;
    std::vector<char> closed;                            // arcs the world closes (elements without a status parameter)
  };
  std::vector<WorldMasks> worlds;
  std::vector<int> class_demand;    // per routing class: its demand (the same in every world)
  std::vector<int> class_supplier;  // per routing class: its supplier in the demand
  /// What a session's supply is for demand d at `quantity_t_per_yr`: the quantity itself, or over a
  /// horizon the demand's tonnes over all periods at that quantity (its profile kept: the periods'
  /// tonnes are linear in the quantity).
  double supply_of(int d, double quantity_t_per_yr) const {
    const Horizon* h = network.horizon();
    if (!h) return quantity_t_per_yr;
    const Demand& demand = network.scenario().demands[static_cast<std::size_t>(d)];
    double horizon_t = 0;
    for (int p = 0; p < h->periods; ++p) horizon_t += demand_t_in_period(demand, *h, p);
    const double days = static_cast<double>(h->first_day(h->periods) - h->first_day(0));
    return demand.quantity_t_per_yr > 0 ? horizon_t * quantity_t_per_yr / demand.quantity_t_per_yr
                                        : quantity_t_per_yr * days / kDaysPerYear;
  }
  /// The first routing class of demand d: where its supply and unserved price are set.
  int first_class_of(int d) const {
    return static_cast<int>(std::find(class_demand.begin(), class_demand.end(), d) - class_demand.begin());
  }
  // Optimal bases for variant 0 per world: every block's sessions start from them (the same
  // start in every block, so blocks stay independent, but a warm one).
  std::vector<std::vector<std::vector<unsigned char>>> route_basis;  // [world][question]
  std::vector<std::vector<unsigned char>> routing_basis;              // [world]

  int add_column(std::string name, ColumnKind kind, bool text, std::string unit, int better, ColumnOrigin origin,
                 int source = -1) {
    SweepColumn c;
    c.name = std::move(name);
    c.kind = kind;
    c.text = text;
    c.unit = std::move(unit);
    c.better = better;
    c.source = source;
    c.slot = text ? texts++ : reals++;
    if (!text) real_step.push_back(step_for(c.unit));
    columns.push_back(std::move(c));
    origins.push_back(std::move(origin));
    return columns.back().slot;
  }

  void build();
  void bind_rate(const SweepParameter& p, ParameterBinding& b, std::set<int>& touched, DiagnosticSink& sink) const;
  void build_time_rows();
  void build_masks();
  void bind_fees_and_suppliers();
  void build_columns();
  void check_column_names() const;
};

namespace {

/// The background demands routed once, on the base scenario as written (its own closures and
/// policy), and their tonnes taken off the sweep network's rows: the traffic already there does
/// not change with the variants. Loads were taken off by the expansion.
void take_background(const std::shared_ptr<const Scenario>& base, Network& sweep_network) {
  Network as_written(base);
  const BackgroundAnswer background = route_background(as_written);
  if (background.classes.empty()) return;
  if (background.status != SolveStatus::Optimal) {
    throw InputError(SourceLocation{base->files.empty() ? std::string() : base->files.front(), 0, 0},
                     std::string("routing the background demands: ") + to_string(background.status));
  }
  // The same arc in both expansions: element, direction and layer.
  // (Over time, the period it departs in as well.)
  std::map<std::tuple<int, int, bool, Layer, int>, int> sweep_arc;
  for (const NetworkArc& arc : sweep_network.arcs()) {
    sweep_arc[{static_cast<int>(arc.kind), arc.element, arc.reversed, sweep_network.vertex(arc.tail).layer, arc.period}] = arc.index;
  }
  std::vector<double> flow(sweep_network.arcs().size(), 0.0);
  for (const ClassFlow& c : background.solution.classes) {
    for (const NetworkArc& arc : as_written.arcs()) {
      const double t = c.arc_t_per_yr[static_cast<std::size_t>(arc.index)];
      if (t == 0) continue;
      flow[static_cast<std::size_t>(sweep_arc.at(
          {static_cast<int>(arc.kind), arc.element, arc.reversed, as_written.vertex(arc.tail).layer, arc.period}))] += t;
    }
  }
  sweep_network.add_background(flow);
}

}  // namespace

void SweepModel::Impl::build() {
  const Scenario& base = *spec.base;
  require_sound(network, "sweep network expansion");
  take_background(spec.base, network);
  const Network& n = network;
  auto arcs_of_kind = [&](ElementKind kind, std::size_t count) {
    std::vector<std::vector<int>> out(count);
    for (std::size_t e = 0; e < count; ++e) out[e] = n.arcs_of({kind, static_cast<int>(e)});
    return out;
  };
  link_arcs = arcs_of_kind(ElementKind::Link, base.links.size());
  transfer_arcs = arcs_of_kind(ElementKind::Transfer, base.transfers.size());
  crossing_arcs = arcs_of_kind(ElementKind::Crossing, base.crossings.size());
  base_arc_cost.resize(n.arcs().size());
  for (const auto& arc : n.arcs()) base_arc_cost[static_cast<std::size_t>(arc.index)] = arc.cost_usd_per_t;

  DiagnosticSink sink;
  std::set<int> touched, rows_bound;
  bindings.resize(spec.parameters.size());
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const SweepParameter& p = spec.parameters[i];
    ParameterBinding& b = bindings[i];
    const auto e = static_cast<std::size_t>(std::max(p.element, 0));
    if (is_capacity(p.target)) {
      // `capacity` is per direction: the element's both-ways row (capacity_both_ways) stays.
      for (int r : n.rows_of(element_of(p))) {
        if (!n.rows()[static_cast<std::size_t>(r)].both_ways) b.rows.push_back(r);
      }
      if (b.rows.empty() && p.origin == "spec") sink.error(p.where, "'" + p.path + "' has no effect: the element is closed or planned in the data; sweep its status too", "parameters");
    } else if (p.target == ParameterTarget::RateCostPerKm) {
      bind_rate(p, b, touched, sink);
    } else if (is_cost(p.target)) {
      const std::vector<int>* arcs = nullptr;
      double coefficient = 1;
      switch (p.target) {
        case ParameterTarget::LinkCost: arcs = &link_arcs[e]; b.base = base.links[e].cost_usd_per_t; break;
        case ParameterTarget::LinkCostPerKm:
          arcs = &link_arcs[e];
          b.base = base.links[e].cost_usd_per_t_km;
          coefficient = base.links[e].length_km;
          break;
        case ParameterTarget::TransferCost: arcs = &transfer_arcs[e]; b.base = base.transfers[e].cost_usd_per_t; break;
        default: arcs = &crossing_arcs[e]; b.base = base.crossings[e].cost_usd_per_t; break;
      }
      for (int a : *arcs) {
        b.arc_coefficient.emplace_back(a, coefficient);
        touched.insert(a);
      }
      if (arcs->empty() && p.origin == "spec") sink.error(p.where, "'" + p.path + "' has no effect: the element is closed or planned in the data; sweep its status too", "parameters");
    } else if (is_status(p.target)) {
      b.arcs = p.target == ParameterTarget::LinkStatus       ? link_arcs[e]
               : p.target == ParameterTarget::TransferStatus ? transfer_arcs[e]
                                                             : crossing_arcs[e];
    } else if (p.target == ParameterTarget::Transit) {
      b.switch_bit = static_cast<int>(switch_parameters.size());
      switch_parameters.push_back(static_cast<int>(i));
    } else if (p.target == ParameterTarget::FleetCount || p.target == ParameterTarget::FleetPayload) {
      b.fleet = p.element;
      b.rows = n.rows_of({ElementKind::Fleet, p.element});
    } else if (p.target == ParameterTarget::CapLimit) {
      b.rows = n.rows_of({ElementKind::Cap, p.element});
    } else if (p.target == ParameterTarget::BackgroundLoad) {
      b.row_load = n.background_rows(p.element);
      b.base = base.background[e].load_t_per_yr;
    } else if (p.target == ParameterTarget::FeeAmount) {
      b.base = base.fees[e].fee_usd_per_t;
      any_fee = true;
    }
    for (int r : b.rows) rows_bound.insert(r);
    for (const auto& [r, coefficient] : b.row_load) rows_bound.insert(r);
  }
  if (n.horizon() && !spec.outputs.route_capacity.elements.empty()) {
    sink.error(spec.base->time->where, "route capacities of a time scenario are answered per period by 'borderflow run'; "
                                       "a sweep of it records deliveries, backlog and unserved tonnes per period: drop "
                                       "outputs.route_capacity", "outputs");
  }
  build_time_rows();
  sink.throw_if_any();
  cost_arcs.assign(touched.begin(), touched.end());
  bound_rows.assign(rows_bound.begin(), rows_bound.end());
  build_masks();
  bind_fees_and_suppliers();
  build_columns();
  check_column_names();
}

/// A unit rate: every link written `rate: <id>` costs rate x its length, so the parameter moves
/// each of their arcs by its length per USD/t-km.
void SweepModel::Impl::bind_rate(const SweepParameter& p, ParameterBinding& b, std::set<int>& touched,
                                 DiagnosticSink& sink) const {
  const Scenario& base = *spec.base;
  b.base = base.rates[static_cast<std::size_t>(p.element)].cost_usd_per_t_km;
  for (std::size_t l = 0; l < base.links.size(); ++l) {
    if (base.links[l].rate != p.element) continue;
    for (int a : link_arcs[l]) {
      b.arc_coefficient.emplace_back(a, base.links[l].length_km);
      touched.insert(a);
    }
  }
  if (b.arc_coefficient.empty() && p.origin == "spec") {
    sink.error(p.where, "'" + p.path + "' has no effect: no open link uses the rate", "parameters");
  }
}

/// Over time: what each row's rate becomes in its period, and which rows disruptions reduce.
void SweepModel::Impl::build_time_rows() {
  const auto& rows = network.rows();
  row_period_scale.assign(rows.size(), 1.0);
  const Horizon* h = network.horizon();
  if (!h) return;
  const Scenario& s = network.scenario();
  std::set<std::pair<int, int>> named;  // (kind, index) of elements a disruption names
  for (const Disruption& d : s.disruptions) {
    for (const ElementRef& e : d.elements) named.insert({static_cast<int>(e.kind), e.index});
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const CapacityRow& row = rows[r];
    if (row.period < 0) continue;
    const ElementRef element{row.kind, row.element};
    row_period_scale[r] = h->days(row.period) / kDaysPerYear * availability_of(s, element).period_factor(*h, row.period);
    if (named.count({static_cast<int>(row.kind), row.element})) disrupted_rows.push_back({static_cast<int>(r), element});
  }
}

/// The store names its columns after ids and parameter paths, and SQLite compares column names
/// without case: ids that differ only in case (l1, L1), or a route id equal to another route's
/// reverse column ("r1.reverse" beside r1 both ways), would make `sweep run` fail creating the
/// table. Refused here, so `sweep validate` reports it. Deltas repeat their outputs' names and
/// are not reported twice.
void SweepModel::Impl::check_column_names() const {
  static const std::vector<std::string> fixed = {"variant", "world_index", "world", "status", "error"};
  auto folded = [](std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return name;
  };
  std::map<std::string, std::size_t> first;  // folded name -> column
  DiagnosticSink sink;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].kind == ColumnKind::Delta) continue;
    const auto [it, added] = first.emplace(folded(columns[c].name), c);
    if (added) continue;
    const std::size_t other = it->second;
    const ColumnOrigin& here = origins[c].where.line > 0 ? origins[c] : origins[other];
    const std::string both = origins[other].about + " and " + origins[c].about;
    if (columns[other].name == columns[c].name) {
      sink.error(here.where, "the results store would get two columns named '" + columns[c].name + "', for " + both +
                                 "; rename one of the ids");
    } else {
      sink.error(here.where, "the results store's columns '" + columns[other].name + "' and '" + columns[c].name +
                                 "' (for " + both + ") differ only in case, and store column names ignore case; " +
                                 "rename one of the ids");
    }
  }
  for (const auto& name : fixed) {
    if (first.count(name)) throw std::logic_error("a sweep column is named like a fixed column: " + name);
  }
  sink.throw_if_any();
}

void SweepModel::Impl::build_masks() {
  const Network& n = network;
  const Scenario& s = n.scenario();
  const std::size_t combos = std::size_t{1} << switch_parameters.size();
  // The route questions asked, in route order, forward before reverse.
  const auto& sel = spec.outputs.route_capacity;
  for (std::size_t r = 0; r < s.routes.size() && !n.horizon(); ++r) {
    if (!sel.all && !std::binary_search(sel.elements.begin(), sel.elements.end(), static_cast<int>(r))) continue;
    questions.push_back({static_cast<int>(r), false, s.routes[r].id, -1, -1, -1});
    if (s.routes[r].both_directions) questions.push_back({static_cast<int>(r), true, s.routes[r].id + ".reverse", -1, -1, -1});
  }
  routing = spec.outputs.routing() && !s.demands.empty();

  auto close_element = [&](const std::string& id, std::vector<char>& closed) {
    auto swept = [&](ParameterTarget target, int element) {
      return std::any_of(spec.parameters.begin(), spec.parameters.end(),
                         [&](const SweepParameter& p) { return p.target == target && p.element == element; });
    };
    const std::vector<int>* arcs = nullptr;
    if (int l = s.find_link(id); l >= 0) {
      if (!swept(ParameterTarget::LinkStatus, l)) arcs = &link_arcs[static_cast<std::size_t>(l)];
    } else if (int t = s.find_transfer(id); t >= 0) {
      if (!swept(ParameterTarget::TransferStatus, t)) arcs = &transfer_arcs[static_cast<std::size_t>(t)];
    } else if (int c = s.find_crossing(id); c >= 0) {
      if (!swept(ParameterTarget::CrossingStatus, c)) arcs = &crossing_arcs[static_cast<std::size_t>(c)];
    }
    if (arcs) {
      for (int a : *arcs) closed[static_cast<std::size_t>(a)] = 1;
    }
  };

  for (const SweepWorld& world : spec.worlds) {
    WorldMasks masks;
    masks.closed.assign(n.arcs().size(), 0);
    for (const auto& id : world.closed) close_element(id, masks.closed);
    masks.route.resize(combos);
    masks.demand.resize(combos);
    for (std::size_t combo = 0; combo < combos; ++combo) {
      TransitPolicy policy{world.no_transit, s.policy.no_transit_of};
      std::vector<std::string>& no_transit = policy.no_transit;
      for (std::size_t bit = 0; bit < switch_parameters.size(); ++bit) {
        const std::string& country = spec.parameters[static_cast<std::size_t>(switch_parameters[bit])].country;
        no_transit.erase(std::remove(no_transit.begin(), no_transit.end(), country), no_transit.end());
        if (((combo >> bit) & 1) == 0) no_transit.push_back(country);
      }
      // Each class under this combination's policy; the sessions are built over the union.
      // The classes of one question, or the routing's, under this combination's policy.
      auto add = [&](std::vector<FlowClass> classes, std::vector<FlowClass>& unions, ClassMasks& combo_masks) {
        for (std::size_t i = 0; i < classes.size(); ++i) {
          FlowClass& c = classes[i];
          if (combo == 0) {
            unions.push_back(c);
          } else {
            auto& u = unions[i];
            if (u.sources != c.sources || u.sinks != c.sinks) throw std::logic_error("policy changed a class's endpoints");
            for (std::size_t a = 0; a < c.arc_usable.size(); ++a) u.arc_usable[a] = u.arc_usable[a] || c.arc_usable[a];
          }
          combo_masks.push_back(std::move(c.arc_usable));
        }
      };
      masks.route[combo].resize(questions.size());
      if (combo == 0) masks.route_union.resize(questions.size());
      for (std::size_t q = 0; q < questions.size(); ++q) {
        add(route_classes(n, questions[q].route, questions[q].reverse, policy), masks.route_union[q], masks.route[combo][q]);
      }
      if (!routing) continue;
      RoutingClasses classes = routing_classes(n, policy);
      if (class_demand.empty()) {
        class_demand = classes.demand;
        class_supplier = classes.supplier;
      }
      add(std::move(classes.classes), masks.demand_union, masks.demand[combo]);
    }
    worlds.push_back(std::move(masks));
  }
}

/// Where fee and supplier-price parameters land. A fee's effect on each class's arc costs is
/// read off the classes of a scenario with that fee one USD/t higher: fees change no arc and no
/// mask, only the classes' extra costs, so the difference is the coefficient.
void SweepModel::Impl::bind_fees_and_suppliers() {
  const Scenario& base = *spec.base;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const SweepParameter& p = spec.parameters[i];
    ParameterBinding& b = bindings[i];
    if (p.target == ParameterTarget::SupplierPrice) {
      const auto [demand, supplier] = supplier_at(base, p.element);
      for (std::size_t k = 0; k < class_demand.size(); ++k) {
        if (class_demand[k] == demand && class_supplier[k] == supplier) b.supplier_classes.push_back(static_cast<int>(k));
      }
      continue;
    }
    if (p.target != ParameterTarget::FeeAmount || worlds.empty()) continue;
    auto raised = std::make_shared<Scenario>(base);
    raised->fees[static_cast<std::size_t>(p.element)].fee_usd_per_t += 1;
    const Network other = Network::expand_for_sweep(raised, sweep_expansion(spec));
    const TransitPolicy policy = transit_policy(base);
    auto difference = [&](const std::vector<FlowClass>& now, const std::vector<FlowClass>& more) {
      std::vector<std::tuple<int, int, double>> out;
      for (std::size_t k = 0; k < now.size(); ++k) {
        for (std::size_t a = 0; a < network.arcs().size(); ++a) {
          const double d = more[k].extra_cost(a) - now[k].extra_cost(a);
          if (d != 0) out.emplace_back(static_cast<int>(k), static_cast<int>(a), d);
        }
      }
      return out;
    };
    for (std::size_t q = 0; q < questions.size(); ++q) {
      b.route_fee.push_back(difference(worlds[0].route_union[q], route_classes(other, questions[q].route, questions[q].reverse, policy)));
    }
    if (routing) b.routing_fee = difference(worlds[0].demand_union, routing_classes(other, policy).classes);
  }
}

void SweepModel::Impl::build_columns() {
  const Scenario& s = network.scenario();
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const SweepParameter& p = spec.parameters[i];
    bindings[i].slot =
        add_column(p.path, ColumnKind::Parameter, p.text, p.unit, 0, {"parameters[" + std::to_string(i) + "]", p.where}, static_cast<int>(i));
    bindings[i].step = p.text ? 0 : step_for(p.unit);
  }
  const auto& o = spec.outputs;
  auto route_origin = [&](const RouteQuestion& q) -> ColumnOrigin {
    const Route& route = s.routes[static_cast<std::size_t>(q.route)];
    return {"route '" + route.id + "'" + (q.reverse ? " (its reverse direction)" : ""), route.where};
  };
  for (auto& q : questions) {
    q.capacity_slot = add_column("capacity." + q.label, ColumnKind::Output, false, "t/yr", +1, route_origin(q));
  }
  if (o.bottleneck) {
    for (auto& q : questions) {
      q.bottleneck_slot = add_column("bottleneck." + q.label, ColumnKind::Output, true, "", 0, route_origin(q));
    }
  }
  if (o.route_cost) {
    for (auto& q : questions) {
      q.cost_slot = add_column("route_cost." + q.label, ColumnKind::Output, false, "USD/t", -1, route_origin(q));
    }
  }
  if (routing) {
    // Over a horizon, tonnes and costs are the horizon's, not per year.
    const std::string tonnes = network.horizon() ? "t" : "t/yr";
    const std::string usd = network.horizon() ? "USD" : "USD/yr";
    auto elements = [&](const OutputSelection& sel, std::size_t count, const std::vector<std::vector<int>>& arcs,
                        const std::string& prefix, const std::string& kind, auto element_of_index,
                        std::vector<ElementOutput>& out) {
      for (std::size_t e = 0; e < count; ++e) {
        if (!sel.all && !std::binary_search(sel.elements.begin(), sel.elements.end(), static_cast<int>(e))) continue;
        ElementOutput eo;
        eo.arcs = arcs[e];
        const auto& element = element_of_index(e);
        eo.slot = add_column(prefix + element.id, ColumnKind::Output, false, tonnes, 0,
                             {kind + " '" + element.id + "'", element.where});
        out.push_back(std::move(eo));
      }
    };
    elements(o.crossing_flow, s.crossings.size(), crossing_arcs, "flow.crossing.", "crossing",
             [&](std::size_t e) -> const Crossing& { return s.crossings[e]; }, crossing_out);
    elements(o.transfer_flow, s.transfers.size(), transfer_arcs, "flow.transfer.", "transfer",
             [&](std::size_t e) -> const Transfer& { return s.transfers[e]; }, transfer_out);
    elements(o.link_flow, s.links.size(), link_arcs, "flow.link.", "link",
             [&](std::size_t e) -> const Link& { return s.links[e]; }, link_out);
    need_arc_flows = !crossing_out.empty() || !transfer_out.empty() || !link_out.empty();
    cost_slot.assign(s.demands.size(), -1);
    unserved_slot.assign(s.demands.size(), -1);
    if (o.cost_per_tonne.any()) {
      for (std::size_t k = 0; k < s.demands.size(); ++k) {
        if (o.cost_per_tonne.all ||
            std::binary_search(o.cost_per_tonne.elements.begin(), o.cost_per_tonne.elements.end(), static_cast<int>(k))) {
          cost_slot[k] = add_column("cost_per_t." + s.demands[k].id, ColumnKind::Output, false, "USD/t", -1,
                                    {"demand '" + s.demands[k].id + "'", s.demands[k].where});
        }
      }
      cost_all_slot = add_column("cost_per_t.all", ColumnKind::Output, false, "USD/t", -1, {"the mean over all demands", {}});
    }
    if (o.unserved.any()) {
      for (std::size_t k = 0; k < s.demands.size(); ++k) {
        if (o.unserved.all || std::binary_search(o.unserved.elements.begin(), o.unserved.elements.end(), static_cast<int>(k))) {
          unserved_slot[k] = add_column("unserved." + s.demands[k].id, ColumnKind::Output, false, tonnes, -1,
                                        {"demand '" + s.demands[k].id + "'", s.demands[k].where});
        }
      }
      unserved_all_slot = add_column("unserved.all", ColumnKind::Output, false, tonnes, -1, {"the total over all demands", {}});
    }
    if (o.total_cost) total_cost_slot = add_column("total_cost", ColumnKind::Output, false, usd, -1, {"the total cost", {}});
    if (const Horizon* h = network.horizon()) {
      for (int p = 0; p < h->periods; ++p) {
        PeriodSlots slots;
        const std::string label = h->label(p);
        const ColumnOrigin origin{"period " + label, h->where};
        slots.delivered = add_column("delivered." + label, ColumnKind::Output, false, "t", +1, origin);
        slots.backlog = add_column("backlog." + label, ColumnKind::Output, false, "t", -1, origin);
        slots.unserved = add_column("unserved." + label, ColumnKind::Output, false, "t", -1, origin);
        period_slots.push_back(slots);
      }
      for (const Demand& d : s.demands) {
        missed_slot.push_back(add_column("missed." + d.id, ColumnKind::Output, false, "share", -1, {"demand '" + d.id + "'", d.where}));
      }
    }
  }
  if (spec.worlds.size() > 1) {
    const std::size_t outputs = columns.size();
    for (std::size_t c = 0; c < outputs; ++c) {
      if (columns[c].kind != ColumnKind::Output || columns[c].text) continue;
      const int output_slot = columns[c].slot;
      const std::string name = "delta." + columns[c].name;
      const std::string unit = columns[c].unit;
      const int slot = add_column(name, ColumnKind::Delta, false, unit, 0, origins[c], static_cast<int>(c));
      deltas.emplace_back(output_slot, slot);
    }
  }
}

namespace {

/// The solver sessions of one block: fresh at the block's start, reused across its variants.
class BlockEvaluator {
 public:
  explicit BlockEvaluator(const SweepModel::Impl& m) : m_(m) {
    const Network& n = m.network;
    for (std::size_t w = 0; w < m.worlds.size(); ++w) {
      WorldState state;
      for (const auto& classes : m.worlds[w].route_union) {
        state.routes.push_back(std::make_unique<FlowSession>(n, classes, FlowSession::Kind::MaxFlow));
      }
      if (m.routing) {
        state.routing = std::make_unique<FlowSession>(n, m.worlds[w].demand_union, FlowSession::Kind::MinCost);
      }
      if (w < m.route_basis.size()) {
        for (std::size_t q = 0; q < state.routes.size(); ++q) state.routes[q]->set_basis(m.route_basis[w][q]);
        if (state.routing) state.routing->set_basis(m.routing_basis[w]);
      }
      worlds_.push_back(std::move(state));
    }
  }

  /// The bases the sessions hold now (after a solve).
  void save_bases(SweepModel::Impl& m) const {
    m.route_basis.clear();
    m.routing_basis.clear();
    for (const auto& ws : worlds_) {
      std::vector<std::vector<unsigned char>> routes;
      for (const auto& session : ws.routes) routes.push_back(session->basis());
      m.route_basis.push_back(std::move(routes));
      m.routing_basis.push_back(ws.routing ? ws.routing->basis() : std::vector<unsigned char>());
    }
  }

  void evaluate(std::uint64_t variant, std::vector<SweepRow>& out) {
    const SweepSpec& spec = m_.spec;
    draw_variant(spec, variant, draws_);
    values_.resize(spec.parameters.size());
    int combo = 0;
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
      const SweepParameter& p = spec.parameters[i];
      double v = parameter_value(p, draws_[i]);
      if (p.continuous) v = round_to(v, m_.bindings[i].step);
      values_[i] = v;
      if (p.target == ParameterTarget::Transit && v > 0.5) combo |= 1 << m_.bindings[i].switch_bit;
    }
    const std::size_t first = out.size();
    for (std::size_t w = 0; w < worlds_.size(); ++w) {
      SweepRow row;
      row.variant = variant;
      row.world = static_cast<int>(w);
      row.reals.assign(static_cast<std::size_t>(m_.reals), kNull);
      row.texts.assign(static_cast<std::size_t>(m_.texts), std::string());
      for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
        const SweepParameter& p = spec.parameters[i];
        if (p.text) row.texts[static_cast<std::size_t>(m_.bindings[i].slot)] = p.labels[static_cast<std::size_t>(values_[i])];
        else row.reals[static_cast<std::size_t>(m_.bindings[i].slot)] = values_[i];
      }
      try {
        solve_world(w, combo, row);
      } catch (const std::exception& e) {
        fail(row, "error", e.what());
      }
      out.push_back(std::move(row));
    }
    // Matched pairs: every world against the first, on the same draws.
    const SweepRow& reference = out[first];
    for (std::size_t w = 1; w < worlds_.size(); ++w) {
      SweepRow& row = out[first + w];
      for (const auto& [output, delta] : m_.deltas) {
        const double a = reference.reals[static_cast<std::size_t>(output)];
        const double b = row.reals[static_cast<std::size_t>(output)];
        if (std::isnan(a) || std::isnan(b)) continue;
        row.reals[static_cast<std::size_t>(delta)] = round_to(b - a, m_.real_step[static_cast<std::size_t>(delta)]);
      }
    }
  }

 private:
  struct WorldState {
    std::vector<std::unique_ptr<FlowSession>> routes;
    std::unique_ptr<FlowSession> routing;
    int combo = -1;
    std::vector<char> closed;
  };

  void fail(SweepRow& row, const std::string& status, const std::string& error) {
    row.status = status;
    row.error = error;
    row.bottlenecks.clear();
    for (const auto& c : m_.columns) {
      if (c.kind == ColumnKind::Parameter) continue;
      if (c.text) row.texts[static_cast<std::size_t>(c.slot)].clear();
      else row.reals[static_cast<std::size_t>(c.slot)] = kNull;
    }
  }

  void apply(std::size_t w, int combo) {
    const SweepSpec& spec = m_.spec;
    WorldState& ws = worlds_[w];
    const auto& masks = m_.worlds[w];
    closed_ = masks.closed;
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
      if (!is_status(spec.parameters[i].target)) continue;
      if (spec.parameters[i].labels[static_cast<std::size_t>(values_[i])] != "closed") continue;
      for (int a : m_.bindings[i].arcs) closed_[static_cast<std::size_t>(a)] = 1;
    }
    if (combo != ws.combo || closed_ != ws.closed) {
      for (std::size_t q = 0; q < ws.routes.size(); ++q) {
        const auto& class_masks = masks.route[static_cast<std::size_t>(combo)][q];
        for (std::size_t k = 0; k < class_masks.size(); ++k) {
          const auto& mask = class_masks[k];
          for (std::size_t a = 0; a < mask.size(); ++a) {
            ws.routes[q]->set_arc_usable(static_cast<int>(k), static_cast<int>(a), mask[a] && !closed_[a]);
          }
        }
      }
      if (ws.routing) {
        const auto& demand_masks = masks.demand[static_cast<std::size_t>(combo)];
        for (std::size_t k = 0; k < demand_masks.size(); ++k) {
          for (std::size_t a = 0; a < demand_masks[k].size(); ++a) {
            ws.routing->set_arc_usable(static_cast<int>(k), static_cast<int>(a), demand_masks[k][a] && !closed_[a]);
          }
        }
      }
      ws.combo = combo;
      ws.closed = closed_;
    }
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
      const SweepParameter& p = spec.parameters[i];
      const double v = values_[i];
      if (p.target == ParameterTarget::SupplierPrice) {
        if (ws.routing) {
          for (int k : m_.bindings[i].supplier_classes) ws.routing->set_source_cost(k, v);
        }
      } else if (p.target == ParameterTarget::DemandQuantity) {
        if (ws.routing) ws.routing->set_supply(m_.first_class_of(p.element), m_.supply_of(p.element, v));
      } else if (p.target == ParameterTarget::DemandUnservedCost) {
        if (ws.routing) ws.routing->set_unserved_cost(m_.first_class_of(p.element), v);
      }
    }
    apply_row_bounds(ws);
    if (m_.any_fee) apply_fees(ws);
    if (!m_.cost_arcs.empty()) {
      arc_cost_ = m_.base_arc_cost;
      for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
        const auto& b = m_.bindings[i];
        for (const auto& [arc, coefficient] : b.arc_coefficient) {
          arc_cost_[static_cast<std::size_t>(arc)] += coefficient * (values_[i] - b.base);
        }
      }
      const bool route_costs = m_.spec.outputs.route_cost;
      for (int a : m_.cost_arcs) {
        const double cost = std::max(0.0, arc_cost_[static_cast<std::size_t>(a)]);
        if (route_costs) {
          for (auto& session : ws.routes) session->set_arc_cost(a, cost);
        }
        if (ws.routing) ws.routing->set_arc_cost(a, cost);
      }
    }
  }

  /// Every row a parameter bounds, at its spare capacity: the capacity (the parameter's value,
  /// or for a fleet count x payload x 8760 h, or the base) less the background (the base's, with
  /// swept loads at their values). Sessions skip rows whose bound did not change.
  void apply_row_bounds(WorldState& ws) {
    if (m_.bound_rows.empty()) return;
    const Scenario& s = m_.network.scenario();
    const auto& rows = m_.network.rows();
    row_capacity_.resize(rows.size());
    row_background_.resize(rows.size());
    for (int r : m_.bound_rows) {
      row_capacity_[static_cast<std::size_t>(r)] = rows[static_cast<std::size_t>(r)].capacity_t_per_yr;
      row_background_[static_cast<std::size_t>(r)] = rows[static_cast<std::size_t>(r)].background;
    }
    fleet_count_.clear();
    fleet_payload_.clear();
    for (std::size_t i = 0; i < m_.spec.parameters.size(); ++i) {
      const ParameterTarget target = m_.spec.parameters[i].target;
      const ParameterBinding& b = m_.bindings[i];
      const double v = values_[i];
      if (target == ParameterTarget::FleetCount) fleet_count_[b.fleet] = v;
      else if (target == ParameterTarget::FleetPayload) fleet_payload_[b.fleet] = v;
      else if (target != ParameterTarget::BackgroundLoad) {
        for (int r : b.rows) row_capacity_[static_cast<std::size_t>(r)] = v * m_.row_period_scale[static_cast<std::size_t>(r)];
      }
      for (const auto& [r, coefficient] : b.row_load) {
        row_background_[static_cast<std::size_t>(r)] += coefficient * (v - b.base) * m_.row_period_scale[static_cast<std::size_t>(r)];
      }
    }
    for (std::size_t i = 0; i < m_.spec.parameters.size(); ++i) {
      const ParameterBinding& b = m_.bindings[i];
      if (b.fleet < 0) continue;
      const Fleet& fleet = s.fleets[static_cast<std::size_t>(b.fleet)];
      const double count = fleet_count_.count(b.fleet) ? fleet_count_[b.fleet] : fleet.count;
      const double payload = fleet_payload_.count(b.fleet) ? fleet_payload_[b.fleet] : fleet.payload_t;
      for (int r : b.rows) {
        row_capacity_[static_cast<std::size_t>(r)] = count * payload * 24 * kDaysPerYear * m_.row_period_scale[static_cast<std::size_t>(r)];
      }
    }
    for (int r : m_.bound_rows) {
      const auto row = static_cast<std::size_t>(r);
      const double spare = std::max(0.0, row_capacity_[row] - row_background_[row]);
      for (auto& session : ws.routes) session->set_row_capacity(r, spare);
      if (ws.routing) ws.routing->set_row_capacity(r, spare);
    }
  }

  /// A time scenario's disruptions in this variant's world (the same in every policy world, so
  /// pairs stay matched): each reduced row at its spare capacity times its factor with the
  /// sampled closed days over its factor without them. Rows a parameter bounds take the
  /// parameter's capacity first.
  void apply_disruptions(WorldState& ws, std::uint64_t variant) {
    if (m_.disrupted_rows.empty() || !ws.routing) return;
    const Scenario& s = m_.network.scenario();
    const Horizon& h = *s.time;
    const DisruptedDays world = sample_disruptions(s, disruption_seed(m_.spec, variant));
    const auto& rows = m_.network.rows();
    for (const auto& d : m_.disrupted_rows) {
      const auto r = static_cast<std::size_t>(d.row);
      const CapacityRow& row = rows[r];
      const Availability& a = availability_of(s, d.element);
      const double plain = a.period_factor(h, row.period);
      const double ratio = plain > 0 ? disrupted_period_factor(a, h, row.period, world.of(d.element)) / plain : 0.0;
      const bool bound = std::binary_search(m_.bound_rows.begin(), m_.bound_rows.end(), d.row);
      const double capacity = bound ? row_capacity_[r] : row.capacity_t_per_yr;
      const double background = bound ? row_background_[r] : row.background;
      ws.routing->set_row_capacity(d.row, std::max(0.0, capacity - background) * ratio);
    }
  }

  /// Each class's extra arc costs at the swept fees: the base's plus each fee parameter's
  /// coefficient times its change. Route sessions only when route costs are recorded.
  void apply_fees(WorldState& ws) {
    auto set = [&](FlowSession& session, const std::vector<FlowClass>& classes,
                   auto coefficients_of) {
      std::map<std::pair<int, int>, double> extra;
      for (std::size_t i = 0; i < m_.spec.parameters.size(); ++i) {
        const ParameterBinding& b = m_.bindings[i];
        for (const auto& [k, a, coefficient] : coefficients_of(b)) {
          auto it = extra.try_emplace({k, a}, classes[static_cast<std::size_t>(k)].extra_cost(static_cast<std::size_t>(a))).first;
          it->second += coefficient * (values_[i] - b.base);
        }
      }
      for (const auto& [key, value] : extra) session.set_class_arc_cost(key.first, key.second, std::max(0.0, value));
    };
    const auto& masks = m_.worlds[0];
    if (m_.spec.outputs.route_cost) {
      for (std::size_t q = 0; q < ws.routes.size(); ++q) {
        set(*ws.routes[q], masks.route_union[q], [q](const ParameterBinding& b) {
          return b.route_fee.empty() ? std::vector<std::tuple<int, int, double>>() : b.route_fee[q];
        });
      }
    }
    if (ws.routing) set(*ws.routing, masks.demand_union, [](const ParameterBinding& b) { return b.routing_fee; });
  }

  void solve_world(std::size_t w, int combo, SweepRow& row) {
    apply(w, combo);
    WorldState& ws = worlds_[w];
    apply_disruptions(ws, row.variant);
    const Scenario& s = m_.network.scenario();
    const SolveLimits& limits = m_.spec.limits;
    auto real = [&](int slot, double value) {
      if (slot >= 0) row.reals[static_cast<std::size_t>(slot)] = round_to(value, m_.real_step[static_cast<std::size_t>(slot)]);
    };
    for (std::size_t q = 0; q < ws.routes.size(); ++q) {
      const RouteQuestion& question = m_.questions[q];
      FlowSession& session = *ws.routes[q];
      const SolveStatus status = session.solve(limits);
      if (status != SolveStatus::Optimal) {
        fail(row, to_string(status), "route " + question.label + ": " + to_string(status));
        return;
      }
      const double capacity = session.objective();
      real(question.capacity_slot, capacity);
      if (question.bottleneck_slot >= 0) {
        row.texts[static_cast<std::size_t>(question.bottleneck_slot)] = bottleneck(session, question, row.bottlenecks);
      }
      if (question.cost_slot >= 0) {
        const SolveStatus phase2 = session.solve_cheapest_at_max(limits);
        if (phase2 != SolveStatus::Optimal) {
          fail(row, to_string(phase2), "route " + question.label + " (cheapest at capacity): " + to_string(phase2));
          return;
        }
        double transport = 0;
        for (int k = 0; k < session.class_count(); ++k) transport += session.transport_cost_usd_per_yr(k);
        real(question.cost_slot, cost_per_tonne(transport, capacity));
      }
    }
    if (!ws.routing) return;
    FlowSession& routing = *ws.routing;
    const SolveStatus status = routing.solve(limits);
    if (status != SolveStatus::Optimal) {
      fail(row, to_string(status), std::string("routing: ") + to_string(status));
      return;
    }
    if (m_.need_arc_flows) {
      routing.arc_flows(arc_flow_);
      auto sum = [&](const std::vector<ElementOutput>& outputs) {
        for (const auto& eo : outputs) {
          double total = 0;
          for (int a : eo.arcs) total += arc_flow_[static_cast<std::size_t>(a)];
          real(eo.slot, total);
        }
      };
      sum(m_.crossing_out);
      sum(m_.transfer_out);
      sum(m_.link_out);
    }
    double delivered_all = 0, transport_all = 0, unserved_all = 0, penalty_all = 0;
    for (std::size_t k = 0; k < s.demands.size(); ++k) {
      double delivered = 0, unserved = 0, transport = 0;
      for (std::size_t c = 0; c < m_.class_demand.size(); ++c) {
        if (m_.class_demand[c] != static_cast<int>(k)) continue;
        delivered += routing.delivered_t_per_yr(static_cast<int>(c));
        unserved += routing.unserved_t_per_yr(static_cast<int>(c));
        transport += routing.transport_cost_usd_per_yr(static_cast<int>(c));
      }
      const DemandOutcome outcome = demand_outcome(delivered, unserved, transport, unserved_price(k));
      delivered_all += outcome.delivered_t_per_yr;
      transport_all += outcome.transport_cost_usd_per_yr;
      unserved_all += outcome.unserved_t_per_yr;
      penalty_all += outcome.unserved_penalty_usd_per_yr;
      if (!m_.cost_slot.empty() && m_.cost_slot[k] >= 0) real(m_.cost_slot[k], outcome.cost_usd_per_t);
      if (!m_.unserved_slot.empty()) real(m_.unserved_slot[k], outcome.unserved_t_per_yr);
    }
    real(m_.cost_all_slot, cost_per_tonne(transport_all, delivered_all));
    real(m_.unserved_all_slot, unserved_all);
    real(m_.total_cost_slot, transport_all + penalty_all);
    if (!m_.period_slots.empty()) record_periods(routing, row);
  }

  /// Per period the tonnes delivered (arriving in it), backlog (b_p) and unserved (z_p) over all
  /// demands, and per demand 1 when any tonne of it is never delivered (beyond 1 t or 1e-6 of
  /// its horizon quantity: solver noise is not a miss), else 0.
  void record_periods(const FlowSession& routing, SweepRow& row) {
    const auto& classes = m_.worlds[static_cast<std::size_t>(row.world)].demand_union;
    const auto by_period = demands_by_period(m_.network, classes, m_.class_demand, routing.solution());
    const std::size_t periods = m_.period_slots.size();
    std::vector<double> demand_unserved(m_.missed_slot.size(), 0.0), demand_wanted(m_.missed_slot.size(), 0.0);
    auto real = [&](int slot, double value) {
      if (slot >= 0) row.reals[static_cast<std::size_t>(slot)] = round_to(value, m_.real_step[static_cast<std::size_t>(slot)]);
    };
    for (std::size_t p = 0; p < periods; ++p) {
      double delivered = 0, backlog = 0, unserved = 0;
      for (std::size_t d = 0; d < by_period[p].size(); ++d) {
        delivered += by_period[p][d].delivered_t;
        backlog += by_period[p][d].backlog_t;
        unserved += by_period[p][d].unserved_t;
        demand_unserved[d] += by_period[p][d].unserved_t;
      }
      real(m_.period_slots[p].delivered, delivered);
      real(m_.period_slots[p].backlog, backlog);
      real(m_.period_slots[p].unserved, unserved);
    }
    for (std::size_t k = 0; k < classes.size(); ++k) {
      if (classes[k].slot_supply_t.empty()) continue;
      demand_wanted[static_cast<std::size_t>(m_.class_demand[k])] = routing_supply(k);
    }
    for (std::size_t d = 0; d < m_.missed_slot.size(); ++d) {
      real(m_.missed_slot[d], demand_unserved[d] > std::max(1.0, 1e-6 * demand_wanted[d]) ? 1.0 : 0.0);
    }
  }

  /// The horizon's tonnes of routing class k's demand as the variant set its quantity.
  double routing_supply(std::size_t k) const {
    const int d = m_.class_demand[k];
    double quantity = m_.network.scenario().demands[static_cast<std::size_t>(d)].quantity_t_per_yr;
    for (std::size_t i = 0; i < m_.spec.parameters.size(); ++i) {
      const SweepParameter& p = m_.spec.parameters[i];
      if (p.target == ParameterTarget::DemandQuantity && p.element == d) quantity = values_[i];
    }
    return m_.supply_of(d, quantity);
  }

  double unserved_price(std::size_t k) const {
    for (std::size_t i = 0; i < m_.spec.parameters.size(); ++i) {
      const SweepParameter& p = m_.spec.parameters[i];
      if (p.target == ParameterTarget::DemandUnservedCost && static_cast<std::size_t>(p.element) == k) return values_[i];
    }
    return m_.network.scenario().demands[k].unserved_cost_usd_per_t;
  }

  /// The binding capacities of a max flow, by element id: highest shadow price first, at most
  /// three named ("a+b+c+2 more"). The sweep's own compact label (report/ words rows otherwise).
  /// Every binding row, in the same order, is added to `all` (the store's long table).
  std::string bottleneck(const FlowSession& session, const RouteQuestion& question, std::vector<SweepBottleneck>& all) {
    session.row_shadow(shadow_);
    std::vector<const std::string*> ids;
    const std::string& route = m_.network.scenario().routes[static_cast<std::size_t>(question.route)].id;
    int rank = 0;
    for (const BindingRow& row : binding_rows(m_.network, shadow_, {})) {
      const CapacityRow& capacity = m_.network.rows()[static_cast<std::size_t>(row.row)];
      all.push_back({route, question.reverse, ++rank, kind_word(capacity.kind), m_.network.row_element_id(row.row),
                     m_.network.row_direction(row.row)});
      const std::string* id = &m_.network.row_element_id(row.row);
      if (std::none_of(ids.begin(), ids.end(), [&](const std::string* seen) { return *seen == *id; })) ids.push_back(id);
    }
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < 3; ++i) out += (i ? "+" : "") + *ids[i];
    if (ids.size() > 3) out += "+" + std::to_string(ids.size() - 3) + " more";
    return out;
  }

  const SweepModel::Impl& m_;
  std::vector<WorldState> worlds_;
  std::vector<Draw> draws_;
  std::vector<double> values_, arc_cost_, arc_flow_, shadow_, row_capacity_, row_background_;
  std::map<int, double> fleet_count_, fleet_payload_;
  std::vector<char> closed_;
};

/// Gives the heap's free pages back to the system (glibc's malloc_trim; elsewhere nothing).
void return_free_memory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

}  // namespace

std::uint64_t disruption_seed(const SweepSpec& spec, std::uint64_t variant) {
  return mix64(spec.seed ^ mix64(variant + 0xd15u));
}

SweepModel::SweepModel(SweepSpec spec) : impl_(std::make_unique<Impl>(std::move(spec))) {
  impl_->build();
  if (impl_->spec.variant_count > 0) {
    {
      BlockEvaluator first(*impl_);
      std::vector<SweepRow> rows;
      first.evaluate(0, rows);
      first.save_bases(*impl_);
    }
    // That evaluator's LPs were freed on this thread's heap, but glibc keeps the pages; with
    // --jobs N the workers allocate their own LPs in their own arenas, so without giving these
    // back the process would hold one block's LPs more than its workers use.
    return_free_memory();
  }
}

SweepModel::~SweepModel() = default;

const SweepSpec& SweepModel::spec() const { return impl_->spec; }
const Network& SweepModel::network() const { return impl_->network; }
const std::vector<SweepColumn>& SweepModel::columns() const { return impl_->columns; }
int SweepModel::real_count() const { return impl_->reals; }
int SweepModel::text_count() const { return impl_->texts; }

std::uint64_t SweepModel::block_count() const {
  const auto& s = impl_->spec;
  return (s.variant_count + s.block_size - 1) / s.block_size;
}

std::uint64_t SweepModel::block_first(std::uint64_t block) const { return block * impl_->spec.block_size; }

std::uint64_t SweepModel::block_length(std::uint64_t block) const {
  const auto& s = impl_->spec;
  const std::uint64_t first = block_first(block);
  return first >= s.variant_count ? 0 : std::min(s.block_size, s.variant_count - first);
}

void SweepModel::evaluate_block(std::uint64_t block, SweepBlock& out) const {
  out.block = block;
  out.rows.clear();
  out.rows.reserve(block_length(block) * impl_->spec.worlds.size());
  BlockEvaluator evaluator(*impl_);
  const std::uint64_t first = block_first(block);
  for (std::uint64_t v = first; v < first + block_length(block); ++v) evaluator.evaluate(v, out.rows);
}

}  // namespace borderflow
