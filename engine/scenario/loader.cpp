#include "scenario/loader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "core/quantity.hpp"
#include "core/text.hpp"
#include "scenario/yaml_guard.hpp"

namespace borderflow {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Stage 1: raw documents. Each file is read into elements keyed by id, with every field keeping
// the node and the place it was written, then merged over the file it extends.

struct RawField {
  YAML::Node node;
  SourceLocation where;
  std::string path;
};

struct RawElement {
  std::string id;
  SourceLocation where;
  std::string path;
  std::vector<std::pair<std::string, RawField>> fields;

  const RawField* find(const std::string& key) const {
    for (const auto& [name, field] : fields)
      if (name == key) return &field;
    return nullptr;
  }
  void set(const std::string& key, RawField field) {
    for (auto& [name, existing] : fields) {
      if (name == key) {
        existing = std::move(field);
        return;
      }
    }
    fields.emplace_back(key, std::move(field));
  }
};

struct RawSection {
  std::vector<RawElement> elements;
  std::map<std::string, std::size_t> index;
};

struct RawScenario {
  std::vector<std::string> files;
  std::optional<RawField> name, description;
  std::map<std::string, RawField> speed;  // defaults.speed.<mode>
  std::map<std::string, RawSection> sections;
  std::optional<RawField> policy_closed, policy_no_transit;
};

const std::vector<std::string> kSectionNames = {"sources", "places", "links", "transfers", "crossings",
                                                "commodities", "demands", "routes"};

const std::map<std::string, std::vector<std::string>>& section_keys() {
  static const std::map<std::string, std::vector<std::string>> keys = {
      {"sources", {"id", "title", "publisher", "date", "url"}},
      {"places", {"id", "name", "country", "kind", "lat", "lon", "source", "assumption"}},
      {"links",
       {"id", "name", "from", "to", "mode", "gauge", "length", "capacity", "cost", "cost_per_km", "transit",
        "direction", "status", "commodities", "source", "assumption"}},
      {"transfers",
       {"id", "name", "place", "from", "to", "method", "cost", "time", "capacity", "direction", "status", "source",
        "assumption"}},
      {"crossings", {"id", "name", "links", "capacity", "dwell", "cost", "status", "source", "assumption"}},
      {"commodities", {"id", "name", "class", "value", "bbl_per_t", "t_per_teu", "source", "assumption"}},
      {"demands",
       {"id", "name", "commodity", "from", "to", "from_countries", "to_countries", "quantity", "unserved_cost",
        "source", "assumption"}},
      {"routes",
       {"id", "name", "from", "to", "from_countries", "to_countries", "links", "countries", "commodity",
        "both_directions", "source", "assumption"}},
  };
  return keys;
}

const std::vector<std::string> kTopKeys = {"borderflow", "name", "description", "extends", "defaults", "policy",
                                           "sources", "places", "links", "transfers", "crossings", "commodities",
                                           "demands", "routes"};

SourceLocation at(const std::string& file, const YAML::Mark& mark) {
  return {file, mark.line + 1, mark.column + 1};
}

std::string unknown_key_message(const std::string& key, const std::vector<std::string>& allowed,
                                const std::string& where) {
  std::string message = "unknown key '" + key + "' in " + where;
  if (auto hint = closest_match(key, allowed)) {
    message += "; did you mean '" + *hint + "'?";
  } else {
    std::string list;
    for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
    message += "; expected one of: " + list;
  }
  return message;
}

/// Iterates a mapping once, rejecting duplicate and non-scalar keys; returns key -> (key mark, value).
std::vector<std::tuple<std::string, YAML::Mark, YAML::Node>> read_map(const YAML::Node& map, const std::string& file,
                                                                      const std::string& path, DiagnosticSink& sink) {
  std::vector<std::tuple<std::string, YAML::Mark, YAML::Node>> entries;
  std::map<std::string, int> first_line;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      sink.error(at(file, key.Mark()), "keys must be plain words", path);
      continue;
    }
    const std::string name = key.Scalar();
    const auto [pos, inserted] = first_line.emplace(name, key.Mark().line + 1);
    if (!inserted) {
      sink.error(at(file, key.Mark()), "duplicate key '" + name + "' (first given on line " +
                                           std::to_string(pos->second) + ")",
                 path.empty() ? name : path + "." + name);
      continue;
    }
    entries.emplace_back(name, key.Mark(), it->second);
  }
  return entries;
}

class RawReader {
 public:
  RawReader(const LoadOptions& options, DiagnosticSink& sink) : options_(options), sink_(sink) {}

