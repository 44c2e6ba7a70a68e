#include "sweep/spec.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/hash.hpp"
#include "core/quantity.hpp"
#include "core/text.hpp"
#include "input/range.hpp"
#include "input/reader.hpp"
#include "input/yaml_guard.hpp"
#include "scenario/fields.hpp"
#include "scenario/loader.hpp"
#include "scenario/network_tables.hpp"

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

namespace {

namespace fs = std::filesystem;

bool checked_multiply(std::uint64_t a, std::uint64_t b, std::uint64_t& out) {
  if (a != 0 && b > UINT64_MAX / a) return false;
  out = a * b;
  return true;
}

const std::vector<std::string> kTopKeys = {"borderflow-sweep", "name",       "description", "base",
                                           "seed",             "max_variants", "design",    "block_size",
                                           "parameters",       "scenario_ranges", "worlds", "outputs",
                                           "solver"};
const std::vector<std::string> kDesignTypes = {"grid", "zip", "random", "latin_hypercube", "sobol", "morris"};

/// The parameter's target, element, dimension and unit from a resolved field.
void set_field(SweepParameter& p, const FieldRef& ref) {
  const VariableField& field = ref.field();
  p.target = ref.id;
  p.element = ref.element;
  p.country = ref.country;
  p.text = field.kind == FieldKind::Status;
  p.dimension = field.dimension;
  p.unit = field.kind == FieldKind::Quantity ? std::string(internal_unit(field.dimension)) : std::string();
}

class SpecReader {
 public:
  SpecReader(const SweepLoadOptions& options, DiagnosticSink& sink)
      : options_(options), sink_(sink), read_(sink), source_(std::make_shared<CachingSource>(options.source)) {}

  SweepSpec read(const std::string& path) {
    file_ = path;
    spec_.file = path;
    spec_.text = source_->read(path, options_.limits);
    const YamlDocument document = parse_yaml_guarded(spec_.text, path, options_.limits);
    const Mapping top = read_.map(Reader::root(document.root, path), kTopKeys, "the sweep spec");
    // A misspelt required key is reported once, as misspelt, not again as missing.
    misspelt_ = top.misspelt;
    read_header(top);  // the base scenario first: parameters, worlds and outputs are resolved against it
    design_where_ = {path, 1, 1};
    if (const Entry* design = top.find("design")) {
      design_where_ = design->value.where;
      read_design(design->value);
    } else {
      missing("design", "missing required 'design' (type: " + join(kDesignTypes, " | ") + ")");
    }
    if (const Entry* parameters = top.find("parameters")) {
      read_parameters(parameters->value);
    } else if (!top.find("scenario_ranges")) {
      missing("parameters", "missing required 'parameters' (a list of {path: ..., range: [...]} or {path: ..., values: [...]})");
    }
    if (const Entry* ranges = top.find("scenario_ranges")) read_scenario_ranges(ranges->value);
    if (const Entry* worlds = top.find("worlds")) {
      read_worlds(worlds->value);
    } else {
      SweepWorld world;
      world.name = "base";
      world.no_transit = base_->policy.no_transit;
      world.closed = base_->policy.closed;
      world.where = {path, 1, 1};
      spec_.worlds.push_back(world);
    }
    read_outputs(top.find("outputs"));
    if (const Entry* solver = top.find("solver")) read_solver(solver->value);

    check_design();
    check_transit_switches();
    sink_.throw_if_any();
    size_blocks(top.find("block_size"));
    sink_.throw_if_any();
    spec_.hash = digest();
    return std::move(spec_);
  }

 private:
  void missing(const std::string& key, const std::string& message) {
    if (!misspelt_.count(key)) sink_.error({file_, 1, 1}, message);
  }

