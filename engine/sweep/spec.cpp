#include "sweep/spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "core/quantity.hpp"
#include "core/text.hpp"
#include "scenario/loader.hpp"
#include "scenario/yaml_guard.hpp"

namespace borderflow {

std::string to_string(DesignType type) {
  switch (type) {
    case DesignType::Grid: return "grid";
    case DesignType::Zip: return "zip";
    case DesignType::Random: return "random";
    case DesignType::LatinHypercube: return "latin_hypercube";
    case DesignType::Sobol: return "sobol";
    case DesignType::Morris: return "morris";
  }
  return "?";
}

std::uint64_t fnv1a64(const std::string& bytes, std::uint64_t state) {
  for (unsigned char c : bytes) {
    state ^= c;
    state *= 1099511628211ull;
  }
  return state;
}

namespace {

namespace fs = std::filesystem;

SourceLocation at(const std::string& file, const YAML::Mark& mark) { return {file, mark.line + 1, mark.column + 1}; }

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string hint_or_list(const std::string& word, const std::vector<std::string>& allowed) {
  if (auto hint = closest_match(word, allowed)) return "; did you mean '" + *hint + "'?";
  return "; expected one of: " + join(allowed);
}

struct Entry {
  std::string key;
  YAML::Mark mark;
  YAML::Node value;
};

bool checked_multiply(std::uint64_t a, std::uint64_t b, std::uint64_t& out) {
  if (a != 0 && b > UINT64_MAX / a) return false;
  out = a * b;
  return true;
}

template <typename T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

/// Element-by-element comparison of two loaded scenarios, ignoring names, descriptions,
/// provenance, positions and policy. Returns the first difference, or "" when there is none.
std::string scenario_difference(const Scenario& a, const Scenario& b) {
  auto sets_equal = [](const PlaceSet& x, const PlaceSet& y) { return x.places == y.places; };
  if (a.places.size() != b.places.size()) return "places differ";
  for (std::size_t i = 0; i < a.places.size(); ++i) {
    if (a.places[i].id != b.places[i].id || a.places[i].country != b.places[i].country) return "places." + b.places[i].id;
  }
  if (a.links.size() != b.links.size()) return "links differ";
  for (std::size_t i = 0; i < a.links.size(); ++i) {
    const Link& x = a.links[i];
    const Link& y = b.links[i];
    if (x.id != y.id || x.from != y.from || x.to != y.to || x.mode != y.mode || x.gauges_mm != y.gauges_mm ||
        x.length_km != y.length_km || x.capacity_t_per_yr != y.capacity_t_per_yr ||
        x.cost_usd_per_t != y.cost_usd_per_t || x.cost_usd_per_t_km != y.cost_usd_per_t_km ||
        x.both_ways != y.both_ways || x.status != y.status || x.commodities != y.commodities ||
        x.crossing != y.crossing) {
      return "links." + y.id;
    }
  }
  if (a.transfers.size() != b.transfers.size()) return "transfers differ";
  for (std::size_t i = 0; i < a.transfers.size(); ++i) {
    const Transfer& x = a.transfers[i];
    const Transfer& y = b.transfers[i];
    if (x.id != y.id || x.place != y.place || !(x.from == y.from) || !(x.to == y.to) ||
        x.cost_usd_per_t != y.cost_usd_per_t || x.capacity_t_per_yr != y.capacity_t_per_yr ||
        x.both_ways != y.both_ways || x.status != y.status) {
      return "transfers." + y.id;
    }
  }
  if (a.crossings.size() != b.crossings.size()) return "crossings differ";
  for (std::size_t i = 0; i < a.crossings.size(); ++i) {
    const Crossing& x = a.crossings[i];
    const Crossing& y = b.crossings[i];
    if (x.id != y.id || x.links != y.links || x.capacity_t_per_yr != y.capacity_t_per_yr ||
        x.cost_usd_per_t != y.cost_usd_per_t || x.status != y.status) {
      return "crossings." + y.id;
    }
  }
  if (a.commodities.size() != b.commodities.size()) return "commodities differ";
  if (a.demands.size() != b.demands.size()) return "demands differ";
  for (std::size_t i = 0; i < a.demands.size(); ++i) {
    const Demand& x = a.demands[i];
    const Demand& y = b.demands[i];
    if (x.id != y.id || x.commodity != y.commodity || !sets_equal(x.origins, y.origins) ||
        !sets_equal(x.destinations, y.destinations) || x.quantity_t_per_yr != y.quantity_t_per_yr ||
        x.unserved_cost_usd_per_t != y.unserved_cost_usd_per_t) {
      return "demands." + y.id;
    }
  }
  if (a.routes.size() != b.routes.size()) return "routes differ";
  for (std::size_t i = 0; i < a.routes.size(); ++i) {
    const Route& x = a.routes[i];
    const Route& y = b.routes[i];
    if (x.id != y.id || !sets_equal(x.origins, y.origins) || !sets_equal(x.destinations, y.destinations) ||
        x.links != y.links || x.countries != y.countries || x.commodity != y.commodity ||
        x.both_directions != y.both_directions) {
      return "routes." + y.id;
    }
  }
  return {};
}

const std::vector<std::string> kTopKeys = {"borderflow-sweep", "name",       "description", "base",
                                           "seed",             "max_variants", "design",    "block_size",
                                           "parameters",       "scenario_ranges", "worlds", "outputs",
                                           "solver"};
const std::vector<std::string> kDesignTypes = {"grid", "zip", "random", "latin_hypercube", "sobol", "morris"};

class SpecReader {
 public:
  SpecReader(const SweepLoadOptions& options, DiagnosticSink& sink) : options_(options), sink_(sink) {}