  RawScenario read(const std::string& path, const std::string& top_root, int depth, std::vector<std::string>& chain) {
    RawScenario raw;
    const std::string canonical = fs::weakly_canonical(fs::path(path)).string();
    chain.push_back(canonical);
    const std::string text = options_.read_file(path, options_.limits);
    const YamlDocument document = parse_yaml_guarded(text, path, options_.limits);
    const auto entries = read_map(document.root, path, "", sink_);

    bool has_version = false;
    for (const auto& [key, mark, value] : entries) {
      if (key == "borderflow") {
        has_version = true;
        if (!value.IsScalar() || value.Scalar() != "1") {
          sink_.error(at(path, value.Mark()), "unsupported format version; this engine reads 'borderflow: 1'",
                      "borderflow");
        }
      }
    }
    if (!has_version) {
      sink_.error({path, 1, 1}, "missing 'borderflow: 1' (the format version) at the top of the file");
    }

    // extends: first, so this file's content lands on top.
    for (const auto& [key, mark, value] : entries) {
      if (key != "extends") continue;
      if (!value.IsScalar() || value.Scalar().empty()) {
        sink_.error(at(path, value.Mark()), "extends: expects a relative file path", "extends");
        continue;
      }
      const std::string target = value.Scalar();
      const fs::path target_path(target);
      if (target_path.is_absolute()) {
        sink_.error(at(path, value.Mark()), "extends: path must be relative to this file, got '" + target + "'",
                    "extends");
        continue;
      }
      const fs::path resolved = (fs::path(path).parent_path() / target_path).lexically_normal();
      const std::string resolved_canonical = fs::weakly_canonical(resolved).string();
      const std::string relative_to_root = fs::path(resolved_canonical).lexically_relative(top_root).string();
      if (relative_to_root.empty() || relative_to_root.rfind("..", 0) == 0) {
        sink_.error(at(path, value.Mark()),
                    "extends: '" + target + "' leaves the scenario tree (" + top_root +
                        "); only files beside or below the top scenario's parent folder can be extended",
                    "extends");
        continue;
      }
      if (std::find(chain.begin(), chain.end(), resolved_canonical) != chain.end()) {
        sink_.error(at(path, value.Mark()), "extends: cycle: '" + target + "' is already being loaded", "extends");
        continue;
      }
      if (depth + 1 > options_.limits.max_extends_depth) {
        sink_.error(at(path, value.Mark()),
                    "extends: chain deeper than " + std::to_string(options_.limits.max_extends_depth) + " files",
                    "extends");
        continue;
      }
      try {
        raw = read(resolved.string(), top_root, depth + 1, chain);
      } catch (const InputError& error) {
        for (const auto& d : error.diagnostics()) sink_.error(d.where, d.message, d.yaml_path);
        sink_.error(at(path, value.Mark()), "extends: '" + target + "' could not be loaded", "extends");
      }
    }
    raw.files.insert(raw.files.begin(), path);

    for (const auto& [key, mark, value] : entries) {
      if (key == "borderflow" || key == "extends") continue;
      if (key == "name" || key == "description") {
        RawField field{value, at(path, value.Mark()), key};
        (key == "name" ? raw.name : raw.description) = field;
      } else if (key == "defaults") {
        read_defaults(value, path, raw);
      } else if (key == "policy") {
        read_policy(value, path, raw);
      } else if (section_keys().count(key)) {
        read_section(key, value, path, raw);
      } else {
        sink_.error(at(path, mark), unknown_key_message(key, kTopKeys, "the scenario"), key);
      }
    }
    chain.pop_back();
    return raw;
  }

 private:
  void read_defaults(const YAML::Node& node, const std::string& file, RawScenario& raw) {
    if (!node.IsMap()) {
      sink_.error(at(file, node.Mark()), "defaults: expects a mapping", "defaults");
      return;
    }
    for (const auto& [key, mark, value] : read_map(node, file, "defaults", sink_)) {
      if (key != "speed") {
        sink_.error(at(file, mark), unknown_key_message(key, {"speed"}, "defaults"), "defaults." + key);
        continue;
      }
      if (!value.IsMap()) {
        sink_.error(at(file, value.Mark()), "defaults.speed expects a mapping of mode to speed", "defaults.speed");
        continue;
      }
      for (const auto& [mode, mode_mark, speed] : read_map(value, file, "defaults.speed", sink_)) {
        static const std::vector<std::string> modes = {"rail", "road", "sea", "pipeline"};
        if (std::find(modes.begin(), modes.end(), mode) == modes.end()) {
          sink_.error(at(file, mode_mark), unknown_key_message(mode, modes, "defaults.speed"),
                      "defaults.speed." + mode);
          continue;
        }
        raw.speed[mode] = RawField{speed, at(file, speed.Mark()), "defaults.speed." + mode};
      }
    }
  }