  void read_header(const Mapping& top) {
    if (const Entry* version = top.find("borderflow-sweep")) {
      if (!version->value.node.IsScalar() || version->value.node.Scalar() != "1") {
        read_.error(version->value, "unsupported sweep format version; this engine reads 'borderflow-sweep: 1'");
      }
    } else {
      sink_.error({file_, 1, 1}, "missing 'borderflow-sweep: 1' (the format version) at the top of the file");
    }
    if (const Entry* name = top.find("name")) spec_.name = read_.scalar(name->value).value_or("");
    if (spec_.name.empty()) spec_.name = fs::path(file_).stem().string();
    if (const Entry* description = top.find("description")) {
      spec_.description = read_.scalar(description->value).value_or("");
    }
    const Entry* base = top.find("base");
    if (!base) {
      missing("base", "missing required 'base' (the scenario file the sweep varies, relative to this file)");
      sink_.throw_if_any();
    }
    base_ = load_relative(base->value);
    if (!base_) sink_.throw_if_any();
    spec_.base = base_;
    spec_.base_file = base_file_;
    if (const Entry* seed = top.find("seed")) {
      spec_.seed = read_.whole_number(seed->value, 0, UINT64_MAX).value_or(0);
    } else {
      missing("seed", "missing required 'seed' (a whole number; the same seed gives the same variants)");
    }
    spec_.max_variants = options_.sweep_limits.default_max_variants;
    if (const Entry* max = top.find("max_variants")) {
      spec_.max_variants =
          read_.whole_number(max->value, 1, options_.sweep_limits.max_variants_ceiling).value_or(spec_.max_variants);
    }
  }

  /// Counts the variants against the cap (nothing is expanded before it passes), then sizes blocks.
  void size_blocks(const Entry* block_size) {
    const auto count = count_variants(spec_);
    if (!count) {
      sink_.error(design_where_, "the design expands to more than 2^64 variants; max_variants is " +
                                     std::to_string(spec_.max_variants), "design");
    } else if (*count > spec_.max_variants) {
      sink_.error(design_where_, "the design expands to " + format_grouped(static_cast<double>(*count)) +
                                     " variants, more than max_variants (" +
                                     format_grouped(static_cast<double>(spec_.max_variants)) +
                                     "); shrink the design or raise max_variants (at most " +
                                     format_grouped(static_cast<double>(options_.sweep_limits.max_variants_ceiling)) + ")",
                  "design");
    } else if (*count == 0) {
      sink_.error(design_where_, "the design expands to no variants", "design");
    } else {
      spec_.variant_count = *count;
    }
    if (block_size) {
      spec_.block_size = read_.whole_number(block_size->value, 1, options_.sweep_limits.max_block_size).value_or(0);
    }
    if (spec_.block_size == 0 && spec_.variant_count > 0) {
      // Enough blocks to keep every thread busy on small sweeps, few enough that each block's
      // fresh solver start is amortised on large ones.
      spec_.block_size = std::clamp<std::uint64_t>((spec_.variant_count + 63) / 64, 8, 256);
    }
  }

  /// Hex digest of the spec text and every scenario file it read, as read (the caching source
  /// holds the bytes the loader parsed). A network in tables (`extends: net/`, `net.gpkg`) is read
  /// by GDAL from disk, not through the source: its table files' bytes are read here, so a
  /// changed cell changes the digest too. Each input's own digest is kept in spec_.inputs, so
  /// that a refused resume can name the input that changed.
  std::string digest() {
    std::uint64_t digest = fnv1a64("borderflow-sweep/1\n");
    digest = fnv1a64(spec_.text, digest);
    spec_.inputs.push_back({spec_.file, hex(fnv1a64(spec_.text))});
    auto add = [&](const std::string& file, const std::string& bytes) {
      digest = fnv1a64(std::string(1, '\0'), digest);
      digest = fnv1a64(bytes, digest);
      spec_.inputs.push_back({file, hex(fnv1a64(bytes))});
    };
    for (const auto& file : hashed_files_) {
      if (!is_network_tables(file)) {
        add(file, source_->read(file, options_.limits));
        continue;
      }
      for (const auto& table : network_table_files(file)) add(table, read_table_file(table));
    }
    return hex(digest);
  }