  SweepSpec read(const std::string& path) {
    file_ = path;
    spec_.file = path;
    spec_.text = options_.read_spec ? options_.read_spec(path, options_.limits) : read_input_file(path, options_.limits);
    const YamlDocument document = parse_yaml_guarded(spec_.text, path, options_.limits);
    const auto entries = read_map(document.root, "");
    std::map<std::string, Entry> top;
    bool has_version = false;
    for (const auto& entry : entries) {
      if (std::find(kTopKeys.begin(), kTopKeys.end(), entry.key) == kTopKeys.end()) {
        error(entry.mark, "unknown key '" + entry.key + "' in the sweep spec" + hint_or_list(entry.key, kTopKeys),
              entry.key);
        // A misspelt required key is reported once, as misspelt, not again as missing.
        if (auto hint = closest_match(entry.key, kTopKeys)) misspelt_.insert(*hint);
        continue;
      }
      top[entry.key] = entry;
      if (entry.key == "borderflow-sweep") {
        has_version = true;
        if (!entry.value.IsScalar() || entry.value.Scalar() != "1") {
          error(entry.value.Mark(), "unsupported sweep format version; this engine reads 'borderflow-sweep: 1'",
                "borderflow-sweep");
        }
      }
    }
    if (!has_version) sink_.error({path, 1, 1}, "missing 'borderflow-sweep: 1' (the format version) at the top of the file");

    if (auto it = top.find("name"); it != top.end()) spec_.name = text_value(it->second.value, "name").value_or("");
    if (spec_.name.empty()) spec_.name = fs::path(path).stem().string();
    if (auto it = top.find("description"); it != top.end()) {
      spec_.description = text_value(it->second.value, "description").value_or("");
    }

    // The base scenario first: parameter paths, worlds and outputs are resolved against it.
    auto base_it = top.find("base");
    if (base_it == top.end()) {
      if (!misspelt_.count("base")) sink_.error({path, 1, 1}, "missing required 'base' (the scenario file the sweep varies, relative to this file)");
      sink_.throw_if_any();
    }
    base_ = load_relative(base_it->second.value, "base");
    if (!base_) sink_.throw_if_any();
    spec_.base = base_;
    spec_.base_file = base_file_;

    if (auto it = top.find("seed"); it != top.end()) {
      spec_.seed = unsigned_value(it->second.value, "seed", 0, UINT64_MAX).value_or(0);
    } else if (!misspelt_.count("seed")) {
      sink_.error({path, 1, 1}, "missing required 'seed' (a whole number; the same seed gives the same variants)");
    }
    spec_.max_variants = options_.sweep_limits.default_max_variants;
    if (auto it = top.find("max_variants"); it != top.end()) {
      spec_.max_variants = unsigned_value(it->second.value, "max_variants", 1, options_.sweep_limits.max_variants_ceiling)
                               .value_or(spec_.max_variants);
    }
    YAML::Mark design_mark;
    if (auto it = top.find("design"); it != top.end()) {
      design_mark = it->second.value.Mark();
      read_design(it->second.value);
    } else if (!misspelt_.count("design")) {
      sink_.error({path, 1, 1}, "missing required 'design' (type: " + join(kDesignTypes, " | ") + ")");
    }
    if (auto it = top.find("parameters"); it != top.end()) {
      read_parameters(it->second.value);
    } else if (!top.count("scenario_ranges") && !misspelt_.count("parameters")) {
      sink_.error({path, 1, 1}, "missing required 'parameters' (a list of {path: ..., range: [...]} or {path: ..., values: [...]})");
    }
    if (auto it = top.find("scenario_ranges"); it != top.end()) read_scenario_ranges(it->second.value);
    if (auto it = top.find("worlds"); it != top.end()) {
      read_worlds(it->second.value);
    } else {
      SweepWorld world;
      world.name = "base";
      world.no_transit = base_->policy.no_transit;
      world.closed = base_->policy.closed;
      world.where = {path, 1, 1};
      spec_.worlds.push_back(world);
    }
    read_outputs(top.count("outputs") ? top["outputs"].value : YAML::Node(), top.count("outputs") > 0);
    if (auto it = top.find("solver"); it != top.end()) read_solver(it->second.value);

    check_design(design_mark);
    check_transit_switches();
    sink_.throw_if_any();

    // The cap is checked on the count alone: nothing is expanded before it passes.
    const auto count = count_variants(spec_);
    if (!count) {
      error(design_mark, "the design expands to more than 2^64 variants; max_variants is " +
                             std::to_string(spec_.max_variants), "design");
    } else if (*count > spec_.max_variants) {
      error(design_mark, "the design expands to " + format_grouped(static_cast<double>(*count)) +
                             " variants, more than max_variants (" + format_grouped(static_cast<double>(spec_.max_variants)) +
                             "); shrink the design or raise max_variants (at most " +
                             format_grouped(static_cast<double>(options_.sweep_limits.max_variants_ceiling)) + ")",
            "design");
    } else if (*count == 0) {
      error(design_mark, "the design expands to no variants", "design");
    } else {
      spec_.variant_count = *count;
    }
    if (auto it = top.find("block_size"); it != top.end()) {
      spec_.block_size = unsigned_value(it->second.value, "block_size", 1, options_.sweep_limits.max_block_size).value_or(0);
    }
    if (spec_.block_size == 0 && spec_.variant_count > 0) {
      // Enough blocks to keep every thread busy on small sweeps, few enough that each block's
      // fresh solver start is amortised on large ones.
      spec_.block_size = std::clamp<std::uint64_t>((spec_.variant_count + 63) / 64, 8, 256);
    }
    sink_.throw_if_any();

    std::uint64_t digest = fnv1a64("borderflow-sweep/1\n");
    digest = fnv1a64(spec_.text, digest);
    for (const auto& file : hashed_files_) {
      digest = fnv1a64(std::string(1, '\0'), digest);
      digest = fnv1a64(read_input_file(file, options_.limits), digest);
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(digest));
    spec_.hash = hex;
    return std::move(spec_);
  }

 private:
  // --- small readers -----------------------------------------------------------------------

  void error(const YAML::Mark& mark, const std::string& message, const std::string& path) {
    sink_.error(at(file_, mark), message, path);
  }

  std::vector<Entry> read_map(const YAML::Node& map, const std::string& path) {
    std::vector<Entry> entries;
    std::map<std::string, int> first_line;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        error(key.Mark(), "keys must be plain words", path);
        continue;
      }
      const std::string name = key.Scalar();
      const auto [pos, inserted] = first_line.emplace(name, key.Mark().line + 1);
      if (!inserted) {
        error(key.Mark(), "duplicate key '" + name + "' (first given on line " + std::to_string(pos->second) + ")",
              path.empty() ? name : path + "." + name);
        continue;
      }
      entries.push_back({name, key.Mark(), it->second});
    }
    return entries;
  }