  void read_policy(const YAML::Node& node, const std::string& file, RawScenario& raw) {
    if (!node.IsMap()) {
      sink_.error(at(file, node.Mark()), "policy: expects a mapping", "policy");
      return;
    }
    for (const auto& [key, mark, value] : read_map(node, file, "policy", sink_)) {
      RawField field{value, at(file, value.Mark()), "policy." + key};
      if (key == "closed") raw.policy_closed = field;
      else if (key == "no_transit") raw.policy_no_transit = field;
      else sink_.error(at(file, mark), unknown_key_message(key, {"closed", "no_transit"}, "policy"), "policy." + key);
    }
  }

  void read_section(const std::string& section, const YAML::Node& node, const std::string& file, RawScenario& raw) {
    if (!node.IsSequence()) {
      sink_.error(at(file, node.Mark()), section + ": expects a list of elements, each starting with '- id: ...'",
                  section);
      return;
    }
    const auto& allowed = section_keys().at(section);
    RawSection& target = raw.sections[section];
    std::map<std::string, int> ids_in_this_file;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node item = node[i];
      const std::string path = section + "[" + std::to_string(i) + "]";
      if (!item.IsMap()) {
        sink_.error(at(file, item.Mark()), "expected a mapping with an 'id'", path);
        continue;
      }
      RawElement element;
      element.where = at(file, item.Mark());
      element.path = path;
      bool has_id = false;
      for (const auto& [key, mark, value] : read_map(item, file, path, sink_)) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
          sink_.error(at(file, mark), unknown_key_message(key, allowed, section), path + "." + key);
          continue;
        }
        if (key == "id") {
          if (!value.IsScalar() || !is_valid_id(value.Scalar())) {
            sink_.error(at(file, value.Mark()),
                        "id must be 1-64 characters from A-Z a-z 0-9 _ . : - starting with a letter or digit",
                        path + ".id");
            continue;
          }
          element.id = value.Scalar();
          has_id = true;
          continue;
        }
        element.fields.emplace_back(key, RawField{value, at(file, value.Mark()), path + "." + key});
      }
      if (!has_id) {
        sink_.error(element.where, "missing 'id'", path);
        continue;
      }
      const auto [seen, fresh] = ids_in_this_file.emplace(element.id, element.where.line);
      if (!fresh) {
        sink_.error(element.where,
                    "duplicate id '" + element.id + "' in " + section + " (first on line " +
                        std::to_string(seen->second) + ")",
                    path + ".id");
        continue;
      }
      auto existing = target.index.find(element.id);
      if (existing == target.index.end()) {
        target.index.emplace(element.id, target.elements.size());
        target.elements.push_back(std::move(element));
      } else {
        // An override: fields given here replace the inherited ones, one by one.
        RawElement& base = target.elements[existing->second];
        for (auto& [key, field] : element.fields) base.set(key, std::move(field));
      }
    }
  }

  const LoadOptions& options_;
  DiagnosticSink& sink_;
};

// ---------------------------------------------------------------------------------------------
// Stage 2: typed elements. Every reader reports into the sink and returns a usable default, so
// that one pass finds every problem.

class TypedReader {
 public:
  explicit TypedReader(DiagnosticSink& sink) : sink_(sink) {}

  void error(const RawField& field, const std::string& message) { sink_.error(field.where, message, field.path); }
  void error(const RawElement& element, const std::string& message, const std::string& key = {}) {
    sink_.error(element.where, message, key.empty() ? element.path : element.path + "." + key);
  }

  std::optional<std::string> scalar(const RawField& field) {
    if (field.node.IsNull()) {
      error(field, "value is empty");
      return std::nullopt;
    }
    if (!field.node.IsScalar()) {
      error(field, "expected a single value, not a list or mapping");
      return std::nullopt;
    }
    if (field.node.Scalar().empty()) {
      error(field, "value is empty");
      return std::nullopt;
    }
    return field.node.Scalar();
  }

  std::string text(const RawElement& element, const std::string& key, bool required) {
    const RawField* field = element.find(key);
    if (!field) {
      if (required) error(element, "missing required '" + key + "'");
      return {};
    }
    return scalar(*field).value_or("");
  }