  static std::string hex(std::uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
  }

  /// A table file's bytes, whatever its size: the loader already read it (GDAL applies the
  /// tables' own limits), so the file-size limit of YAML inputs does not apply here.
  static std::string read_table_file(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    if (in) bytes << in.rdbuf();
    if (!in || in.bad()) throw InputError(SourceLocation{file, 0, 0}, "cannot read the table to take its digest");
    return bytes.str();
  }

  /// A scenario file named relative to the spec, confined like extends: (relative path, no
  /// escape above the parent of the spec's folder). Loaded with the scenario loader.
  std::shared_ptr<const Scenario> load_relative(const Field& field) {
    const auto target = read_.scalar(field);
    if (!target) return nullptr;
    static const std::string outside =
        "the spec's tree; only files below the parent of the spec's folder can be used";
    const auto resolved = read_.relative_file(field, {confinement_root(file_), "the spec file", outside});
    if (!resolved) return nullptr;
    try {
      LoadOptions load_options;
      load_options.limits = options_.limits;
      load_options.source = source_;
      auto scenario = std::make_shared<Scenario>(load_scenario(*resolved, load_options));
      for (const auto& f : scenario->files) {
        if (std::find(hashed_files_.begin(), hashed_files_.end(), f) == hashed_files_.end()) hashed_files_.push_back(f);
      }
      if (field.path == "base") base_file_ = *resolved;
      return scenario;
    } catch (const InputError& e) {
      for (const auto& d : e.diagnostics()) sink_.error(d.where, d.message, d.yaml_path);
      read_.error(field, field.path + ": '" + *target + "' could not be loaded");
      return nullptr;
    }
  }

  // --- design ------------------------------------------------------------------------------

  void read_design(const Field& node) {
    const Mapping fields = read_.map(node, {"type", "variants", "base_points", "trajectories", "levels"}, "design");
    const Entry* type_entry = fields.find("type");
    if (!type_entry) {
      read_.error(node, "design: missing required 'type' (" + join(kDesignTypes, " | ") + ")");
      return;
    }
    const auto type = read_.choice(type_entry->value, kDesignTypes, "a design type");
    if (!type) return;
    spec_.design = static_cast<DesignType>(std::find(kDesignTypes.begin(), kDesignTypes.end(), *type) - kDesignTypes.begin());
    const std::string size_key = spec_.design == DesignType::Random || spec_.design == DesignType::LatinHypercube ? "variants"
                                 : spec_.design == DesignType::Sobol                                              ? "base_points"
                                 : spec_.design == DesignType::Morris ? "trajectories"
                                                                      : "";
    for (const auto& [key, key_where, value] : fields.entries) {
      if (key == "type") continue;
      if (key == "levels") {
        read_design_levels(key_where, value);
      } else if (key != size_key) {
        sink_.error(key_where, "'" + key + "' does not apply to a " + *type + " design" +
                                   (size_key.empty() ? std::string() : "; it takes '" + size_key + "'"),
                    value.path);
      } else {
        spec_.design_size = read_.whole_number(value, 1, options_.sweep_limits.max_variants_ceiling).value_or(0);
      }
    }
    if (!size_key.empty() && !fields.find(size_key)) read_.error(node, "a " + *type + " design needs '" + size_key + "'");
  }

  void read_design_levels(const SourceLocation& key_where, const Field& value) {
    if (spec_.design == DesignType::Grid) {
      spec_.default_levels = static_cast<int>(read_.whole_number(value, 1, 100000).value_or(3));
    } else if (spec_.design == DesignType::Morris) {
      const auto levels = read_.whole_number(value, 2, 1000);
      if (levels && *levels % 2 != 0) {
        read_.error(value, "Morris levels must be even (the step is levels / (2 (levels - 1)))");
      } else if (levels) {
        spec_.morris_levels = static_cast<int>(*levels);
      }
    } else {
      sink_.error(key_where, "'levels' applies to grid and morris designs only", value.path);
    }
  }

