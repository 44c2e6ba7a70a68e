// sweep_bench: variants per second of the sweep engine against a bare loop of the same solver
// on the same expanded graph, and the engine's memory over long runs. Figures go to
// docs/benchmarks.md; the NetworkX comparison is tools/bench/networkx_sweep.py.
//
//   borderflow_bench [--base FILE] [--mode capacity|routing] [--variants N] [--jobs J]
//                    [--what engine,store,bare,fresh] [--rss-every K] [--routes a,b] [--worlds 1|2]
//   borderflow_bench --dump-network FILE     (the graph and sweep for networkx_sweep.py)
//
//   engine  the sweep engine (spec, design, model, sessions, rows) with rows discarded
//   store   the same, writing every row to a SQLite store (the whole `sweep run` pipeline)
//   bare    the same solver sessions on the same network, the same parameter changes drawn by a
//           plain RNG, reading only each LP's objective: no spec, design, rows or store
//   fresh   the public solve_max_flow / solve_min_cost (a new LP per solve; capacities and
//           supplies only, since the network has no cost setter), for reference
//
// Every variant solves each route question (max flow) and/or the routing of all demands (min
// cost), under each world (bilateral = no transit through CN, china-inclusive).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "network/network.hpp"
#include "scenario/loader.hpp"
#include "solve/flow_class.hpp"
#include "sweep/design.hpp"
#include "sweep/model.hpp"
#include "sweep/runner.hpp"
#include "sweep/spec.hpp"
#include "sweep/store.hpp"

namespace bf = borderflow;