  std::optional<double> number(const RawElement& element, const std::string& key, bool required, double min,
                               double max) {
    const RawField* field = element.find(key);
    if (!field) {
      if (required) error(element, "missing required '" + key + "'");
      return std::nullopt;
    }
    const auto value_text = scalar(*field);
    if (!value_text) return std::nullopt;
    const auto value = parse_decimal(*value_text);
    if (!value) {
      error(*field, "expected a plain decimal number, got '" + *value_text + "'");
      return std::nullopt;
    }
    if (*value < min || *value > max) {
      error(*field, "'" + *value_text + "' is out of range [" + format_fixed(min, 0) + ", " + format_fixed(max, 0) + "]");
      return std::nullopt;
    }
    return value;
  }

  std::optional<double> quantity(const RawField& field, Dimension dimension, const UnitContext& context,
                                 bool allow_zero = true) {
    const auto value_text = scalar(field);
    if (!value_text) return std::nullopt;
    const auto parsed = parse_quantity(*value_text, dimension, context);
    if (!parsed.value) {
      error(field, parsed.error);
      return std::nullopt;
    }
    if (*parsed.value < 0 || (!allow_zero && *parsed.value == 0)) {
      error(field, std::string("must be ") + (allow_zero ? "zero or more" : "more than zero") + ", got '" +
                       *value_text + "'");
      return std::nullopt;
    }
    return parsed.value;
  }

  std::optional<double> quantity(const RawElement& element, const std::string& key, Dimension dimension,
                                 bool required, const UnitContext& context = {}, bool allow_zero = true) {
    const RawField* field = element.find(key);
    if (!field) {
      if (required) error(element, "missing required '" + key + "' (" + accepted_units(dimension) + ")");
      return std::nullopt;
    }
    return quantity(*field, dimension, context, allow_zero);
  }

  std::string choice(const RawElement& element, const std::string& key, const std::vector<std::string>& allowed,
                     const std::string& fallback, bool required) {
    const RawField* field = element.find(key);
    if (!field) {
      if (required) error(element, "missing required '" + key + "'");
      return fallback;
    }
    const auto value = scalar(*field);
    if (!value) return fallback;
    if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      std::string message = "'" + *value + "' is not one of: " + list;
      if (auto hint = closest_match(*value, allowed)) message += "; did you mean '" + *hint + "'?";
      error(*field, message);
      return fallback;
    }
    return *value;
  }

  /// A list of scalars; a single scalar is accepted as a list of one.
  std::vector<std::pair<std::string, SourceLocation>> words(const RawField& field) {
    std::vector<std::pair<std::string, SourceLocation>> out;
    if (field.node.IsScalar()) {
      if (!field.node.Scalar().empty()) out.emplace_back(field.node.Scalar(), field.where);
      return out;
    }
    if (!field.node.IsSequence()) {
      error(field, "expected a list of ids, e.g. [a, b]");
      return out;
    }
    for (std::size_t i = 0; i < field.node.size(); ++i) {
      const YAML::Node item = field.node[i];
      if (!item.IsScalar() || item.Scalar().empty()) {
        sink_.error({field.where.file, item.Mark().line + 1, item.Mark().column + 1}, "expected an id",
                    field.path + "[" + std::to_string(i) + "]");
        continue;
      }
      out.emplace_back(item.Scalar(), SourceLocation{field.where.file, item.Mark().line + 1, item.Mark().column + 1});
    }
    return out;
  }

  bool boolean(const RawElement& element, const std::string& key, bool fallback) {
    const std::string value = choice(element, key, {"true", "false"}, fallback ? "true" : "false", false);
    return value == "true";
  }

 private:
  DiagnosticSink& sink_;
};

bool is_country_code(const std::string& code) {
  return code.size() == 2 && std::isupper(static_cast<unsigned char>(code[0])) &&
         std::isupper(static_cast<unsigned char>(code[1]));
}

Mode mode_from(const std::string& text) {
  if (text == "road") return Mode::Road;
  if (text == "sea") return Mode::Sea;
  if (text == "pipeline") return Mode::Pipeline;
  return Mode::Rail;
}

Status status_from(const std::string& text) {
  if (text == "closed") return Status::Closed;
  if (text == "planned") return Status::Planned;
  return Status::Open;
}

class ScenarioBuilder {
 public:
  ScenarioBuilder(const RawScenario& raw, const LoadOptions& options, DiagnosticSink& sink)
      : raw_(raw), options_(options), sink_(sink), read_(sink) {}