  // --- parameters --------------------------------------------------------------------------

  void read_parameters(const Field& node) {
    if (!node.node.IsSequence()) {
      read_.error(node, "parameters: expects a list, each item starting with '- path: ...'");
      return;
    }
    if (node.node.size() > options_.sweep_limits.max_parameters) {
      read_.error(node, "more than " + std::to_string(options_.sweep_limits.max_parameters) + " parameters");
      return;
    }
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < node.node.size(); ++i) {
      const Field item = Reader::item(node, i);
      auto parameter = read_parameter(item);
      if (!parameter) continue;
      const auto [pos, fresh] = seen.emplace(parameter->path, parameter->where.line);
      if (!fresh) {
        sink_.error(parameter->where, "parameter '" + parameter->path + "' is given twice (first on line " +
                                          std::to_string(pos->second) + ")", item.path + ".path");
        continue;
      }
      spec_.parameters.push_back(std::move(*parameter));
    }
  }

  std::optional<SweepParameter> read_parameter(const Field& node) {
    const Mapping fields = read_.map(node, {"path", "range", "values", "distribution", "mode", "levels"}, "a parameter");
    if (!node.node.IsMap()) return std::nullopt;
    const Entry* path = fields.find("path");
    if (!path) {
      read_.error(node, "missing required 'path' (e.g. links.<id>.capacity)");
      return std::nullopt;
    }
    const auto text = read_.scalar(path->value);
    if (!text) return std::nullopt;
    SweepParameter p;
    p.path = *text;
    p.where = path->value.where;
    const auto field = resolve_field(*base_, {p.path, p.where, path->value.path}, read_, "the base scenario");
    if (!field) return std::nullopt;
    set_field(p, *field);
    const UnitContext context = unit_context(*base_, *field);

    const Entry* range = fields.find("range");
    const Entry* values = fields.find("values");
    const bool is_switch = p.target == ParameterTarget::Transit || p.text;
    if (!range == !values) {
      read_.error(node, std::string(range ? "give either 'range' or 'values', not both"
                                          : "missing 'range: [LOW, HIGH]' or 'values: [...]'") +
                            (is_switch ? " (this parameter takes values)" : ""));
      return std::nullopt;
    }
    for (const auto& key : {"distribution", "mode"}) {
      const Entry* entry = fields.find(key);
      if (entry && !range) sink_.error(entry->key_where, std::string("'") + key + "' applies to a range", entry->value.path);
    }
    if (range && is_switch) {
      sink_.error(range->key_where, "'" + p.path + "' is a switch; give values: " +
                                        (p.text ? std::string("[open, closed]") : std::string("[0, 1]")),
                  range->value.path);
      return std::nullopt;
    }
    if (range) {
      const auto spec = read_range(read_, node, fields, p.dimension, context, Sign::ZeroOrMore);
      if (!spec) return std::nullopt;
      p.continuous = true;
      p.low = spec->low;
      p.high = spec->high;
      p.mode = spec->mode;
      p.distribution = spec->distribution;
    } else if (!read_values(p, values->value, context)) {
      return std::nullopt;
    }
    if (const Entry* levels = fields.find("levels")) {
      if (!range) {
        sink_.error(levels->key_where, "'levels' applies to a range (a list's levels are its values)", levels->value.path);
      } else {
        p.levels = static_cast<int>(read_.whole_number(levels->value, 1, 100000).value_or(0));
      }
    }
    return p;
  }