namespace {

struct Options {
  std::string base = "scenarios/baseline-2024.yaml";
  std::string mode = "capacity";
  std::uint64_t variants = 2000;
  int jobs = 1;
  std::string what = "engine,bare";
  std::uint64_t rss_every = 0;
  std::string routes = "ru-kp,bilateral-rail";
  int worlds = 2;
};

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

struct Parameter {
  const char* path;
  const char* low;
  const char* high;
};

// The uncertain inputs of scenarios/sweeps/transit-lhs.yaml.
const std::vector<Parameter> kParameters = {
    {"links.khasan-tumangang-rail.capacity", "3 Mt/yr", "6 Mt/yr"},
    {"transfers.tumangang-bogie-exchange.capacity", "0.4 Mt/yr", "2 Mt/yr"},
    {"transfers.tumangang-bogie-exchange.cost", "2.5 USD/t", "6.7 USD/t"},
    {"transfers.rajin-pier3-rail1520-sea.capacity", "4 Mt/yr", "5 Mt/yr"},
    {"links.vostochny-rajin-sea.capacity", "0.5 Mt/yr", "3 Mt/yr"},
    {"links.vostochny-rajin-sea.cost", "10 USD/t", "30 USD/t"},
    {"transfers.zabaikalsk-gauge-transload.cost", "4 USD/t", "12 USD/t"},
    {"links.dandong-sinuiju-rail.capacity", "1.5 Mt/yr", "5 Mt/yr"},
    {"demands.ru-coal-rajin.quantity", "0.4 Mt/yr", "3 Mt/yr"},
    {"demands.ru-grain-kp.quantity", "20 kt/yr", "500 kt/yr"},
};

std::string spec_text(const Options& o) {
  std::ostringstream s;
  s << "borderflow-sweep: 1\nname: bench-" << o.mode << "\nbase: " << std::filesystem::path(o.base).filename().string()
    << "\nseed: 1\nmax_variants: 1000000000\ndesign: {type: latin_hypercube, variants: " << o.variants << "}\nparameters:\n";
  for (const auto& p : kParameters) s << "  - {path: " << p.path << ", range: [" << p.low << ", " << p.high << "]}\n";
  s << "worlds:\n  - {name: bilateral, policy: {no_transit: [CN]}}\n";
  if (o.worlds > 1) s << "  - {name: china-inclusive, policy: {no_transit: []}}\n";
  s << "outputs:\n";
  if (o.mode == "capacity") {
    s << "  route_capacity: [" << o.routes << "]\n  bottleneck: true\n";
  } else {
    s << "  crossing_flow: [ru-kp-friendship-bridge, ru-cn-zabaikalsk-manzhouli, cn-kp-dandong-sinuiju]\n"
         "  transfer_flow: [tumangang-bogie-exchange, zabaikalsk-gauge-transload]\n"
         "  cost_per_tonne: all\n  unserved: all\n  total_cost: true\n";
  }
  return s.str();
}

bf::SweepSpec load_spec(const Options& o) {
  // A virtual spec beside the base scenario, so the base resolves as in a real spec.
  const std::string virtual_path = (std::filesystem::path(o.base).parent_path() / "_bench_sweep.yaml").string();
  auto source = std::make_shared<bf::MemorySource>(bf::FileSource::shared());
  source->add(virtual_path, spec_text(o));
  bf::SweepLoadOptions options;
  options.source = source;
  return bf::load_sweep_spec(virtual_path, options);
}

void report(const Options& o, const std::string& what, std::uint64_t variants, double seconds, const std::string& extra = "") {
  std::printf("mode=%s what=%-6s jobs=%d worlds=%d variants=%llu seconds=%.2f rate=%.1f variants/s%s\n", o.mode.c_str(),
              what.c_str(), o.jobs, o.worlds, static_cast<unsigned long long>(variants), seconds,
              static_cast<double>(variants) / seconds, extra.c_str());
  std::fflush(stdout);
}

void run_engine(const Options& o, bool with_store) {
  const bf::SweepModel model(load_spec(o));
  std::vector<std::uint64_t> blocks(model.block_count());
  for (std::uint64_t b = 0; b < blocks.size(); ++b) blocks[b] = b;
  std::unique_ptr<bf::SweepStore> store;
  const std::string path = "/tmp/borderflow_bench_" + std::to_string(::getpid()) + ".sqlite";
  if (with_store) store = bf::SweepStore::create(path, model, "1/1", "bench");
  std::uint64_t done = 0, next_rss = o.rss_every, failed = 0;
  const double start = now();
  bf::run_blocks(model, blocks, o.jobs, [&](bf::SweepBlock& block) {
    if (store) store->write_block(block);
    for (const auto& row : block.rows) failed += row.status != "ok";
    done += model.block_length(block.block);
    if (o.rss_every && done >= next_rss) {
      std::printf("rss variants=%llu rss_kib=%ld seconds=%.1f\n", static_cast<unsigned long long>(done), rss_kib(), now() - start);
      std::fflush(stdout);
      next_rss += o.rss_every;
    }
  });
  const double seconds = now() - start;
  store.reset();
  if (with_store) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  report(o, with_store ? "store" : "engine", done, seconds, failed ? " failed=" + std::to_string(failed) : "");
}

std::vector<std::string> split_ids(const std::string& list) {
  std::vector<std::string> ids;
  std::stringstream ss(list);
  for (std::string id; std::getline(ss, id, ',');) ids.push_back(id);
  return ids;
}

/// The single flow class of a question or demand: the benchmark networks join one pair of
/// countries per question, so each is one class (the engine splits others per country pair).
bf::FlowClass single(std::vector<bf::FlowClass> classes) {
  if (classes.size() != 1) throw std::runtime_error("the benchmark needs questions and demands between one pair of countries");
  return std::move(classes.front());
}

/// The route questions asked of `route_ids`, in that order, forward before reverse.
std::vector<bf::FlowClass> route_classes(const bf::Network& network, const std::vector<std::string>& route_ids,
                                         const std::vector<std::string>& no_transit) {
  const bf::Scenario& s = network.scenario();
  std::vector<bf::FlowClass> out;
  for (const auto& id : route_ids) {
    const auto it = std::find_if(s.routes.begin(), s.routes.end(), [&](const bf::Route& route) { return route.id == id; });
    if (it == s.routes.end()) throw std::runtime_error("no route '" + id + "'");
    const auto r = static_cast<int>(it - s.routes.begin());
    const bf::TransitPolicy policy{no_transit, s.policy.no_transit_of};
    out.push_back(single(bf::route_classes(network, r, false, policy)));
    if (s.routes[static_cast<std::size_t>(r)].both_directions) out.push_back(single(bf::route_classes(network, r, true, policy)));
  }
  return out;
}

/// One class per demand, in demand order (see single()).
std::vector<bf::FlowClass> demand_classes(const bf::Network& network, const std::vector<std::string>& no_transit) {
  const bf::RoutingClasses classes = bf::routing_classes(network, {no_transit, network.scenario().policy.no_transit_of});
  if (classes.classes.size() != network.scenario().demands.size()) {
    throw std::runtime_error("the benchmark needs demands between one pair of countries, from one supplier");
  }
  return classes.classes;
}

/// Where a parameter lands: rows (capacities), arcs (costs, from `base`), a demand (quantities).
struct Landing {
  std::vector<int> rows, arcs;
  int demand = -1;
  double base = 0;
};

Landing landing(const bf::Network& network, const bf::SweepParameter& p) {
  const bf::Scenario& s = network.scenario();
  const auto e = static_cast<std::size_t>(p.element);
  Landing l;
  switch (p.target) {
    case bf::ParameterTarget::LinkCapacity: l.rows = network.rows_of({bf::ElementKind::Link, p.element}); break;
    case bf::ParameterTarget::TransferCapacity: l.rows = network.rows_of({bf::ElementKind::Transfer, p.element}); break;
    case bf::ParameterTarget::LinkCost:
      l.arcs = network.arcs_of({bf::ElementKind::Link, p.element});
      l.base = s.links[e].cost_usd_per_t;
      break;
    case bf::ParameterTarget::TransferCost:
      l.arcs = network.arcs_of({bf::ElementKind::Transfer, p.element});
      l.base = s.transfers[e].cost_usd_per_t;
      break;
    default: l.demand = p.element;
  }
  return l;
}

/// The bare loop: what the engine's work reduces to when everything but the solver is stripped.
void run_bare(const Options& o, bool fresh) {
  const bf::SweepModel model(load_spec(o));  // only for its expanded network and resolved parameters
  const bf::Network& network = model.network();
  const bf::SweepSpec& spec = model.spec();
  const std::vector<std::string> route_ids = split_ids(o.routes);
  // One world per policy (bilateral = no transit through CN, china-inclusive), on the one network.
  struct World {
    std::vector<bf::FlowClass> routes, demands;
    std::vector<std::unique_ptr<bf::FlowSession>> route_sessions;
    std::unique_ptr<bf::FlowSession> routing;
  };
  std::vector<World> worlds(static_cast<std::size_t>(o.worlds));
  for (int w = 0; w < o.worlds; ++w) {
    World& world = worlds[static_cast<std::size_t>(w)];
    const std::vector<std::string> no_transit = w == 0 ? std::vector<std::string>{"CN"} : std::vector<std::string>{};
    if (o.mode == "capacity") {
      world.routes = route_classes(network, route_ids, no_transit);
      if (!fresh) {
        for (const auto& c : world.routes) world.route_sessions.push_back(std::make_unique<bf::FlowSession>(network, std::vector<bf::FlowClass>{c}, bf::FlowSession::Kind::MaxFlow));
      }
    } else {
      world.demands = demand_classes(network, no_transit);
      if (!fresh) world.routing = std::make_unique<bf::FlowSession>(network, world.demands, bf::FlowSession::Kind::MinCost);
    }
  }
  // Where each parameter lands: rows (capacities), arcs (costs), classes (demand quantities).
  struct Target {
    std::vector<int> rows, arcs;
    int demand = -1;
    double low, high, base;
  };
  std::vector<Target> targets;
  for (const auto& p : spec.parameters) {
    const Landing l = landing(network, p);
    targets.push_back({l.rows, l.arcs, l.demand, p.low, p.high, l.base});
  }
  bf::Network fresh_network = network;
  std::vector<double> values(targets.size());
  double checksum = 0;
  const double start = now();
  for (std::uint64_t v = 0; v < o.variants; ++v) {
    bf::CounterRng rng(1, v);
    for (std::size_t i = 0; i < targets.size(); ++i) values[i] = targets[i].low + rng.uniform() * (targets[i].high - targets[i].low);
    for (auto& world : worlds) {
      for (std::size_t i = 0; i < targets.size(); ++i) {
        const Target& t = targets[i];
        for (int r : t.rows) {
          if (fresh) fresh_network.set_row_capacity(r, values[i]);
          for (auto& s : world.route_sessions) s->set_row_capacity(r, values[i]);
          if (world.routing) world.routing->set_row_capacity(r, values[i]);
        }
        for (int a : t.arcs) {
          if (world.routing) world.routing->set_arc_cost(a, network.arcs()[static_cast<std::size_t>(a)].cost_usd_per_t + values[i] - t.base);
        }
        if (t.demand >= 0) {
          if (world.routing) world.routing->set_supply(t.demand, values[i]);
          if (fresh && t.demand < static_cast<int>(world.demands.size())) world.demands[static_cast<std::size_t>(t.demand)].supply_t_per_yr = values[i];
        }
      }
      if (fresh) {
        for (const auto& c : world.routes) checksum += bf::solve_max_flow(fresh_network, c).objective;
        if (!world.demands.empty()) checksum += bf::solve_min_cost(fresh_network, world.demands).objective;
      } else {
        for (auto& s : world.route_sessions) {
          s->solve();
          checksum += s->objective();
        }
        if (world.routing) {
          world.routing->solve();
          checksum += world.routing->objective();
        }
      }
    }
  }
  const double seconds = now() - start;
  report(o, fresh ? "fresh" : "bare", o.variants, seconds, " checksum=" + std::to_string(checksum));
}

/// Writes the expanded network, the flow classes of each world and where each parameter lands,
/// as JSON for tools/bench/networkx_sweep.py (the same sweep on the same graph, in NetworkX).
void dump_network(const Options& o, const std::string& path) {
  const bf::SweepModel model(load_spec(o));
  const bf::Network& network = model.network();
  nlohmann::json j;
  j["vertices"] = network.vertex_count();
  for (const auto& arc : network.arcs()) {
    j["arcs"].push_back({{"tail", arc.tail}, {"head", arc.head}, {"cost", arc.cost_usd_per_t}, {"rows", arc.rows}});
  }
  for (const auto& row : network.rows()) j["rows"].push_back(row.capacity_t_per_yr);
  const std::vector<std::string> route_ids = split_ids(o.routes);
  for (int w = 0; w < o.worlds; ++w) {
    const std::vector<std::string> no_transit = w == 0 ? std::vector<std::string>{"CN"} : std::vector<std::string>{};
    nlohmann::json world;
    auto add_class = [&](const bf::FlowClass& c, nlohmann::json& list) {
      std::vector<int> arcs;
      for (std::size_t a = 0; a < c.arc_usable.size(); ++a) {
        if (c.arc_usable[a]) arcs.push_back(static_cast<int>(a));
      }
      list.push_back({{"sources", c.sources}, {"sinks", c.sinks}, {"arcs", arcs}, {"supply", c.supply_t_per_yr},
                      {"unserved_cost", c.unserved_cost_usd_per_t}});
    };
    world["routes"] = nlohmann::json::array();
    world["demands"] = nlohmann::json::array();
    for (const auto& c : route_classes(network, route_ids, no_transit)) add_class(c, world["routes"]);
    for (const auto& c : demand_classes(network, no_transit)) add_class(c, world["demands"]);
    j["worlds"].push_back(world);
  }
  for (const auto& p : model.spec().parameters) {
    const Landing l = landing(network, p);
    j["parameters"].push_back({{"path", p.path}, {"low", p.low}, {"high", p.high}, {"rows", l.rows}, {"arcs", l.arcs},
                               {"demand", l.demand}, {"base", l.base}});
  }
  std::ofstream(path) << j.dump() << "\n";
  std::printf("wrote %s (%d vertices, %zu arcs, %zu rows)\n", path.c_str(), network.vertex_count(), network.arcs().size(),
              network.rows().size());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::string dump;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(1);
      }
      return argv[++i];
    };
    if (a == "--base") o.base = next();
    else if (a == "--mode") o.mode = next();
    else if (a == "--variants") o.variants = std::stoull(next());
    else if (a == "--jobs") o.jobs = std::stoi(next());
    else if (a == "--what") o.what = next();
    else if (a == "--rss-every") o.rss_every = std::stoull(next());
    else if (a == "--routes") o.routes = next();
    else if (a == "--worlds") o.worlds = std::stoi(next());
    else if (a == "--dump-network") dump = next();
    else {
      std::fprintf(stderr, "usage: borderflow_bench [--base FILE] [--mode capacity|routing] [--variants N] [--jobs J]\n"
                           "       [--what engine,store,bare,fresh] [--rss-every K] [--routes a,b] [--worlds 1|2]\n"
                           "       borderflow_bench --dump-network FILE\n");
      return 1;
    }
  }
  if (o.mode != "capacity" && o.mode != "routing") {
    std::fprintf(stderr, "--mode is capacity or routing\n");
    return 1;
  }
  try {
    if (!dump.empty()) {
      dump_network(o, dump);
      return 0;
    }
    for (const std::string& what : split_ids(o.what)) {
      if (what == "engine") run_engine(o, false);
      else if (what == "store") run_engine(o, true);
      else if (what == "bare") run_bare(o, false);
      else if (what == "fresh") run_bare(o, true);
      else throw std::runtime_error("unknown --what '" + what + "'");
    }
  } catch (const bf::InputError& e) {
    for (const auto& d : e.diagnostics()) std::fprintf(stderr, "%s\n", d.format().c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 3;
  }
  return 0;
}