  Scenario build() {
    scenario_.files = raw_.files;
    scenario_.name = raw_.name ? read_.scalar(*raw_.name).value_or("") : "";
    if (scenario_.name.empty()) scenario_.name = fs::path(raw_.files.front()).stem().string();
    if (raw_.description) {
      if (raw_.description->node.IsScalar()) scenario_.description = raw_.description->node.Scalar();
      else read_.error(*raw_.description, "description: expects text");
    }
    read_speeds();
    for (const auto& element : section("sources")) read_source(element);
    for (const auto& element : section("places")) read_place(element);
    for (const auto& element : section("commodities")) read_commodity(element);
    for (const auto& element : section("links")) read_link(element);
    for (const auto& element : section("transfers")) read_transfer(element);
    for (const auto& element : section("crossings")) read_crossing(element);
    for (const auto& element : section("demands")) read_demand(element);
    for (const auto& element : section("routes")) read_route(element);
    read_policy();
    check_cross_border_links();
    const std::size_t total = scenario_.places.size() + scenario_.links.size() + scenario_.transfers.size() +
                              scenario_.crossings.size() + scenario_.demands.size() + scenario_.routes.size();
    if (total > options_.limits.max_elements) {
      sink_.error({raw_.files.front(), 1, 1}, "scenario has " + std::to_string(total) +
                                                   " elements; the limit is " +
                                                   std::to_string(options_.limits.max_elements));
    }
    if (scenario_.places.empty()) sink_.error({raw_.files.front(), 1, 1}, "scenario has no places");
    return std::move(scenario_);
  }

 private:
  const std::vector<RawElement>& section(const std::string& name) {
    static const std::vector<RawElement> none;
    auto it = raw_.sections.find(name);
    return it == raw_.sections.end() ? none : it->second.elements;
  }

  void read_speeds() {
    static const std::vector<std::pair<std::string, Mode>> modes = {
        {"rail", Mode::Rail}, {"road", Mode::Road}, {"sea", Mode::Sea}, {"pipeline", Mode::Pipeline}};
    for (const auto& [name, mode] : modes) {
      auto it = raw_.speed.find(name);
      if (it == raw_.speed.end()) continue;
      if (auto v = read_.quantity(it->second, Dimension::Speed, {}, false)) {
        scenario_.default_speed_km_per_h[static_cast<int>(mode)] = *v;
      }
    }
  }

  Provenance provenance(const RawElement& element) {
    Provenance p;
    if (const RawField* field = element.find("source")) {
      for (const auto& [tag, where] : read_.words(*field)) {
        p.source_tags.push_back(tag);
        pending_tags_.push_back({tag, where, field->path});
      }
    }
    if (const RawField* field = element.find("assumption")) p.assumption = read_.scalar(*field).value_or("");
    if (options_.require_provenance && p.empty()) {
      read_.error(element, "'" + element.id + "' has neither source: nor assumption:");
    }
    return p;
  }

  int place_ref(const RawElement& element, const std::string& key) {
    const RawField* field = element.find(key);
    if (!field) {
      read_.error(element, "missing required '" + key + "'");
      return -1;
    }
    const auto id = read_.scalar(*field);
    if (!id) return -1;
    return resolve_place(*id, field->where, field->path);
  }

  int resolve_place(const std::string& id, const SourceLocation& where, const std::string& path) {
    const int index = scenario_.find_place(id);
    if (index < 0) {
      std::vector<std::string> ids;
      for (const auto& p : scenario_.places) ids.push_back(p.id);
      std::string message = "unknown place '" + id + "'";
      if (auto hint = closest_match(id, ids)) message += "; did you mean '" + *hint + "'?";
      sink_.error(where, message, path);
    }
    return index;
  }

  void read_source(const RawElement& e) {
    Source s;
    s.id = e.id;
    s.where = e.where;
    s.title = read_.text(e, "title", true);
    s.publisher = read_.text(e, "publisher", false);
    s.date = read_.text(e, "date", false);
    s.url = read_.text(e, "url", false);
    scenario_.sources.push_back(std::move(s));
  }

  void read_place(const RawElement& e) {
    Place p;
    p.id = e.id;
    p.where = e.where;
    p.name = read_.text(e, "name", true);
    p.country = read_.text(e, "country", true);
    if (!p.country.empty() && !is_country_code(p.country)) {
      read_.error(*e.find("country"), "country must be an ISO 3166-1 alpha-2 code such as RU, CN, KP");
    }
    p.kind = read_.text(e, "kind", false);
    if (p.kind.empty()) p.kind = "place";
    p.lat_deg = read_.number(e, "lat", true, -90, 90).value_or(0);
    p.lon_deg = read_.number(e, "lon", true, -180, 180).value_or(0);
    p.provenance = provenance(e);
    scenario_.places.push_back(std::move(p));
  }