  /// A parameter's values: list, each a status, a switch or a quantity. False when any is unusable.
  bool read_values(SweepParameter& p, const Field& values, const UnitContext& context) {
    if (!values.node.IsSequence() || values.node.size() == 0) {
      read_.error(values, "values: expects a non-empty list");
      return false;
    }
    if (values.node.size() > options_.sweep_limits.max_values) {
      read_.error(values, "more than " + std::to_string(options_.sweep_limits.max_values) + " values");
      return false;
    }
    for (std::size_t i = 0; i < values.node.size(); ++i) {
      const Field item = Reader::item(values, i);
      if (p.text) {
        if (auto v = read_.choice(item, {"open", "closed"}, "a status; use open or closed")) p.labels.push_back(*v);
      } else if (p.target == ParameterTarget::Transit) {
        const auto v = read_.scalar(item);
        if (!v) continue;
        if (*v != "0" && *v != "1") {
          read_.error(item, "policy.transit switches take 0 (no transit) or 1 (transit allowed), got '" + *v + "'");
          continue;
        }
        p.numbers.push_back(*v == "1" ? 1.0 : 0.0);
        p.labels.push_back(*v);
      } else if (auto v = read_.quantity(item, p.dimension, context)) {
        p.numbers.push_back(*v);
        p.labels.push_back(item.node.Scalar());
      }
    }
    return p.value_count() == values.node.size();
  }

