#include "input/reader.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "core/limits.hpp"
#include "core/text.hpp"

namespace borderflow {
namespace {

namespace fs = std::filesystem;

SourceLocation at(const FileName& file, const YamlMark& mark) { return {file, mark.line + 1, mark.column + 1}; }

std::string child_path(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

}  // namespace

const Entry* Mapping::find(const std::string& key) const {
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

std::string confinement_root(const std::string& file) {
  // absolute() first: weakly_canonical leaves a relative path relative when nothing of it exists.
  return fs::weakly_canonical(fs::absolute(fs::path(file))).parent_path().parent_path().string();
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const auto hint = closest_match(word, candidates);
  return hint ? "; did you mean '" + *hint + "'?" : std::string();
}

std::string hint_or_list(const std::string& word, const std::vector<std::string>& allowed) {
  if (auto hint = closest_match(word, allowed)) return "; did you mean '" + *hint + "'?";
  return "; expected one of: " + join(allowed);
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

bool is_country_code(const std::string& code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

Field Reader::root(const YamlNode& node, const std::string& file) { return {node, at(FileName(file), node.Mark()), ""}; }

Field Reader::child(const Field& parent, const YamlNode& node, const std::string& path) {
  return {node, at(parent.where.file, node.Mark()), path};
}

Field Reader::item(const Field& list, std::size_t i) {
  return child(list, list.node[i], list.path + "[" + std::to_string(i) + "]");
}

std::vector<Entry> Reader::entries(const Field& map) {
  std::vector<Entry> out;
  out.reserve(map.node.size());
  for (const auto& [key, value] : map.node.entries()) {
    const SourceLocation key_where = at(map.where.file, key.Mark());
    if (!key.IsScalar()) {
      sink_.error(key_where, "keys must be plain words", map.path);
      continue;
    }
    const std::string& name = key.Scalar();
    // A mapping has a handful of keys: a scan of those kept finds the first of a duplicate
    // without a tree per mapping (one per element of every section).
    const auto first = std::find_if(out.begin(), out.end(), [&name](const Entry& e) { return e.key == name; });
    if (first != out.end()) {
      sink_.error(key_where,
                  "duplicate key '" + name + "' (first given on line " + std::to_string(first->key_where.line) + ")",
                  child_path(map.path, name));
      continue;
    }
    out.push_back({name, key_where, child(map, value, child_path(map.path, name))});
  }
  return out;
}

Mapping Reader::map(const Field& node, const std::vector<std::string>& allowed, const std::string& what) {
  Mapping out;
  if (!node.node.IsMap()) {
    error(node, node.path + ": expects a mapping");
    return out;
  }
  for (auto& entry : entries(node)) {
    if (std::find(allowed.begin(), allowed.end(), entry.key) != allowed.end()) {
      out.entries.push_back(std::move(entry));
      continue;
    }
    ++out.unknown;
    std::string message = "unknown key '" + entry.key + "' in " + what;
    const YamlNode& value = entry.value.node;
    if (entry.key == "<<" && !merge_key_advice_.empty()) {
      message += "; YAML merge keys are not supported: " + merge_key_advice_;
      if (value.IsMap()) {  // the fields a merge key meant to supply are not "missing"
        for (const auto& [key, unused] : value.entries()) {
          if (key.IsScalar()) out.misspelt.insert(key.Scalar());
        }
      }
    } else if (auto hint = closest_match(entry.key, allowed)) {
      message += "; did you mean '" + *hint + "'?";
      out.misspelt.insert(*hint);
    } else {
      message += "; expected one of: " + join(allowed);
    }
    sink_.error(entry.key_where, message, entry.value.path);
  }
  return out;
}

std::optional<std::string> Reader::scalar(const Field& field) {
  if (field.node.IsNull() || (field.node.IsScalar() && field.node.Scalar().empty())) {
    error(field, "value is empty");
    return std::nullopt;
  }
  if (!field.node.IsScalar()) {
    error(field, "expected a single value, not a list or mapping");
    return std::nullopt;
  }
  return field.node.Scalar();
}

std::vector<Word> Reader::words(const Field& field, ListItems items) {
  std::vector<Word> out;
  if (field.node.IsScalar()) {
    if (!field.node.Scalar().empty()) out.push_back({field.node.Scalar(), field.where, field.path});
    return out;
  }
  const bool ids = items == ListItems::Ids;
  if (!field.node.IsSequence()) {
    error(field, ids ? "expected a list of ids, e.g. [a, b]" : "expected a list, e.g. [a, b]");
    return out;
  }
  for (std::size_t i = 0; i < field.node.size(); ++i) {
    const Field entry = item(field, i);
    if (!entry.node.IsScalar() || entry.node.Scalar().empty()) {
      error(entry, ids ? "expected an id" : "expected a single value");
      continue;
    }
    out.push_back({entry.node.Scalar(), entry.where, field.path});
  }
  return out;
}

std::optional<double> Reader::quantity(const Field& field, Dimension dimension, const UnitContext& context, Sign sign) {
  const auto text = scalar(field);
  if (!text) return std::nullopt;
  const auto parsed = parse_quantity(*text, dimension, context);
  if (!parsed.value) {
    error(field, parsed.error);
    return std::nullopt;
  }
  const bool zero_ok = sign == Sign::ZeroOrMore;
  if (*parsed.value < 0 || (!zero_ok && *parsed.value == 0)) {
    error(field, std::string("must be ") + (zero_ok ? "zero or more" : "more than zero") + ", got '" + *text + "'");
    return std::nullopt;
  }
  if (!(*parsed.value <= kMaxMagnitude)) {  // also catches a product that overflowed to infinity
    error(field, "'" + *text + "' is beyond the engine's numeric range (1e12 in t/yr or USD/t)");
    return std::nullopt;
  }
  return parsed.value;
}

std::optional<double> Reader::decimal(const Field& field, double min, double max) {
  const auto text = scalar(field);
  if (!text) return std::nullopt;
  const auto value = parse_decimal(*text);
  if (!value) {
    error(field, "'" + *text + "' is not a plain decimal number (no hex, octal, '_', inf or nan)");
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    error(field, "'" + *text + "' is out of range [" + format_fixed(min, 0) + ", " + format_fixed(max, 0) + "]");
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> Reader::whole_number(const Field& field, std::uint64_t min, std::uint64_t max) {
  const auto text = scalar(field);
  if (!text) return std::nullopt;
  std::uint64_t value = 0;
  const bool digits = std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; });
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (!digits || ec != std::errc() || ptr != text->data() + text->size() || (text->size() > 1 && (*text)[0] == '0')) {
    error(field, "expected a whole number (digits only, no sign, exponent or leading zero), got '" + *text + "'");
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(field, "'" + *text + "' is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> Reader::choice(const Field& field, const std::vector<std::string>& allowed,
                                          const std::string& what) {
  const auto value = scalar(field);
  if (!value) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *value) != allowed.end()) return value;
  if (what.empty()) {
    error(field, "'" + *value + "' is not one of: " + join(allowed) + did_you_mean(*value, allowed));
  } else {
    error(field, "'" + *value + "' is not " + what + hint_or_list(*value, allowed));
  }
  return std::nullopt;
}

std::optional<std::string> Reader::relative_file(const Field& field, const FileRule& rule) {
  const std::string target = field.node.Scalar();
  const fs::path target_path(target);
  if (target_path.is_absolute()) {
    error(field, field.path + ": path must be relative to " + rule.relative_to + ", got '" + target + "'");
    return std::nullopt;
  }
  if (!fs::path(rule.root).has_relative_path()) {
    error(field, field.path + ": '" + target + "' cannot be used: files may name others only below the parent of " +
                     "the top file's folder, and here that is '/', the whole machine; move the files into a " +
                     "folder at least two levels below '/'");
    return std::nullopt;
  }
  const fs::path document(field.where.file.str());
  const fs::path canonical = fs::weakly_canonical(fs::absolute((document.parent_path() / target_path).lexically_normal()));
  const std::string relative = canonical.lexically_relative(rule.root).string();
  std::error_code ignored;
  // A link whose target does not exist yet is not resolved by weakly_canonical: refused, since
  // whatever it comes to point at was never checked.
  if (relative.empty() || relative.rfind("..", 0) == 0 || fs::is_symlink(fs::symlink_status(canonical, ignored))) {
    error(field, field.path + ": '" + target + "' leaves " + rule.outside);
    return std::nullopt;
  }
  // The path that was checked is the one read: no link along it is followed again. It is given
  // relative to the working directory when the document's own path was relative, so messages
  // name it as the user would.
  if (document.is_absolute()) return canonical.string();
  return canonical.lexically_relative(fs::current_path()).string();
}

std::optional<std::size_t> Reader::lookup_id(const Word& id, const std::vector<std::string>& candidates,
                                             const std::string& not_found) {
  const auto it = std::find(candidates.begin(), candidates.end(), id.text);
  if (it != candidates.end()) return static_cast<std::size_t>(it - candidates.begin());
  error(id, not_found + did_you_mean(id.text, candidates));
  return std::nullopt;
}

}  // namespace borderflow