  void read_commodity(const RawElement& e) {
    Commodity c;
    c.id = e.id;
    c.where = e.where;
    c.name = read_.text(e, "name", false);
    if (c.name.empty()) c.name = c.id;
    c.cargo_class = read_.choice(e, "class", {"bulk", "liquid", "container", "general"}, "general", true);
    c.bbl_per_t = read_.number(e, "bbl_per_t", false, 1e-6, 1e6);
    c.t_per_teu = read_.number(e, "t_per_teu", false, 1e-6, 1e6);
    UnitContext context{c.bbl_per_t, c.t_per_teu, c.id};
    c.value_usd_per_t = read_.quantity(e, "value", Dimension::CostPerTonne, false, context).value_or(0);
    c.provenance = provenance(e);
    scenario_.commodities.push_back(std::move(c));
  }

  std::vector<int> commodity_refs(const RawElement& e, const std::string& key) {
    std::vector<int> out;
    const RawField* field = e.find(key);
    if (!field) return out;
    for (const auto& [id, where] : read_.words(*field)) {
      const int index = scenario_.find_commodity(id);
      if (index < 0) {
        std::vector<std::string> ids;
        for (const auto& c : scenario_.commodities) ids.push_back(c.id);
        std::string message = "unknown commodity '" + id + "'";
        if (auto hint = closest_match(id, ids)) message += "; did you mean '" + *hint + "'?";
        sink_.error(where, message, field->path);
      } else {
        out.push_back(index);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  UnitContext single_commodity_context(const std::vector<int>& commodities) {
    if (commodities.size() != 1) return {};
    const Commodity& c = scenario_.commodities[commodities.front()];
    return {c.bbl_per_t, c.t_per_teu, c.id};
  }

  void read_link(const RawElement& e) {
    Link l;
    l.id = e.id;
    l.where = e.where;
    l.name = read_.text(e, "name", false);
    if (l.name.empty()) l.name = l.id;
    l.from = place_ref(e, "from");
    l.to = place_ref(e, "to");
    if (l.from >= 0 && l.from == l.to) read_.error(e, "a link must join two different places", "to");
    l.mode = mode_from(read_.choice(e, "mode", {"rail", "road", "sea", "pipeline"}, "rail", true));
    const RawField* gauge = e.find("gauge");
    if (l.mode == Mode::Rail) {
      const std::string g = read_.choice(e, "gauge", {"1435", "1520", "dual"}, "1435", true);
      l.gauges_mm = g == "dual" ? std::vector<int>{1435, 1520} : std::vector<int>{std::stoi(g)};
    } else if (gauge) {
      read_.error(*gauge, "gauge applies to rail links only");
    }
    l.commodities = commodity_refs(e, "commodities");
    const UnitContext context = single_commodity_context(l.commodities);
    l.length_km = read_.quantity(e, "length", Dimension::Length, true).value_or(0);
    l.capacity_t_per_yr = read_.quantity(e, "capacity", Dimension::FlowRate, false, context).value_or(kUnlimited);
    l.cost_usd_per_t = read_.quantity(e, "cost", Dimension::CostPerTonne, false, context).value_or(0);
    l.cost_usd_per_t_km = read_.quantity(e, "cost_per_km", Dimension::CostPerTonneKm, false).value_or(0);
    const auto transit = read_.quantity(e, "transit", Dimension::Duration, false);
    l.transit_h = transit ? *transit : l.length_km / scenario_.default_speed_km_per_h[static_cast<int>(l.mode)];
    l.both_ways = read_.choice(e, "direction", {"both", "forward"}, "both", false) == "both";
    l.status = status_from(read_.choice(e, "status", {"open", "closed", "planned"}, "open", false));
    l.provenance = provenance(e);
    scenario_.links.push_back(std::move(l));
  }

  void read_transfer(const RawElement& e) {
    Transfer t;
    t.id = e.id;
    t.where = e.where;
    t.name = read_.text(e, "name", false);
    if (t.name.empty()) t.name = t.id;
    t.place = place_ref(e, "place");
    const std::vector<std::string> layers = {"rail:1435", "rail:1520", "road", "sea", "pipeline"};
    t.from = *parse_layer(read_.choice(e, "from", layers, "rail:1435", true));
    t.to = *parse_layer(read_.choice(e, "to", layers, "rail:1435", true));
    if (e.find("from") && e.find("to") && t.from == t.to) {
      read_.error(e, "a transfer joins two different layers", "to");
    }
    t.method = read_.choice(e, "method", {"bogie_exchange", "transload", "pump", "other"}, "other", true);
    t.cost_usd_per_t = read_.quantity(e, "cost", Dimension::CostPerTonne, false).value_or(0);
    t.time_h = read_.quantity(e, "time", Dimension::Duration, false).value_or(0);
    t.capacity_t_per_yr = read_.quantity(e, "capacity", Dimension::FlowRate, false).value_or(kUnlimited);
    t.both_ways = read_.choice(e, "direction", {"both", "forward"}, "both", false) == "both";
    t.status = status_from(read_.choice(e, "status", {"open", "closed", "planned"}, "open", false));
    t.provenance = provenance(e);
    scenario_.transfers.push_back(std::move(t));
  }

  void read_crossing(const RawElement& e) {
    Crossing c;
    c.id = e.id;
    c.where = e.where;
    c.name = read_.text(e, "name", false);
    if (c.name.empty()) c.name = c.id;
    const int index = static_cast<int>(scenario_.crossings.size());
    if (const RawField* field = e.find("links")) {
      for (const auto& [id, where] : read_.words(*field)) {
        const int link = scenario_.find_link(id);
        if (link < 0) {
          sink_.error(where, "unknown link '" + id + "'", field->path);
          continue;
        }
        Link& l = scenario_.links[link];
        if (l.crossing >= 0) {
          sink_.error(where, "link '" + id + "' already belongs to crossing '" + scenario_.crossings[l.crossing].id + "'",
                      field->path);
          continue;
        }
        if (l.from >= 0 && l.to >= 0 && scenario_.places[l.from].country == scenario_.places[l.to].country) {
          sink_.error(where, "link '" + id + "' does not cross a border (both ends in " +
                                 scenario_.places[l.from].country + ")",
                      field->path);
          continue;
        }
        l.crossing = index;
        c.links.push_back(link);
      }
    } else {
      read_.error(e, "missing required 'links'");
    }
    c.capacity_t_per_yr = read_.quantity(e, "capacity", Dimension::FlowRate, false).value_or(kUnlimited);
    c.dwell_h = read_.quantity(e, "dwell", Dimension::Duration, false).value_or(0);
    c.cost_usd_per_t = read_.quantity(e, "cost", Dimension::CostPerTonne, false).value_or(0);
    c.status = status_from(read_.choice(e, "status", {"open", "closed", "planned"}, "open", false));
    c.provenance = provenance(e);
    scenario_.crossings.push_back(std::move(c));
  }

  PlaceSet place_set(const RawElement& e, const std::string& places_key, const std::string& countries_key) {
    PlaceSet set;
    const RawField* places = e.find(places_key);
    const RawField* countries = e.find(countries_key);
    if (!places && !countries) {
      read_.error(e, "missing '" + places_key + "' (place ids) or '" + countries_key + "' (country codes)");
      return set;
    }
    if (places) {
      for (const auto& [id, where] : read_.words(*places)) {
        const int index = resolve_place(id, where, places->path);
        if (index >= 0) set.places.push_back(index);
      }
    }
    if (countries) {
      for (const auto& [code, where] : read_.words(*countries)) {
        if (!is_country_code(code)) {
          sink_.error(where, "'" + code + "' is not an ISO 3166-1 alpha-2 country code", countries->path);
          continue;
        }
        set.countries.push_back(code);
        bool any = false;
        for (std::size_t p = 0; p < scenario_.places.size(); ++p) {
          if (scenario_.places[p].country == code) {
            set.places.push_back(static_cast<int>(p));
            any = true;
          }
        }
        if (!any) sink_.error(where, "no place lies in country '" + code + "'", countries->path);
      }
    }
    std::sort(set.places.begin(), set.places.end());
    set.places.erase(std::unique(set.places.begin(), set.places.end()), set.places.end());
    return set;
  }

  void read_demand(const RawElement& e) {
    Demand d;
    d.id = e.id;
    d.where = e.where;
    d.name = d.id;
    if (const RawField* field = e.find("commodity")) {
      if (auto id = read_.scalar(*field)) {
        d.commodity = scenario_.find_commodity(*id);
        if (d.commodity < 0) read_.error(*field, "unknown commodity '" + *id + "'");
      }
    } else {
      read_.error(e, "missing required 'commodity'");
    }
    d.origins = place_set(e, "from", "from_countries");
    d.destinations = place_set(e, "to", "to_countries");
    UnitContext context;
    if (d.commodity >= 0) context = single_commodity_context({d.commodity});
    d.quantity_t_per_yr = read_.quantity(e, "quantity", Dimension::FlowRate, true, context).value_or(0);
    d.unserved_cost_usd_per_t =
        read_.quantity(e, "unserved_cost", Dimension::CostPerTonne, true, context, false).value_or(0);
    d.provenance = provenance(e);
    for (int o : d.origins.places) {
      if (std::binary_search(d.destinations.places.begin(), d.destinations.places.end(), o)) {
        read_.error(e, "place '" + scenario_.places[o].id + "' is both an origin and a destination", "to");
      }
    }
    scenario_.demands.push_back(std::move(d));
  }

  void read_route(const RawElement& e) {
    Route r;
    r.id = e.id;
    r.where = e.where;
    r.name = read_.text(e, "name", false);
    if (r.name.empty()) r.name = r.id;
    r.origins = place_set(e, "from", "from_countries");
    r.destinations = place_set(e, "to", "to_countries");
    if (const RawField* field = e.find("links")) {
      for (const auto& [id, where] : read_.words(*field)) {
        const int link = scenario_.find_link(id);
        if (link < 0) sink_.error(where, "unknown link '" + id + "'", field->path);
        else r.links.push_back(link);
      }
      std::sort(r.links.begin(), r.links.end());
    }
    if (const RawField* field = e.find("countries")) {
      for (const auto& [code, where] : read_.words(*field)) {
        if (!is_country_code(code)) sink_.error(where, "'" + code + "' is not a country code", field->path);
        else r.countries.push_back(code);
      }
    }
    if (const RawField* field = e.find("commodity")) {
      if (auto id = read_.scalar(*field)) {
        r.commodity = scenario_.find_commodity(*id);
        if (r.commodity < 0) read_.error(*field, "unknown commodity '" + *id + "'");
      }
    }
    r.both_directions = read_.boolean(e, "both_directions", true);
    for (int o : r.origins.places) {
      if (std::binary_search(r.destinations.places.begin(), r.destinations.places.end(), o)) {
        read_.error(e, "place '" + scenario_.places[o].id + "' is both an origin and a destination", "to");
      }
    }
    scenario_.routes.push_back(std::move(r));
  }

  void read_policy() {
    if (raw_.policy_closed) {
      for (const auto& [id, where] : read_.words(*raw_.policy_closed)) {
        if (scenario_.find_link(id) < 0 && scenario_.find_transfer(id) < 0 && scenario_.find_crossing(id) < 0) {
          sink_.error(where, "policy.closed: '" + id + "' is not a link, transfer or crossing", raw_.policy_closed->path);
          continue;
        }
        scenario_.policy.closed.push_back(id);
      }
    }
    if (raw_.policy_no_transit) {
      for (const auto& [code, where] : read_.words(*raw_.policy_no_transit)) {
        if (!is_country_code(code)) {
          sink_.error(where, "'" + code + "' is not an ISO 3166-1 alpha-2 country code", raw_.policy_no_transit->path);
          continue;
        }
        scenario_.policy.no_transit.push_back(code);
      }
    }
    for (const auto& [tag, where, path] : pending_tags_) {
      const bool known = std::any_of(scenario_.sources.begin(), scenario_.sources.end(),
                                     [&](const Source& s) { return s.id == tag; });
      if (!known) sink_.error(where, "source tag '" + tag + "' is not defined in any sources: section", path);
    }
  }

  void check_cross_border_links() {
    for (const Link& l : scenario_.links) {
      if (l.from < 0 || l.to < 0 || l.crossing >= 0) continue;
      const auto& a = scenario_.places[l.from].country;
      const auto& b = scenario_.places[l.to].country;
      if (a != b) {
        sink_.error(l.where, "link '" + l.id + "' crosses the " + a + "-" + b +
                                 " border but belongs to no crossing; list it under crossings:");
      }
    }
  }

  struct PendingTag {
    std::string tag;
    SourceLocation where;
    std::string path;
  };

  const RawScenario& raw_;
  const LoadOptions& options_;
  DiagnosticSink& sink_;
  TypedReader read_;
  Scenario scenario_;
  std::vector<PendingTag> pending_tags_;
};

}  // namespace

Scenario load_scenario(const std::string& path, const LoadOptions& options_in) {
  LoadOptions options = options_in;
  if (!options.read_file) options.read_file = read_input_file;
  DiagnosticSink sink;
  // Files may extend anything beside or below the parent of the top file's folder:
  // scenarios/x.yaml may use ../config/network.yaml, nothing further out.
  const fs::path top = fs::weakly_canonical(fs::path(path));
  const std::string top_root = top.parent_path().parent_path().string();
  std::vector<std::string> chain;
  RawScenario raw = RawReader(options, sink).read(path, top_root, 0, chain);
  sink.throw_if_any();
  Scenario scenario = ScenarioBuilder(raw, options, sink).build();
  sink.throw_if_any();
  return scenario;
}

}  // namespace borderflow
