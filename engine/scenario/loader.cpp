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
  /// Keys an unknown key was reported as a likely typo of ("lenght" -> "length"): stage 2 does
  /// not also report them as missing.
  std::set<std::string> misspelt;

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
  if (key == "<<") return message + "; YAML merge keys are not supported: write the fields out, or use extends:";
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

  /// Whether stage 1 dropped content (an element, a section, an extended file) that stage 2
  /// would miss: then stage 2 is skipped, since it would report only follow-on "unknown" errors.
  bool lost_content() const { return lost_content_; }

  RawScenario read(const std::string& path, const std::string& top_root, int depth, std::vector<std::string>& chain) {
    RawScenario raw;
    const std::string canonical = fs::weakly_canonical(fs::absolute(fs::path(path))).string();
    chain.push_back(canonical);
    const std::string text = options_.read_file(path, options_.limits);
    const YamlDocument document = parse_yaml_guarded(text, path, options_.limits);
    const auto entries = read_map(document.root, path, "", sink_);

    bool has_version = false;
    for (const auto& [key, mark, value] : entries) {
      if (key == "borderflow") {
        has_version = true;
        if (!value.IsScalar() || value.Scalar() != "1") {
          sink_.error(at(path, value.Mark()),
                      "unsupported format version" + (value.IsScalar() ? " '" + value.Scalar() + "'" : std::string()) +
                          "; this engine reads 'borderflow: 1'",
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
        lose();
        sink_.error(at(path, value.Mark()), "extends: expects a relative file path", "extends");
        continue;
      }
      const std::string target = value.Scalar();
      const fs::path target_path(target);
      if (target_path.is_absolute()) {
        lose();
        sink_.error(at(path, value.Mark()), "extends: path must be relative to this file, got '" + target + "'",
                    "extends");
        continue;
      }
      const fs::path resolved = (fs::path(path).parent_path() / target_path).lexically_normal();
      // absolute() first: weakly_canonical leaves a relative path relative when nothing of it exists.
      const std::string resolved_canonical = fs::weakly_canonical(fs::absolute(resolved)).string();
      const std::string relative_to_root = fs::path(resolved_canonical).lexically_relative(top_root).string();
      if (relative_to_root.empty() || relative_to_root.rfind("..", 0) == 0) {
        // No absolute path in the message: errors are compared byte for byte across machines.
        lose();
        sink_.error(at(path, value.Mark()),
                    "extends: '" + target +
                        "' leaves the scenario tree; only files below the parent of the top scenario's folder "
                        "can be extended",
                    "extends");
        continue;
      }
      if (std::find(chain.begin(), chain.end(), resolved_canonical) != chain.end()) {
        lose();
        sink_.error(at(path, value.Mark()), "extends: cycle: '" + target + "' is already being loaded", "extends");
        continue;
      }
      if (depth + 1 > options_.limits.max_extends_depth) {
        lose();
        sink_.error(at(path, value.Mark()),
                    "extends: chain deeper than " + std::to_string(options_.limits.max_extends_depth) + " files",
                    "extends");
        continue;
      }
      try {
        raw = read(resolved.string(), top_root, depth + 1, chain);
      } catch (const InputError& error) {
        for (const auto& d : error.diagnostics()) sink_.error(d.where, d.message, d.yaml_path);
        lose();
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
        lose();  // often a misspelt section ("link:"), whose elements others refer to
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
      lose();
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
        lose();
        sink_.error(at(file, item.Mark()), "expected a mapping with an 'id'", path);
        continue;
      }
      RawElement element;
      element.where = at(file, item.Mark());
      element.path = path;
      bool has_id = false, bad_id = false;
      for (const auto& [key, mark, value] : read_map(item, file, path, sink_)) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
          sink_.error(at(file, mark), unknown_key_message(key, allowed, section), path + "." + key);
          if (auto hint = closest_match(key, allowed)) element.misspelt.insert(*hint);
          if (key == "<<" && value.IsMap()) {  // the fields a merge key meant to supply are not "missing"
            for (auto it = value.begin(); it != value.end(); ++it) {
              if (it->first.IsScalar()) element.misspelt.insert(it->first.Scalar());
            }
          }
          continue;
        }
        if (key == "id") {
          if (!value.IsScalar() || !is_valid_id(value.Scalar())) {
            sink_.error(at(file, value.Mark()),
                        "id must be 1-64 characters from A-Z a-z 0-9 _ . : - starting with a letter or digit",
                        path + ".id");
            bad_id = true;
            continue;
          }
          element.id = value.Scalar();
          has_id = true;
          continue;
        }
        element.fields.emplace_back(key, RawField{value, at(file, value.Mark()), path + "." + key});
      }
      if (!has_id) {
        lose();  // an element that cannot be named is dropped; references to it would only add noise
        if (!bad_id) sink_.error(element.where, "missing 'id'", path);
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
        base.misspelt.insert(element.misspelt.begin(), element.misspelt.end());
      }
    }
  }

  void lose() { lost_content_ = true; }

  const LoadOptions& options_;
  DiagnosticSink& sink_;
  bool lost_content_ = false;
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
  /// Reports a missing key, unless a misspelling of it was already reported.
  void missing(const RawElement& element, const std::string& key, const std::string& message) {
    if (!element.misspelt.count(key)) error(element, message);
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
      if (required) missing(element, key, "missing required '" + key + "'");
      return {};
    }
    return scalar(*field).value_or("");
  }

  std::optional<double> number(const RawElement& element, const std::string& key, bool required, double min,
                               double max) {
    const RawField* field = element.find(key);
    if (!field) {
      if (required) missing(element, key, "missing required '" + key + "'");
      return std::nullopt;
    }
    const auto value_text = scalar(*field);
    if (!value_text) return std::nullopt;
    const auto value = parse_decimal(*value_text);
    if (!value) {
      error(*field, "'" + *value_text + "' is not a plain decimal number (no hex, octal, '_', inf or nan)");
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
      if (required) missing(element, key, "missing required '" + key + "' (" + accepted_units(dimension) + ")");
      return std::nullopt;
    }
    return quantity(*field, dimension, context, allow_zero);
  }

  std::string choice(const RawElement& element, const std::string& key, const std::vector<std::string>& allowed,
                     const std::string& fallback, bool required) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    const RawField* field = element.find(key);
    if (!field) {
      if (required) missing(element, key, "missing required '" + key + "' (one of: " + list + ")");
      return fallback;
    }
    const auto value = scalar(*field);
    if (!value) return fallback;
    if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
      std::string message = "'" + *value + "' is not one of: " + list;
      if (auto hint = closest_match(*value, allowed)) message += "; did you mean '" + *hint + "'?";
      error(*field, message);
      return fallback;
    }
    return *value;
  }

  /// Reports an empty list ("[]"), which would silently mean something else (every link, or no
  /// origin at all); returns true when it did.
  bool empty_list(const RawField& field, const std::string& message) {
    if (!field.node.IsSequence() || field.node.size() != 0) return false;
    error(field, message);
    return true;
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

/// "; did you mean 'x'?" when an element of `items` has an id close to `id`, else "".
template <typename T>
std::string did_you_mean(const std::string& id, const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.id);
  const auto hint = closest_match(id, ids);
  return hint ? "; did you mean '" + *hint + "'?" : std::string();
}

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

  /// A sweepable quantity: a plain value ("5 Mt/yr"), or a mapping with a range
  /// ({range: [LOW, HIGH], value:, distribution:, mode:, source:, assumption:}) that is recorded
  /// in Scenario::ranges for sweeps; the field then takes value:, else the mode of a triangular
  /// range, the geometric mean of a loguniform one, or the midpoint.
  std::optional<double> ranged(const RawElement& e, const std::string& section, const std::string& key,
                               Dimension dimension, bool required, const UnitContext& context = {},
                               bool allow_zero = true) {
    const RawField* field = e.find(key);
    if (!field || !field->node.IsMap()) return read_.quantity(e, key, dimension, required, context, allow_zero);
    static const std::vector<std::string> keys = {"value", "range", "distribution", "mode", "source", "assumption"};
    const std::string& file = field->where.file;
    FieldRange range;
    range.path = section + "." + e.id + "." + key;
    range.where = field->where;
    std::optional<double> value, low, high, mode;
    bool has_range = false;
    for (const auto& [name, mark, node] : read_map(field->node, file, field->path, sink_)) {
      const RawField sub{node, at(file, node.Mark()), field->path + "." + name};
      if (std::find(keys.begin(), keys.end(), name) == keys.end()) {
        sink_.error(at(file, mark), unknown_key_message(name, keys, "a ranged " + key), sub.path);
      } else if (name == "value") {
        value = read_.quantity(sub, dimension, context, allow_zero);
      } else if (name == "mode") {
        mode = read_.quantity(sub, dimension, context, allow_zero);
      } else if (name == "range") {
        has_range = true;
        if (!node.IsSequence() || node.size() != 2) {
          read_.error(sub, "range: expects [LOW, HIGH], e.g. [3 Mt/yr, 6 Mt/yr]");
          continue;
        }
        low = read_.quantity(RawField{node[0], at(file, node[0].Mark()), sub.path + "[0]"}, dimension, context, allow_zero);
        high = read_.quantity(RawField{node[1], at(file, node[1].Mark()), sub.path + "[1]"}, dimension, context, allow_zero);
      } else if (name == "distribution") {
        range.distribution = read_.scalar(sub).value_or("uniform");
        static const std::vector<std::string> kinds = {"uniform", "loguniform", "triangular"};
        if (std::find(kinds.begin(), kinds.end(), range.distribution) == kinds.end()) {
          const auto hint = closest_match(range.distribution, kinds);
          read_.error(sub, "'" + range.distribution + "' is not a distribution (uniform, loguniform, triangular)" +
                               (hint ? "; did you mean '" + *hint + "'?" : std::string()));
        }
      } else if (name == "source") {
        for (const auto& [tag, where] : read_.words(sub)) {
          range.provenance.source_tags.push_back(tag);
          pending_tags_.push_back({tag, where, sub.path});
        }
      } else {
        range.provenance.assumption = read_.scalar(sub).value_or("");
      }
    }
    if (!has_range) {
      read_.error(*field, "a mapping here needs range: [LOW, HIGH]; otherwise write the value alone, e.g. 5 Mt/yr");
      return std::nullopt;
    }
    if (!low || !high) return std::nullopt;
    if (*low > *high) {
      read_.error(*field, "range: LOW is above HIGH");
      return std::nullopt;
    }
    if (range.distribution == "loguniform" && !(*low > 0)) read_.error(*field, "a loguniform range needs LOW above zero");
    if (range.distribution == "triangular" && !mode) read_.error(*field, "a triangular range needs mode:");
    if (range.distribution != "triangular" && mode) read_.error(*field, "mode: applies to distribution: triangular");
    if (mode && (*mode < *low || *mode > *high)) read_.error(*field, "mode lies outside the range");
    if (value && (*value < *low || *value > *high)) read_.error(*field, "value lies outside its range");
    range.low = *low;
    range.high = *high;
    range.mode = mode.value_or((*low + *high) / 2);
    scenario_.ranges.push_back(range);
    if (value) return value;
    if (range.distribution == "triangular") return range.mode;
    if (range.distribution == "loguniform" && *low > 0) return std::sqrt(*low * *high);
    return (*low + *high) / 2;
  }

  int place_ref(const RawElement& element, const std::string& key) {
    const RawField* field = element.find(key);
    if (!field) {
      read_.missing(element, key, "missing required '" + key + "'");
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
      read_.error(*e.find("country"),
                  "'" + p.country + "' is not an ISO 3166-1 alpha-2 country code (such as RU, CN, KP)");
      p.country.clear();  // already reported; no border checks on a country we cannot read
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
    read_.empty_list(*field, "'" + key + ": []' allows no commodity; omit it to allow every commodity");
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
    const std::string mode = read_.choice(e, "mode", {"rail", "road", "sea", "pipeline"}, "", true);
    l.mode = mode_from(mode);
    const RawField* gauge = e.find("gauge");
    if (mode.empty()) {
      // Mode missing or misspelt (already reported): whether a gauge belongs here is unknown.
    } else if (l.mode == Mode::Rail) {
      const std::string g = read_.choice(e, "gauge", {"1435", "1520", "dual"}, "1435", true);
      l.gauges_mm = g == "dual" ? std::vector<int>{1435, 1520} : std::vector<int>{std::stoi(g)};
    } else if (gauge) {
      read_.error(*gauge, "gauge applies to rail links only");
    }
    l.commodities = commodity_refs(e, "commodities");
    const UnitContext context = single_commodity_context(l.commodities);
    l.length_km = read_.quantity(e, "length", Dimension::Length, true).value_or(0);
    l.capacity_t_per_yr = ranged(e, "links", "capacity", Dimension::FlowRate, false, context).value_or(kUnlimited);
    l.cost_usd_per_t = ranged(e, "links", "cost", Dimension::CostPerTonne, false, context).value_or(0);
    l.cost_usd_per_t_km = ranged(e, "links", "cost_per_km", Dimension::CostPerTonneKm, false).value_or(0);
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
    t.cost_usd_per_t = ranged(e, "transfers", "cost", Dimension::CostPerTonne, false).value_or(0);
    t.time_h = read_.quantity(e, "time", Dimension::Duration, false).value_or(0);
    t.capacity_t_per_yr = ranged(e, "transfers", "capacity", Dimension::FlowRate, false).value_or(kUnlimited);
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
      read_.empty_list(*field, "a crossing needs at least one link");
      for (const auto& [id, where] : read_.words(*field)) {
        const int link = scenario_.find_link(id);
        if (link < 0) {
          sink_.error(where, "unknown link '" + id + "'" + did_you_mean(id, scenario_.links), field->path);
          continue;
        }
        Link& l = scenario_.links[link];
        if (l.crossing >= 0) {
          sink_.error(where, "link '" + id + "' already belongs to crossing '" + scenario_.crossings[l.crossing].id + "'",
                      field->path);
          continue;
        }
        if (l.from >= 0 && l.to >= 0 && !scenario_.places[l.from].country.empty() &&
            scenario_.places[l.from].country == scenario_.places[l.to].country) {
          sink_.error(where, "link '" + id + "' does not cross a border (both ends in " +
                                 scenario_.places[l.from].country + ")",
                      field->path);
          continue;
        }
        l.crossing = index;
        c.links.push_back(link);
      }
    } else {
      read_.missing(e, "links", "missing required 'links'");
    }
    c.capacity_t_per_yr = ranged(e, "crossings", "capacity", Dimension::FlowRate, false).value_or(kUnlimited);
    c.dwell_h = read_.quantity(e, "dwell", Dimension::Duration, false).value_or(0);
    c.cost_usd_per_t = ranged(e, "crossings", "cost", Dimension::CostPerTonne, false).value_or(0);
    c.status = status_from(read_.choice(e, "status", {"open", "closed", "planned"}, "open", false));
    c.provenance = provenance(e);
    scenario_.crossings.push_back(std::move(c));
  }

  PlaceSet place_set(const RawElement& e, const std::string& places_key, const std::string& countries_key) {
    PlaceSet set;
    const RawField* places = e.find(places_key);
    const RawField* countries = e.find(countries_key);
    if (!places && !countries) {
      if (!e.misspelt.count(countries_key)) {
        read_.missing(e, places_key, "missing '" + places_key + "' (place ids) or '" + countries_key + "' (country codes)");
      }
      return set;
    }
    if (places && !read_.empty_list(*places, "'" + places_key + "' is empty: give at least one place id")) {
      for (const auto& [id, where] : read_.words(*places)) {
        const int index = resolve_place(id, where, places->path);
        if (index >= 0) set.places.push_back(index);
      }
    }
    if (countries && !read_.empty_list(*countries, "'" + countries_key + "' is empty: give at least one country code")) {
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
        if (d.commodity < 0) read_.error(*field, "unknown commodity '" + *id + "'" + did_you_mean(*id, scenario_.commodities));
      }
    } else {
      read_.missing(e, "commodity", "missing required 'commodity'");
    }
    d.origins = place_set(e, "from", "from_countries");
    d.destinations = place_set(e, "to", "to_countries");
    UnitContext context;
    if (d.commodity >= 0) context = single_commodity_context({d.commodity});
    d.quantity_t_per_yr = ranged(e, "demands", "quantity", Dimension::FlowRate, true, context).value_or(0);
    d.unserved_cost_usd_per_t =
        ranged(e, "demands", "unserved_cost", Dimension::CostPerTonne, true, context, false).value_or(0);
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
      read_.empty_list(*field, "'links: []' allows no link; omit 'links' to allow every link");
      for (const auto& [id, where] : read_.words(*field)) {
        const int link = scenario_.find_link(id);
        if (link < 0) sink_.error(where, "unknown link '" + id + "'" + did_you_mean(id, scenario_.links), field->path);
        else r.links.push_back(link);
      }
      std::sort(r.links.begin(), r.links.end());
    }
    if (const RawField* field = e.find("countries")) {
      read_.empty_list(*field, "'countries: []' allows no country; omit 'countries' to allow every country");
      for (const auto& [code, where] : read_.words(*field)) {
        if (!is_country_code(code)) sink_.error(where, "'" + code + "' is not a country code", field->path);
        else r.countries.push_back(code);
      }
    }
    if (const RawField* field = e.find("commodity")) {
      if (auto id = read_.scalar(*field)) {
        r.commodity = scenario_.find_commodity(*id);
        if (r.commodity < 0) read_.error(*field, "unknown commodity '" + *id + "'" + did_you_mean(*id, scenario_.commodities));
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
          std::vector<std::string> ids;
          for (const auto& l : scenario_.links) ids.push_back(l.id);
          for (const auto& t : scenario_.transfers) ids.push_back(t.id);
          for (const auto& c : scenario_.crossings) ids.push_back(c.id);
          std::string message = "policy.closed: '" + id + "' is not a link, transfer or crossing";
          if (auto hint = closest_match(id, ids)) message += "; did you mean '" + *hint + "'?";
          sink_.error(where, message, raw_.policy_closed->path);
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
      // Clang 14 cannot capture a structured binding; name the tag plainly for the lambda.
      const std::string& wanted = tag;
      const bool known = std::any_of(scenario_.sources.begin(), scenario_.sources.end(),
                                     [&](const Source& s) { return s.id == wanted; });
      if (!known) {
        std::vector<std::string> ids;
        for (const auto& s : scenario_.sources) ids.push_back(s.id);
        std::string message = "source tag '" + tag + "' is not defined in any sources: section";
        if (auto hint = closest_match(tag, ids)) message += "; did you mean '" + *hint + "'?";
        sink_.error(where, message, path);
      }
    }
  }

  void check_cross_border_links() {
    const auto& elements = section("links");  // read_link made one link per element, in order
    for (std::size_t i = 0; i < scenario_.links.size(); ++i) {
      const Link& l = scenario_.links[i];
      if (l.from < 0 || l.to < 0 || l.crossing >= 0) continue;
      const auto& a = scenario_.places[l.from].country;
      const auto& b = scenario_.places[l.to].country;
      if (!a.empty() && !b.empty() && a != b) {
        sink_.error(l.where,
                    "link '" + l.id + "' crosses the " + a + "-" + b +
                        " border but belongs to no crossing; list it under crossings:",
                    i < elements.size() ? elements[i].path : std::string());
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
  const fs::path top = fs::weakly_canonical(fs::absolute(fs::path(path)));
  const std::string top_root = top.parent_path().parent_path().string();
  std::vector<std::string> chain;
  RawReader reader(options, sink);
  RawScenario raw = reader.read(path, top_root, 0, chain);
  // Unknown or duplicate keys and a bad version line leave everything else readable: go on, so
  // that one run also reports the units, ranges and references of stage 2.
  if (reader.lost_content()) sink.throw_if_any();
  Scenario scenario = ScenarioBuilder(raw, options, sink).build();
  sink.throw_if_any();
  return scenario;
}

}  // namespace borderflow
