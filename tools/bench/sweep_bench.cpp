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
#include "solve/answers.hpp"
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

/// The bare loop: what the engine's work reduces to when everything but the solver is stripped.
void run_bare(const Options& o, bool fresh) {
  const bf::SweepModel model(load_spec(o));  // only for its expanded network and resolved parameters
  const bf::Network& network = model.network();
  const bf::SweepSpec& spec = model.spec();
  const bf::Scenario& scenario = network.scenario();
  std::vector<std::string> route_ids;
  {
    std::stringstream ss(o.routes);
    for (std::string id; std::getline(ss, id, ',');) route_ids.push_back(id);
  }
  struct World {
    std::unique_ptr<bf::Scenario> scenario;
    std::unique_ptr<bf::Network> network;
    std::vector<bf::FlowClass> routes, demands;
    std::vector<std::unique_ptr<bf::FlowSession>> route_sessions;
    std::unique_ptr<bf::FlowSession> routing;
  };
  std::vector<World> worlds(static_cast<std::size_t>(o.worlds));
  for (int w = 0; w < o.worlds; ++w) {
    World& world = worlds[static_cast<std::size_t>(w)];
    world.scenario = std::make_unique<bf::Scenario>(scenario);
    world.scenario->policy.no_transit = w == 0 ? std::vector<std::string>{"CN"} : std::vector<std::string>{};
    world.network = std::make_unique<bf::Network>(*world.scenario);
    if (o.mode == "capacity") {
      for (const auto& id : route_ids) {
        const bf::Route& r = scenario.routes[static_cast<std::size_t>(std::find_if(scenario.routes.begin(), scenario.routes.end(), [&](const bf::Route& x) { return x.id == id; }) - scenario.routes.begin())];
        world.routes.push_back(bf::make_flow_class(*world.network, r.origins, r.destinations, r.commodity, r.links, r.countries));
        if (r.both_directions) world.routes.push_back(bf::make_flow_class(*world.network, r.destinations, r.origins, r.commodity, r.links, r.countries));
      }
      if (!fresh) {
        for (const auto& c : world.routes) world.route_sessions.push_back(std::make_unique<bf::FlowSession>(network, std::vector<bf::FlowClass>{c}, bf::FlowSession::Kind::MaxFlow));
      }
    } else {
      for (const auto& d : scenario.demands) {
        bf::FlowClass c = bf::make_flow_class(*world.network, d.origins, d.destinations, d.commodity, {}, {});
        c.supply_t_per_yr = d.quantity_t_per_yr;
        c.unserved_cost_usd_per_t = d.unserved_cost_usd_per_t;
        world.demands.push_back(std::move(c));
      }
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
    Target t{{}, {}, -1, p.low, p.high, 0};
    const bool cap = p.target == bf::ParameterTarget::LinkCapacity || p.target == bf::ParameterTarget::TransferCapacity;
    const bool cost = p.target == bf::ParameterTarget::LinkCost || p.target == bf::ParameterTarget::TransferCost;
    const bf::RowKind kind = p.target == bf::ParameterTarget::LinkCapacity ? bf::RowKind::Link : bf::RowKind::Transfer;
    const bf::ArcKind arc_kind = p.target == bf::ParameterTarget::LinkCost ? bf::ArcKind::Link : bf::ArcKind::Transfer;
    if (cap) {
      for (std::size_t r = 0; r < network.rows().size(); ++r) {
        if (network.rows()[r].kind == kind && network.rows()[r].element == p.element) t.rows.push_back(static_cast<int>(r));
      }
    } else if (cost) {
      for (const auto& arc : network.arcs()) {
        if (arc.kind == arc_kind && arc.element == p.element) t.arcs.push_back(arc.index);
      }
      t.base = p.target == bf::ParameterTarget::LinkCost ? scenario.links[static_cast<std::size_t>(p.element)].cost_usd_per_t
                                                          : scenario.transfers[static_cast<std::size_t>(p.element)].cost_usd_per_t;
    } else {
      t.demand = p.element;
    }
    targets.push_back(std::move(t));
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
  const bf::Scenario& scenario = network.scenario();
  nlohmann::json j;
  j["vertices"] = network.vertex_count();
  for (const auto& arc : network.arcs()) {
    j["arcs"].push_back({{"tail", arc.tail}, {"head", arc.head}, {"cost", arc.cost_usd_per_t}, {"rows", arc.rows}});
  }
  for (const auto& row : network.rows()) j["rows"].push_back(row.capacity_t_per_yr);
  std::vector<std::string> route_ids;
  {
    std::stringstream ss(o.routes);
    for (std::string id; std::getline(ss, id, ',');) route_ids.push_back(id);
  }
  for (int w = 0; w < o.worlds; ++w) {
    bf::Scenario world_scenario = scenario;
    world_scenario.policy.no_transit = w == 0 ? std::vector<std::string>{"CN"} : std::vector<std::string>{};
    const bf::Network world_network(world_scenario);
    nlohmann::json world;
    auto add_class = [&](const bf::FlowClass& c, nlohmann::json& list, double supply, double unserved) {
      std::vector<int> arcs;
      for (std::size_t a = 0; a < c.arc_usable.size(); ++a) {
        if (c.arc_usable[a]) arcs.push_back(static_cast<int>(a));
      }
      list.push_back({{"sources", c.sources}, {"sinks", c.sinks}, {"arcs", arcs}, {"supply", supply}, {"unserved_cost", unserved}});
    };
    world["routes"] = nlohmann::json::array();
    world["demands"] = nlohmann::json::array();
    for (const auto& id : route_ids) {
      for (const auto& r : scenario.routes) {
        if (r.id != id) continue;
        add_class(bf::make_flow_class(world_network, r.origins, r.destinations, r.commodity, r.links, r.countries), world["routes"], 0, 0);
        if (r.both_directions) {
          add_class(bf::make_flow_class(world_network, r.destinations, r.origins, r.commodity, r.links, r.countries), world["routes"], 0, 0);
        }
      }
    }
    for (const auto& d : scenario.demands) {
      add_class(bf::make_flow_class(world_network, d.origins, d.destinations, d.commodity, {}, {}), world["demands"],
                d.quantity_t_per_yr, d.unserved_cost_usd_per_t);
    }
    j["worlds"].push_back(world);
  }
  for (const auto& p : model.spec().parameters) {
    nlohmann::json t{{"path", p.path}, {"low", p.low}, {"high", p.high}, {"rows", nlohmann::json::array()},
                     {"arcs", nlohmann::json::array()}, {"demand", -1}, {"base", 0.0}};
    if (p.target == bf::ParameterTarget::LinkCapacity || p.target == bf::ParameterTarget::TransferCapacity) {
      const bf::RowKind kind = p.target == bf::ParameterTarget::LinkCapacity ? bf::RowKind::Link : bf::RowKind::Transfer;
      for (std::size_t r = 0; r < network.rows().size(); ++r) {
        if (network.rows()[r].kind == kind && network.rows()[r].element == p.element) t["rows"].push_back(r);
      }
    } else if (p.target == bf::ParameterTarget::LinkCost || p.target == bf::ParameterTarget::TransferCost) {
      const bf::ArcKind kind = p.target == bf::ParameterTarget::LinkCost ? bf::ArcKind::Link : bf::ArcKind::Transfer;
      for (const auto& arc : network.arcs()) {
        if (arc.kind == kind && arc.element == p.element) t["arcs"].push_back(arc.index);
      }
      t["base"] = p.target == bf::ParameterTarget::LinkCost ? scenario.links[static_cast<std::size_t>(p.element)].cost_usd_per_t
                                                             : scenario.transfers[static_cast<std::size_t>(p.element)].cost_usd_per_t;
    } else {
      t["demand"] = p.element;
    }
    j["parameters"].push_back(t);
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
    std::stringstream ss(o.what);
    for (std::string what; std::getline(ss, what, ',');) {
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