  /// Ranges written on the base scenario's fields become parameters (after the spec's own, which
  /// win when both name the same path): all, none, or the listed paths.
  void read_scenario_ranges(const Field& node) {
    const auto& ranges = base_->ranges;
    std::vector<std::string> paths;
    for (const auto& r : ranges) paths.push_back(field_path(*base_, r.field));
    std::vector<bool> wanted(ranges.size(), node.node.IsScalar() && node.node.Scalar() == "all");
    if (!(node.node.IsScalar() && (node.node.Scalar() == "all" || node.node.Scalar() == "none"))) {
      for (const auto& path : read_.words(node, ListItems::Values)) {
        if (auto i = read_.lookup_id(path, paths, "the base scenario writes no range on '" + path.text + "'")) {
          wanted[*i] = true;
        }
      }
    }
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      const std::string& path = paths[i];
      const bool given = std::any_of(spec_.parameters.begin(), spec_.parameters.end(),
                                     [&path](const SweepParameter& q) { return q.path == path; });
      if (!wanted[i] || given) continue;
      if (spec_.parameters.size() >= options_.sweep_limits.max_parameters) {
        read_.error(node, "more than " + std::to_string(options_.sweep_limits.max_parameters) + " parameters");
        return;
      }
      SweepParameter p;
      p.path = path;
      p.where = ranges[i].where;
      p.origin = "scenario";
      set_field(p, ranges[i].field);
      p.continuous = true;
      p.low = ranges[i].range.low;
      p.high = ranges[i].range.high;
      p.mode = ranges[i].range.mode;
      p.distribution = ranges[i].range.distribution;
      spec_.parameters.push_back(std::move(p));
    }
  }


  // --- worlds ------------------------------------------------------------------------------

  void read_worlds(const Field& node) {
    if (!node.node.IsSequence() || node.node.size() == 0) {
      read_.error(node, "worlds: expects a non-empty list of {name: ..., policy: {...}} or {name: ..., scenario: FILE}");
      return;
    }
    if (node.node.size() > options_.sweep_limits.max_worlds) {
      read_.error(node, "more than " + std::to_string(options_.sweep_limits.max_worlds) + " worlds");
      return;
    }
    std::map<std::string, int> names;
    for (std::size_t i = 0; i < node.node.size(); ++i) {
      const Field item = Reader::item(node, i);
      const Mapping fields = read_.map(item, {"name", "policy", "scenario"}, "a world");
      if (!item.node.IsMap()) continue;
      SweepWorld world;
      world.where = item.where;
      world.no_transit = base_->policy.no_transit;
      world.closed = base_->policy.closed;
      if (const Entry* name = fields.find("name")) world.name = world_name(name->value, names);
      if (world.name.empty()) read_.error(item, "a world needs a 'name'");
      const Entry* policy = fields.find("policy");
      const Entry* scenario = fields.find("scenario");
      if (policy) read_world_policy(policy->value, world);
      if (scenario) read_world_scenario(scenario->value, world);
      if (policy && scenario) read_.error(item, "give a world either 'policy' or 'scenario', not both");
      std::sort(world.no_transit.begin(), world.no_transit.end());
      world.no_transit.erase(std::unique(world.no_transit.begin(), world.no_transit.end()), world.no_transit.end());
      spec_.worlds.push_back(std::move(world));
    }
  }

  /// A world's name, checked and unique; "" after reporting a problem.
  std::string world_name(const Field& node, std::map<std::string, int>& names) {
    const auto text = read_.scalar(node);
    if (!text) return {};
    if (!is_valid_id(*text)) {
      read_.error(node, "a world name must be 1-64 characters from A-Z a-z 0-9 _ . : - starting with a letter or digit");
      return {};
    }
    const auto [pos, fresh] = names.emplace(*text, node.where.line);
    if (!fresh) {
      read_.error(node, "world '" + *text + "' is named twice (first on line " + std::to_string(pos->second) + ")");
      return {};
    }
    return *text;
  }

  void read_world_policy(const Field& node, SweepWorld& world) {
    const Mapping policy = read_.map(node, {"no_transit", "closed"}, "a world's policy");
    if (const Entry* no_transit = policy.find("no_transit")) {
      world.no_transit.clear();
      for (const auto& code : read_.words(no_transit->value, ListItems::Values)) {
        if (base_->has_country(code.text)) world.no_transit.push_back(code.text);
        else read_.error(code, "'" + code.text + "' is not the country of any place in the base scenario");
      }
    }
    if (const Entry* closed = policy.find("closed")) {
      world.closed.clear();
      const std::vector<std::string> closable = base_->closable_ids();
      for (const auto& id : read_.words(closed->value, ListItems::Values)) {
        if (read_.lookup_id(id, closable, "'" + id.text + "' is not a link, transfer or crossing of the base scenario")) {
          world.closed.push_back(id.text);
        }
      }
    }
  }

  void read_world_scenario(const Field& node, SweepWorld& world) {
    const auto scenario = load_relative(node);
    if (!scenario) return;
    world.scenario_file = node.node.Scalar();
    std::string difference;
    if (!same_network(*base_, *scenario, &difference)) {
      read_.error(node, "world scenario '" + world.scenario_file + "' differs from the base in " + difference +
                            "; worlds may differ from the base only in policy (no_transit, closed)");
      return;
    }
    world.no_transit = scenario->policy.no_transit;
    world.closed = scenario->policy.closed;
  }

  // --- outputs -----------------------------------------------------------------------------

  OutputSelection selection(const Field& node, const std::vector<std::string>& ids, const std::string& kind) {
    OutputSelection out;
    if (node.node.IsScalar()) {
      const std::string v = node.node.Scalar();
      if (v == "all") {
        out.all = true;
        return out;
      }
      if (v == "none") return out;
    }
    if (!node.node.IsSequence()) {
      read_.error(node, node.path + ": expects all, none, or a list of " + kind + " ids");
      return out;
    }
    for (const auto& id : read_.words(node, ListItems::Values)) {
      const auto index = read_.lookup_id(id, ids, "no " + kind + " '" + id.text + "' in the base scenario");
      if (index && std::find(out.elements.begin(), out.elements.end(), *index) == out.elements.end()) {
        out.elements.push_back(static_cast<int>(*index));
      }
    }
    std::sort(out.elements.begin(), out.elements.end());
    return out;
  }

  bool flag(const Field& node) {
    const auto v = read_.scalar(node);
    if (!v) return false;
    if (*v == "true") return true;
    if (*v != "false") read_.error(node, "expected true or false, got '" + *v + "'");
    return false;
  }

  void read_outputs(const Entry* given) {
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
    const Field& node = given->value;
    o.bottleneck = false;
    o.total_cost = false;
    const Mapping outputs = read_.map(node, keys, "outputs");
    for (const auto& [key, key_where, value] : outputs.entries) {
      if (key == "route_capacity") o.route_capacity = selection(value, ids_of(s.routes), "route");
      else if (key == "bottleneck") o.bottleneck = flag(value);
      else if (key == "route_cost") o.route_cost = flag(value);
      else if (key == "crossing_flow") o.crossing_flow = selection(value, ids_of(s.crossings), "crossing");
      else if (key == "transfer_flow") o.transfer_flow = selection(value, ids_of(s.transfers), "transfer");
      else if (key == "link_flow") o.link_flow = selection(value, ids_of(s.links), "link");
      else if (key == "cost_per_tonne") o.cost_per_tonne = selection(value, ids_of(s.demands), "demand");
      else if (key == "unserved") o.unserved = selection(value, ids_of(s.demands), "demand");
      else if (key == "total_cost") o.total_cost = flag(value);
    }
    if ((o.bottleneck || o.route_cost) && !o.route_capacity.any()) {
      read_.error(node, "bottleneck and route_cost describe route capacities; add route_capacity");
    }
    if (!o.route_capacity.any() && !o.routing()) read_.error(node, "outputs: nothing to record");
    if (o.routing() && s.demands.empty()) {
      read_.error(node, "flows, costs, unserved tonnes and total_cost come from routing the demands, and the base scenario has none");
    }
    if (o.route_capacity.any() && s.routes.empty()) {
      sink_.error(node.where, "route_capacity: the base scenario defines no routes", "outputs.route_capacity");
    }
  }

  void read_solver(const Field& node) {
    const Mapping solver = read_.map(node, {"max_iterations", "max_seconds"}, "solver");
    for (const auto& [key, key_where, value] : solver.entries) {
      if (key == "max_iterations") {
        spec_.limits.max_iterations = static_cast<int>(read_.whole_number(value, 1, 100000000).value_or(1000000));
      } else {
        spec_.limits.max_seconds = static_cast<double>(read_.whole_number(value, 1, 86400).value_or(60));
      }
    }
  }

  // --- cross checks ------------------------------------------------------------------------

  void check_design() {
    const auto& ps = spec_.parameters;
    if (ps.empty()) return;
    // A link whose crossing is closed for good in the data opens only if the crossing's status is swept too.
    for (const auto& p : ps) {
      if (p.target != ParameterTarget::LinkStatus) continue;
      const Link& link = base_->links[static_cast<std::size_t>(p.element)];
      if (link.crossing < 0) continue;
      const Crossing& crossing = base_->crossings[static_cast<std::size_t>(link.crossing)];
      const int crossing_index = link.crossing;
      const bool swept = std::any_of(ps.begin(), ps.end(), [crossing_index](const SweepParameter& q) {
        return q.target == ParameterTarget::CrossingStatus && q.element == crossing_index;
      });
      if (crossing.status != Status::Open && !swept) {
        sink_.error(p.where, "'" + p.path + "': the link's crossing '" + crossing.id + "' is " +
                                 to_string(crossing.status) + " in the data; sweep crossings." + crossing.id +
                                 ".status too", "parameters");
      }
    }
    if (spec_.design == DesignType::Zip) {
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
    }
    if (spec_.design == DesignType::Sobol && 2 * ps.size() > 3667) {
      sink_.error(design_where_, "Sobol designs take at most 1833 parameters", "design");
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
  Reader read_;
  /// Every file of the spec is read once, through this: the digest sees the bytes that were parsed.
  std::shared_ptr<const InputSource> source_;
  std::string file_;
  SweepSpec spec_;
  std::shared_ptr<const Scenario> base_;
  std::string base_file_;
  std::vector<std::string> hashed_files_;
  SourceLocation design_where_;
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