  /// The entries of a mapping whose keys must come from `allowed`.
  std::vector<Entry> strict_map(const YAML::Node& node, const std::string& path, const std::vector<std::string>& allowed,
                                const std::string& what) {
    if (!node.IsMap()) {
      error(node.Mark(), path + ": expects a mapping", path);
      return {};
    }
    std::vector<Entry> out;
    for (auto& entry : read_map(node, path)) {
      if (std::find(allowed.begin(), allowed.end(), entry.key) == allowed.end()) {
        error(entry.mark, "unknown key '" + entry.key + "' in " + what + hint_or_list(entry.key, allowed),
              path + "." + entry.key);
        continue;
      }
      out.push_back(std::move(entry));
    }
    return out;
  }

  std::optional<std::string> text_value(const YAML::Node& node, const std::string& path) {
    if (node.IsNull() || (node.IsScalar() && node.Scalar().empty())) {
      error(node.Mark(), "value is empty", path);
      return std::nullopt;
    }
    if (!node.IsScalar()) {
      error(node.Mark(), "expected a single value, not a list or mapping", path);
      return std::nullopt;
    }
    return node.Scalar();
  }

  std::optional<std::uint64_t> unsigned_value(const YAML::Node& node, const std::string& path, std::uint64_t min,
                                              std::uint64_t max) {
    const auto text = text_value(node, path);
    if (!text) return std::nullopt;
    std::uint64_t value = 0;
    const bool digits = !text->empty() && std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; });
    const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (!digits || ec != std::errc() || ptr != text->data() + text->size() || (text->size() > 1 && (*text)[0] == '0')) {
      error(node.Mark(), "expected a whole number (digits only, no sign, exponent or leading zero), got '" + *text + "'",
            path);
      return std::nullopt;
    }
    if (value < min || value > max) {
      error(node.Mark(), "'" + *text + "' is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]",
            path);
      return std::nullopt;
    }
    return value;
  }

  std::vector<std::pair<std::string, YAML::Mark>> words(const YAML::Node& node, const std::string& path) {
    std::vector<std::pair<std::string, YAML::Mark>> out;
    if (node.IsScalar()) {
      if (!node.Scalar().empty()) out.emplace_back(node.Scalar(), node.Mark());
      return out;
    }
    if (!node.IsSequence()) {
      error(node.Mark(), "expected a list, e.g. [a, b]", path);
      return out;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node item = node[i];
      if (!item.IsScalar() || item.Scalar().empty()) {
        error(item.Mark(), "expected a single value", path + "[" + std::to_string(i) + "]");
        continue;
      }
      out.emplace_back(item.Scalar(), item.Mark());
    }
    return out;
  }

  /// A scenario file named relative to the spec, confined like extends: (relative path, no
  /// escape above the parent of the spec's folder). Loaded with the scenario loader.
  std::shared_ptr<const Scenario> load_relative(const YAML::Node& node, const std::string& path) {
    const auto target = text_value(node, path);
    if (!target) return nullptr;
    const fs::path target_path(*target);
    if (target_path.is_absolute()) {
      error(node.Mark(), path + ": path must be relative to the spec file, got '" + *target + "'", path);
      return nullptr;
    }
    const fs::path spec_path = fs::weakly_canonical(fs::absolute(fs::path(file_)));
    const fs::path root = spec_path.parent_path().parent_path();
    const fs::path resolved = (fs::path(file_).parent_path() / target_path).lexically_normal();
    const std::string relative = fs::weakly_canonical(fs::absolute(resolved)).lexically_relative(root).string();
    if (relative.empty() || relative.rfind("..", 0) == 0) {
      error(node.Mark(), path + ": '" + *target + "' leaves the spec's tree; only files below the parent of the spec's folder can be used", path);
      return nullptr;
    }
    try {
      LoadOptions load_options;
      load_options.limits = options_.limits;
      auto scenario = std::make_shared<Scenario>(load_scenario(resolved.string(), load_options));
      for (const auto& f : scenario->files) {
        if (std::find(hashed_files_.begin(), hashed_files_.end(), f) == hashed_files_.end()) hashed_files_.push_back(f);
      }
      if (path == "base") base_file_ = resolved.string();
      return scenario;
    } catch (const InputError& e) {
      for (const auto& d : e.diagnostics()) sink_.error(d.where, d.message, d.yaml_path);
      error(node.Mark(), path + ": '" + *target + "' could not be loaded", path);
      return nullptr;
    }
  }

  // --- design ------------------------------------------------------------------------------

  void read_design(const YAML::Node& node) {
    const auto entries = strict_map(node, "design", {"type", "variants", "base_points", "trajectories", "levels"},
                                    "design");
    std::map<std::string, Entry> fields;
    for (const auto& e : entries) fields[e.key] = e;
    auto type_it = fields.find("type");
    if (type_it == fields.end()) {
      error(node.Mark(), "design: missing required 'type' (" + join(kDesignTypes, " | ") + ")", "design");
      return;
    }
    const auto type = text_value(type_it->second.value, "design.type");
    if (!type) return;
    const auto found = std::find(kDesignTypes.begin(), kDesignTypes.end(), *type);
    if (found == kDesignTypes.end()) {
      error(type_it->second.value.Mark(), "'" + *type + "' is not a design type" + hint_or_list(*type, kDesignTypes),
            "design.type");
      return;
    }
    spec_.design = static_cast<DesignType>(found - kDesignTypes.begin());
    const std::uint64_t ceiling = options_.sweep_limits.max_variants_ceiling;
    auto size_key = [&]() -> std::string {
      switch (spec_.design) {
        case DesignType::Random:
        case DesignType::LatinHypercube: return "variants";
        case DesignType::Sobol: return "base_points";
        case DesignType::Morris: return "trajectories";
        default: return "";
      }
    }();
    for (const auto& [key, entry] : fields) {
      if (key == "type") continue;
      if (key == "levels") {
        if (spec_.design == DesignType::Grid) {
          spec_.default_levels = static_cast<int>(unsigned_value(entry.value, "design.levels", 1, 100000).value_or(3));
        } else if (spec_.design == DesignType::Morris) {
          const auto levels = unsigned_value(entry.value, "design.levels", 2, 1000);
          if (levels && *levels % 2 != 0) {
            error(entry.value.Mark(), "Morris levels must be even (the step is levels / (2 (levels - 1)))", "design.levels");
          } else if (levels) {
            spec_.morris_levels = static_cast<int>(*levels);
          }
        } else {
          error(entry.mark, "'levels' applies to grid and morris designs only", "design.levels");
        }
        continue;
      }
      if (key != size_key) {
        error(entry.mark, "'" + key + "' does not apply to a " + *type + " design" +
                              (size_key.empty() ? std::string() : "; it takes '" + size_key + "'"),
              "design." + key);
        continue;
      }
      spec_.design_size = unsigned_value(entry.value, "design." + key, 1, ceiling).value_or(0);
    }
    if (!size_key.empty() && !fields.count(size_key)) {
      error(node.Mark(), "a " + *type + " design needs '" + size_key + "'", "design");
    }
  }

  // --- parameters --------------------------------------------------------------------------

  void read_parameters(const YAML::Node& node) {
    if (!node.IsSequence()) {
      error(node.Mark(), "parameters: expects a list, each item starting with '- path: ...'", "parameters");
      return;
    }
    if (node.size() > options_.sweep_limits.max_parameters) {
      error(node.Mark(), "more than " + std::to_string(options_.sweep_limits.max_parameters) + " parameters", "parameters");
      return;
    }
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string path = "parameters[" + std::to_string(i) + "]";
      auto parameter = read_parameter(node[i], path);
      if (!parameter) continue;
      const auto [pos, fresh] = seen.emplace(parameter->path, parameter->where.line);
      if (!fresh) {
        sink_.error(parameter->where, "parameter '" + parameter->path + "' is given twice (first on line " +
                                          std::to_string(pos->second) + ")", path + ".path");
        continue;
      }
      spec_.parameters.push_back(std::move(*parameter));
    }
  }

  std::optional<SweepParameter> read_parameter(const YAML::Node& node, const std::string& path) {
    const auto entries = strict_map(node, path, {"path", "range", "values", "distribution", "mode", "levels"}, "a parameter");
    if (!node.IsMap()) return std::nullopt;
    std::map<std::string, Entry> fields;
    for (const auto& e : entries) fields[e.key] = e;
    SweepParameter p;
    p.where = at(file_, node.Mark());
    auto path_it = fields.find("path");
    if (path_it == fields.end()) {
      error(node.Mark(), "missing required 'path' (e.g. links.<id>.capacity)", path);
      return std::nullopt;
    }
    const auto text = text_value(path_it->second.value, path + ".path");
    if (!text) return std::nullopt;
    p.path = *text;
    p.where = at(file_, path_it->second.value.Mark());
    Dimension dimension = Dimension::FlowRate;
    UnitContext context;
    if (!resolve_path(p, p.where, path + ".path", dimension, context)) return std::nullopt;

    const bool has_range = fields.count("range");
    const bool has_values = fields.count("values");
    const bool is_switch = p.target == ParameterTarget::Transit || p.text;
    if (has_range == has_values) {
      error(node.Mark(), std::string(has_range ? "give either 'range' or 'values', not both"
                                               : "missing 'range: [LOW, HIGH]' or 'values: [...]'") +
                             (is_switch ? " (this parameter takes values)" : ""),
            path);
      return std::nullopt;
    }
    for (const auto& key : {"distribution", "mode"}) {
      if (fields.count(key) && !has_range) error(fields[key].mark, std::string("'") + key + "' applies to a range", path + "." + key);
    }
    if (has_range) {
      if (is_switch) {
        error(fields["range"].mark, "'" + p.path + "' is a switch; give values: " +
                                        (p.text ? std::string("[open, closed]") : std::string("[0, 1]")),
              path + ".range");
        return std::nullopt;
      }
      const YAML::Node range = fields["range"].value;
      if (!range.IsSequence() || range.size() != 2) {
        error(range.Mark(), "range: expects [LOW, HIGH], e.g. [3 Mt/yr, 6 Mt/yr]", path + ".range");
        return std::nullopt;
      }
      const auto low = quantity(range[0], dimension, context, path + ".range[0]");
      const auto high = quantity(range[1], dimension, context, path + ".range[1]");
      if (!low || !high) return std::nullopt;
      if (*low > *high) {
        error(range.Mark(), "range: LOW is above HIGH", path + ".range");
        return std::nullopt;
      }
      p.continuous = true;
      p.low = *low;
      p.high = *high;
      p.mode = (*low + *high) / 2;
      if (auto it = fields.find("distribution"); it != fields.end()) {
        static const std::vector<std::string> kinds = {"uniform", "loguniform", "triangular"};
        const auto kind = text_value(it->second.value, path + ".distribution");
        if (!kind) return std::nullopt;
        const auto k = std::find(kinds.begin(), kinds.end(), *kind);
        if (k == kinds.end()) {
          error(it->second.value.Mark(), "'" + *kind + "' is not a distribution" + hint_or_list(*kind, kinds),
                path + ".distribution");
          return std::nullopt;
        }
        p.distribution = static_cast<Distribution>(k - kinds.begin());
      }
      if (p.distribution == Distribution::LogUniform && !(p.low > 0)) {
        error(range.Mark(), "a loguniform range needs LOW above zero", path + ".range");
        return std::nullopt;
      }
      if (auto it = fields.find("mode"); it != fields.end()) {
        if (p.distribution != Distribution::Triangular) {
          error(it->second.mark, "'mode' applies to distribution: triangular", path + ".mode");
        } else if (auto m = quantity(it->second.value, dimension, context, path + ".mode")) {
          if (*m < p.low || *m > p.high) error(it->second.value.Mark(), "mode lies outside the range", path + ".mode");
          p.mode = *m;
        }
      } else if (p.distribution == Distribution::Triangular) {
        error(node.Mark(), "a triangular distribution needs 'mode'", path);
      }
    } else {
      const YAML::Node values = fields["values"].value;
      if (!values.IsSequence() || values.size() == 0) {
        error(values.Mark(), "values: expects a non-empty list", path + ".values");
        return std::nullopt;
      }
      if (values.size() > options_.sweep_limits.max_values) {
        error(values.Mark(), "more than " + std::to_string(options_.sweep_limits.max_values) + " values", path + ".values");
        return std::nullopt;
      }
      for (std::size_t i = 0; i < values.size(); ++i) {
        const std::string item_path = path + ".values[" + std::to_string(i) + "]";
        if (p.text) {
          const auto v = text_value(values[i], item_path);
          if (!v) continue;
          if (*v != "open" && *v != "closed") {
            error(values[i].Mark(), "'" + *v + "' is not a status; use open or closed" + hint_or_list(*v, {"open", "closed"}),
                  item_path);
            continue;
          }
          p.labels.push_back(*v);
        } else if (p.target == ParameterTarget::Transit) {
          const auto v = text_value(values[i], item_path);
          if (!v) continue;
          if (*v != "0" && *v != "1") {
            error(values[i].Mark(), "policy.transit switches take 0 (no transit) or 1 (transit allowed), got '" + *v + "'",
                  item_path);
            continue;
          }
          p.numbers.push_back(*v == "1" ? 1.0 : 0.0);
          p.labels.push_back(*v);
        } else if (auto v = quantity(values[i], dimension, context, item_path)) {
          p.numbers.push_back(*v);
          p.labels.push_back(values[i].Scalar());
        }
      }
      if (p.value_count() != values.size()) return std::nullopt;
    }
    if (auto it = fields.find("levels"); it != fields.end()) {
      if (!has_range) {
        error(it->second.mark, "'levels' applies to a range (a list's levels are its values)", path + ".levels");
      } else {
        p.levels = static_cast<int>(unsigned_value(it->second.value, path + ".levels", 1, 100000).value_or(0));
      }
    }
    return p;
  }

  /// Ranges written on the base scenario's fields become parameters (after the spec's own, which
  /// win when both name the same path): all, none, or the listed paths.
  void read_scenario_ranges(const YAML::Node& node) {
    const auto& ranges = base_->ranges;
    std::vector<std::string> wanted;
    bool all = false;
    if (node.IsScalar() && (node.Scalar() == "all" || node.Scalar() == "none")) {
      all = node.Scalar() == "all";
    } else {
      std::vector<std::string> paths;
      for (const auto& r : ranges) paths.push_back(r.path);
      for (const auto& [path, mark] : words(node, "scenario_ranges")) {
        if (std::find(paths.begin(), paths.end(), path) == paths.end()) {
          std::string message = "the base scenario writes no range on '" + path + "'";
          if (auto hint = closest_match(path, paths)) message += "; did you mean '" + *hint + "'?";
          error(mark, message, "scenario_ranges");
          continue;
        }
        wanted.push_back(path);
      }
    }
    for (const auto& r : ranges) {
      if (!all && std::find(wanted.begin(), wanted.end(), r.path) == wanted.end()) continue;
      const bool given = std::any_of(spec_.parameters.begin(), spec_.parameters.end(),
                                     [&](const SweepParameter& q) { return q.path == r.path; });
      if (given) continue;
      SweepParameter p;
      p.path = r.path;
      p.where = r.where;
      p.origin = "scenario";
      Dimension dimension = Dimension::FlowRate;
      UnitContext context;
      if (!resolve_path(p, r.where, "scenario_ranges", dimension, context)) continue;
      p.continuous = true;
      p.low = r.low;
      p.high = r.high;
      p.mode = r.mode;
      p.distribution = r.distribution == "loguniform"    ? Distribution::LogUniform
                       : r.distribution == "triangular" ? Distribution::Triangular
                                                        : Distribution::Uniform;
      if (spec_.parameters.size() >= options_.sweep_limits.max_parameters) {
        error(node.Mark(), "more than " + std::to_string(options_.sweep_limits.max_parameters) + " parameters", "scenario_ranges");
        return;
      }
      spec_.parameters.push_back(std::move(p));
    }
  }

  std::optional<double> quantity(const YAML::Node& node, Dimension dimension, const UnitContext& context,
                                 const std::string& path) {
    const auto text = text_value(node, path);
    if (!text) return std::nullopt;
    const auto parsed = parse_quantity(*text, dimension, context);
    if (!parsed.value) {
      error(node.Mark(), parsed.error, path);
      return std::nullopt;
    }
    if (*parsed.value < 0) {
      error(node.Mark(), "must be zero or more, got '" + *text + "'", path);
      return std::nullopt;
    }
    if (*parsed.value > 1e12) {
      error(node.Mark(), "'" + *text + "' is beyond the engine's numeric range (1e12 in t/yr or USD/t)", path);
      return std::nullopt;
    }
    return parsed.value;
  }

  /// section.<id>.field, where ids may themselves contain dots.
  bool resolve_path(SweepParameter& p, const SourceLocation& where, const std::string& yaml_path, Dimension& dimension,
                    UnitContext& context) {
    static const std::vector<std::string> sections = {"links", "transfers", "crossings", "demands", "policy"};
    const Scenario& s = *base_;
    const auto first_dot = p.path.find('.');
    const std::string section = p.path.substr(0, first_dot);
    if (std::find(sections.begin(), sections.end(), section) == sections.end()) {
      sink_.error(where, "'" + p.path + "': unknown section '" + section + "'" + hint_or_list(section, sections) +
                      " (paths look like links.<id>.capacity)", yaml_path);
      return false;
    }
    const auto last_dot = p.path.rfind('.');
    if (first_dot == std::string::npos || last_dot == first_dot) {
      sink_.error(where, "'" + p.path + "': expected " + section + ".<id>.<field>", yaml_path);
      return false;
    }
    if (section == "policy") {
      const std::string rest = p.path.substr(first_dot + 1);
      const auto dot = rest.find('.');
      const std::string what = rest.substr(0, dot);
      const std::string code = dot == std::string::npos ? "" : rest.substr(dot + 1);
      if (what != "transit") {
        sink_.error(where, "'" + p.path + "': policy parameters are policy.transit.<country>" + hint_or_list(what, {"transit"}),
              yaml_path);
        return false;
      }
      if (code.size() != 2 || !std::isupper(static_cast<unsigned char>(code[0])) ||
          !std::isupper(static_cast<unsigned char>(code[1]))) {
        sink_.error(where, "'" + code + "' is not an ISO 3166-1 alpha-2 country code", yaml_path);
        return false;
      }
      const bool present = std::any_of(s.places.begin(), s.places.end(), [&](const Place& pl) { return pl.country == code; });
      if (!present) {
        sink_.error(where, "no place of the base scenario lies in '" + code + "'", yaml_path);
        return false;
      }
      p.target = ParameterTarget::Transit;
      p.country = code;
      return true;
    }
    const std::string id = p.path.substr(first_dot + 1, last_dot - first_dot - 1);
    const std::string field = p.path.substr(last_dot + 1);
    auto element_index = [&](const std::vector<std::string>& ids) -> int {
      const auto it = std::find(ids.begin(), ids.end(), id);
      if (it != ids.end()) return static_cast<int>(it - ids.begin());
      std::string message = "'" + p.path + "': no " + section.substr(0, section.size() - 1) + " '" + id + "' in the base scenario";
      if (auto hint = closest_match(id, ids)) message += "; did you mean '" + *hint + "'?";
      sink_.error(where, message, yaml_path);
      return -1;
    };
    auto field_error = [&](const std::vector<std::string>& fields) {
      sink_.error(where, "'" + p.path + "': " + section + " have no sweepable field '" + field + "'" + hint_or_list(field, fields),
            yaml_path);
      return false;
    };
    if (section == "links") {
      p.element = element_index(ids_of(s.links));
      if (p.element < 0) return false;
      const Link& link = s.links[static_cast<std::size_t>(p.element)];
      if (link.commodities.size() == 1) {
        const Commodity& c = s.commodities[static_cast<std::size_t>(link.commodities.front())];
        context = {c.bbl_per_t, c.t_per_teu, c.id};
      }
      if (field == "capacity") { p.target = ParameterTarget::LinkCapacity; dimension = Dimension::FlowRate; p.unit = "t/yr"; }
      else if (field == "cost") { p.target = ParameterTarget::LinkCost; dimension = Dimension::CostPerTonne; p.unit = "USD/t"; }
      else if (field == "cost_per_km") { p.target = ParameterTarget::LinkCostPerKm; dimension = Dimension::CostPerTonneKm; p.unit = "USD/t-km"; }
      else if (field == "status") { p.target = ParameterTarget::LinkStatus; p.text = true; }
      else return field_error({"capacity", "cost", "cost_per_km", "status"});
    } else if (section == "transfers") {
      p.element = element_index(ids_of(s.transfers));
      if (p.element < 0) return false;
      if (field == "capacity") { p.target = ParameterTarget::TransferCapacity; dimension = Dimension::FlowRate; p.unit = "t/yr"; }
      else if (field == "cost") { p.target = ParameterTarget::TransferCost; dimension = Dimension::CostPerTonne; p.unit = "USD/t"; }
      else if (field == "status") { p.target = ParameterTarget::TransferStatus; p.text = true; }
      else return field_error({"capacity", "cost", "status"});
    } else if (section == "crossings") {
      p.element = element_index(ids_of(s.crossings));
      if (p.element < 0) return false;
      if (field == "capacity") { p.target = ParameterTarget::CrossingCapacity; dimension = Dimension::FlowRate; p.unit = "t/yr"; }
      else if (field == "cost") { p.target = ParameterTarget::CrossingCost; dimension = Dimension::CostPerTonne; p.unit = "USD/t"; }
      else if (field == "status") { p.target = ParameterTarget::CrossingStatus; p.text = true; }
      else return field_error({"capacity", "cost", "status"});
    } else {
      p.element = element_index(ids_of(s.demands));
      if (p.element < 0) return false;
      const Demand& d = s.demands[static_cast<std::size_t>(p.element)];
      if (d.commodity >= 0) {
        const Commodity& c = s.commodities[static_cast<std::size_t>(d.commodity)];
        context = {c.bbl_per_t, c.t_per_teu, c.id};
      }
      if (field == "quantity") { p.target = ParameterTarget::DemandQuantity; dimension = Dimension::FlowRate; p.unit = "t/yr"; }
      else if (field == "unserved_cost") { p.target = ParameterTarget::DemandUnservedCost; dimension = Dimension::CostPerTonne; p.unit = "USD/t"; }
      else return field_error({"quantity", "unserved_cost"});
    }
    if (p.target == ParameterTarget::LinkStatus || p.target == ParameterTarget::TransferStatus ||
        p.target == ParameterTarget::CrossingStatus) {
      p.unit = "";
    }
    return true;
  }

  // --- worlds ------------------------------------------------------------------------------

  void read_worlds(const YAML::Node& node) {
    if (!node.IsSequence() || node.size() == 0) {
      error(node.Mark(), "worlds: expects a non-empty list of {name: ..., policy: {...}} or {name: ..., scenario: FILE}",
            "worlds");
      return;
    }
    if (node.size() > options_.sweep_limits.max_worlds) {
      error(node.Mark(), "more than " + std::to_string(options_.sweep_limits.max_worlds) + " worlds", "worlds");
      return;
    }
    std::map<std::string, int> names;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string path = "worlds[" + std::to_string(i) + "]";
      const auto entries = strict_map(node[i], path, {"name", "policy", "scenario"}, "a world");
      if (!node[i].IsMap()) continue;
      SweepWorld world;
      world.where = at(file_, node[i].Mark());
      world.no_transit = base_->policy.no_transit;
      world.closed = base_->policy.closed;
      bool has_policy = false, has_scenario = false, has_name = false;
      for (const auto& e : entries) {
        if (e.key == "name") {
          const auto name = text_value(e.value, path + ".name");
          if (!name) continue;
          if (!is_valid_id(*name)) {
            error(e.value.Mark(), "a world name must be 1-64 characters from A-Z a-z 0-9 _ . : - starting with a letter or digit",
                  path + ".name");
            continue;
          }
          const auto [pos, fresh] = names.emplace(*name, e.value.Mark().line + 1);
          if (!fresh) {
            error(e.value.Mark(), "world '" + *name + "' is named twice (first on line " + std::to_string(pos->second) + ")",
                  path + ".name");
            continue;
          }
          world.name = *name;
          has_name = true;
        } else if (e.key == "policy") {
          has_policy = true;
          for (const auto& pe : strict_map(e.value, path + ".policy", {"no_transit", "closed"}, "a world's policy")) {
            if (pe.key == "no_transit") {
              world.no_transit.clear();
              for (const auto& [code, mark] : words(pe.value, path + ".policy.no_transit")) {
                const bool present = std::any_of(base_->places.begin(), base_->places.end(),
                                                 [&](const Place& pl) { return pl.country == code; });
                if (!present) {
                  error(mark, "'" + code + "' is not the country of any place in the base scenario", path + ".policy.no_transit");
                  continue;
                }
                world.no_transit.push_back(code);
              }
            } else {
              world.closed.clear();
              for (const auto& [id, mark] : words(pe.value, path + ".policy.closed")) {
                if (base_->find_link(id) < 0 && base_->find_transfer(id) < 0 && base_->find_crossing(id) < 0) {
                  std::vector<std::string> ids = ids_of(base_->links);
                  for (const auto& t : base_->transfers) ids.push_back(t.id);
                  for (const auto& c : base_->crossings) ids.push_back(c.id);
                  std::string message = "'" + id + "' is not a link, transfer or crossing of the base scenario";
                  if (auto hint = closest_match(id, ids)) message += "; did you mean '" + *hint + "'?";
                  error(mark, message, path + ".policy.closed");
                  continue;
                }
                world.closed.push_back(id);
              }
            }
          }
        } else {
          has_scenario = true;
          auto scenario = load_relative(e.value, path + ".scenario");
          if (!scenario) continue;
          world.scenario_file = e.value.Scalar();
          const std::string difference = scenario_difference(*base_, *scenario);
          if (!difference.empty()) {
            error(e.value.Mark(), "world scenario '" + world.scenario_file + "' differs from the base in " + difference +
                                      "; worlds may differ from the base only in policy (no_transit, closed)",
                  path + ".scenario");
            continue;
          }
          world.no_transit = scenario->policy.no_transit;
          world.closed = scenario->policy.closed;
        }
      }
      if (!has_name) error(node[i].Mark(), "a world needs a 'name'", path);
      if (has_policy && has_scenario) error(node[i].Mark(), "give a world either 'policy' or 'scenario', not both", path);
      std::sort(world.no_transit.begin(), world.no_transit.end());
      world.no_transit.erase(std::unique(world.no_transit.begin(), world.no_transit.end()), world.no_transit.end());
      spec_.worlds.push_back(std::move(world));
    }
  }

  // --- outputs -----------------------------------------------------------------------------

  OutputSelection selection(const YAML::Node& node, const std::string& path, const std::vector<std::string>& ids,
                            const std::string& kind) {
    OutputSelection out;
    if (node.IsScalar()) {
      const std::string v = node.Scalar();
      if (v == "all") { out.all = true; return out; }
      if (v == "none") return out;
    }
    if (!node.IsSequence()) {
      error(node.Mark(), path + ": expects all, none, or a list of " + kind + " ids", path);
      return out;
    }
    for (const auto& [id, mark] : words(node, path)) {
      const auto it = std::find(ids.begin(), ids.end(), id);
      if (it == ids.end()) {
        std::string message = "no " + kind + " '" + id + "' in the base scenario";
        if (auto hint = closest_match(id, ids)) message += "; did you mean '" + *hint + "'?";
        error(mark, message, path);
        continue;
      }
      const int index = static_cast<int>(it - ids.begin());
      if (std::find(out.elements.begin(), out.elements.end(), index) == out.elements.end()) out.elements.push_back(index);
    }
    std::sort(out.elements.begin(), out.elements.end());
    return out;
  }

  bool flag(const YAML::Node& node, const std::string& path, bool fallback) {
    const auto v = text_value(node, path);
    if (!v) return fallback;
    if (*v == "true") return true;
    if (*v == "false") return false;
    error(node.Mark(), "expected true or false, got '" + *v + "'", path);
    return fallback;
  }

  void read_outputs(const YAML::Node& node, bool given) {
    SweepOutputs& o = spec_.outputs;
    const Scenario& s = *base_;
    if (!given) {
      // Everything the base can answer: route capacities if it asks route questions, the
      // routing outputs if it has demands.
      o.route_capacity.all = !s.routes.empty();
      o.bottleneck = !s.routes.empty();
      const bool demands = !s.demands.empty();
      o.crossing_flow.all = o.transfer_flow.all = o.cost_per_tonne.all = o.unserved.all = o.total_cost = demands;
      if (!o.route_capacity.any() && !demands) {
        sink_.error({file_, 1, 1}, "the base scenario has neither routes nor demands: a sweep would record nothing");
      }
      return;
    }
    static const std::vector<std::string> keys = {"route_capacity", "bottleneck", "route_cost", "crossing_flow",
                                                  "transfer_flow", "link_flow", "cost_per_tonne", "unserved",
                                                  "total_cost"};
    o.bottleneck = false;
    o.total_cost = false;
    for (const auto& e : strict_map(node, "outputs", keys, "outputs")) {
      const std::string path = "outputs." + e.key;
      if (e.key == "route_capacity") o.route_capacity = selection(e.value, path, ids_of(s.routes), "route");
      else if (e.key == "bottleneck") o.bottleneck = flag(e.value, path, false);
      else if (e.key == "route_cost") o.route_cost = flag(e.value, path, false);
      else if (e.key == "crossing_flow") o.crossing_flow = selection(e.value, path, ids_of(s.crossings), "crossing");
      else if (e.key == "transfer_flow") o.transfer_flow = selection(e.value, path, ids_of(s.transfers), "transfer");
      else if (e.key == "link_flow") o.link_flow = selection(e.value, path, ids_of(s.links), "link");
      else if (e.key == "cost_per_tonne") o.cost_per_tonne = selection(e.value, path, ids_of(s.demands), "demand");
      else if (e.key == "unserved") o.unserved = selection(e.value, path, ids_of(s.demands), "demand");
      else if (e.key == "total_cost") o.total_cost = flag(e.value, path, false);
    }
    if ((o.bottleneck || o.route_cost) && !o.route_capacity.any()) {
      error(node.Mark(), "bottleneck and route_cost describe route capacities; add route_capacity", "outputs");
    }
    if (!o.route_capacity.any() && !o.routing()) error(node.Mark(), "outputs: nothing to record", "outputs");
    if (o.routing() && s.demands.empty()) {
      error(node.Mark(), "flows, costs, unserved tonnes and total_cost come from routing the demands, and the base scenario has none",
            "outputs");
    }
    if (o.route_capacity.any() && s.routes.empty()) {
      error(node.Mark(), "route_capacity: the base scenario defines no routes", "outputs.route_capacity");
    }
  }

  void read_solver(const YAML::Node& node) {
    for (const auto& e : strict_map(node, "solver", {"max_iterations", "max_seconds"}, "solver")) {
      if (e.key == "max_iterations") {
        spec_.limits.max_iterations = static_cast<int>(unsigned_value(e.value, "solver.max_iterations", 1, 100000000).value_or(1000000));
      } else {
        spec_.limits.max_seconds = static_cast<double>(unsigned_value(e.value, "solver.max_seconds", 1, 86400).value_or(60));
      }
    }
  }

  // --- cross checks ------------------------------------------------------------------------

  void check_design(const YAML::Mark& design_mark) {
    const auto& ps = spec_.parameters;
    if (ps.empty()) return;
    // A link whose crossing is closed for good in the data opens only if the crossing's status is swept too.
    for (const auto& p : ps) {
      if (p.target != ParameterTarget::LinkStatus) continue;
      const Link& link = base_->links[static_cast<std::size_t>(p.element)];
      if (link.crossing < 0) continue;
      const Crossing& crossing = base_->crossings[static_cast<std::size_t>(link.crossing)];
      const bool swept = std::any_of(ps.begin(), ps.end(), [&](const SweepParameter& q) {
        return q.target == ParameterTarget::CrossingStatus && q.element == link.crossing;
      });
      if (crossing.status != Status::Open && !swept) {
        sink_.error(p.where, "'" + p.path + "': the link's crossing '" + crossing.id + "' is " +
                                 to_string(crossing.status) + " in the data; sweep crossings." + crossing.id +
                                 ".status too", "parameters");
      }
    }
    switch (spec_.design) {
      case DesignType::Zip: {
        const std::size_t n = ps.front().value_count();
        for (const auto& p : ps) {
          if (p.continuous) {
            sink_.error(p.where, "a zip design takes values: lists of equal length, not ranges", "parameters");
          } else if (p.value_count() != n) {
            sink_.error(p.where, "zip: '" + p.path + "' has " + std::to_string(p.value_count()) + " values, '" +
                                     ps.front().path + "' has " + std::to_string(n) + "; lists must be equally long",
                        "parameters");
          }
        }
        break;
      }
      case DesignType::Sobol:
        if (2 * ps.size() > 3667) error(design_mark, "Sobol designs take at most 1833 parameters", "design");
        break;
      default: break;
    }
    if (spec_.design != DesignType::Grid) {
      for (const auto& p : ps) {
        if (p.levels > 0) sink_.error(p.where, "'levels' applies to grid designs", "parameters");
      }
    }
  }

  void check_transit_switches() {
    std::size_t switches = 0;
    for (const auto& p : spec_.parameters) {
      if (p.target != ParameterTarget::Transit) continue;
      ++switches;
      // A switch on what already tells the worlds apart would make them identical.
      for (std::size_t i = 1; i < spec_.worlds.size(); ++i) {
        const auto& a = spec_.worlds[0].no_transit;
        const auto& b = spec_.worlds[i].no_transit;
        const bool in_a = std::find(a.begin(), a.end(), p.country) != a.end();
        const bool in_b = std::find(b.begin(), b.end(), p.country) != b.end();
        if (in_a != in_b) {
          sink_.error(p.where, "'" + p.path + "' is what distinguishes worlds '" + spec_.worlds[0].name + "' and '" +
                                   spec_.worlds[i].name + "'; a switch on it would make them identical",
                      "parameters");
        }
      }
    }
    if (switches > options_.sweep_limits.max_transit_switches) {
      sink_.error({file_, 1, 1}, "more than " + std::to_string(options_.sweep_limits.max_transit_switches) +
                                     " policy.transit switches", "parameters");
    }
  }

  const SweepLoadOptions& options_;
  DiagnosticSink& sink_;
  std::string file_;
  SweepSpec spec_;
  std::shared_ptr<const Scenario> base_;
  std::string base_file_;
  std::vector<std::string> hashed_files_;
  std::set<std::string> misspelt_;  // required keys written with a typo (already reported)
};

}  // namespace

std::optional<std::uint64_t> count_variants(const SweepSpec& spec) {
  const std::uint64_t d = spec.parameters.size();
  std::uint64_t count = 1;
  switch (spec.design) {
    case DesignType::Grid:
      for (const auto& p : spec.parameters) {
        const std::uint64_t levels = p.continuous ? static_cast<std::uint64_t>(p.levels > 0 ? p.levels : spec.default_levels)
                                                  : p.value_count();
        if (!checked_multiply(count, levels, count)) return std::nullopt;
      }
      return count;
    case DesignType::Zip: return spec.parameters.empty() ? 0 : spec.parameters.front().value_count();
    case DesignType::Random:
    case DesignType::LatinHypercube: return spec.design_size;
    case DesignType::Sobol:
      if (!checked_multiply(spec.design_size, d + 2, count)) return std::nullopt;
      return count;
    case DesignType::Morris:
      if (!checked_multiply(spec.design_size, d + 1, count)) return std::nullopt;
      return count;
  }
  return std::nullopt;
}

SweepSpec load_sweep_spec(const std::string& path, const SweepLoadOptions& options) {
  DiagnosticSink sink;
  SweepSpec spec = SpecReader(options, sink).read(path);
  sink.throw_if_any();
  return spec;
}

}  // namespace borderflow
