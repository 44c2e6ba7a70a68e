#pragma once
// A strict reader of YAML documents, shared by every loader (scenario files, sweep specs), so
// that each loader reads like its schema. Every problem goes into a DiagnosticSink as
// FILE:LINE:COLUMN with its YAML path, and every read returns something usable (nullopt, an
// empty list), so one pass reports every problem of a document. The rules it enforces once:
// keys are plain words, given once, from an allowed list (unknown keys get a did-you-mean or
// the list); values are single, non-empty scalars where one is expected; quantities carry a
// unit of their Dimension and are finite, not negative and at most kMaxMagnitude; files a
// document names are relative to it and stay below a root folder.
//
// A Field carries the file it was read from, so one Reader can read fields merged from several
// files (a scenario and the files it extends).
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "input/yaml_tree.hpp"

#include "core/diagnostic.hpp"
#include "core/quantity.hpp"

namespace borderflow {

/// A value of a document: the node, where it was written, and its YAML path ("links[3].capacity").
struct Field {
  YamlNode node;
  SourceLocation where;
  std::string path;
};

/// One key of a mapping with its value.
struct Entry {
  std::string key;
  SourceLocation key_where;
  Field value;
};

/// The entries of a mapping whose keys were checked against an allowed list.
struct Mapping {
  std::vector<Entry> entries;  ///< in document order
  /// Allowed keys that an unknown key was reported as a likely typo of ("lenght" -> "length"),
  /// and keys a YAML merge key meant to supply: a reader does not also report them as missing.
  std::set<std::string> misspelt;
  int unknown = 0;  ///< unknown keys reported

  const Entry* find(const std::string& key) const;
};

/// One item of a scalar-or-list field; `path` is the field's.
struct Word {
  std::string text;
  SourceLocation where;
  std::string path;
};

enum class Sign { ZeroOrMore, Positive };

/// How the lists in a document are described in messages.
enum class ListItems {
  Ids,     ///< "expected a list of ids, e.g. [a, b]", "expected an id"
  Values,  ///< "expected a list, e.g. [a, b]", "expected a single value"
};

/// Where a document may name other files: relative to itself, and below `root`.
struct FileRule {
  std::string root;         ///< canonical folder (see confinement_root)
  std::string relative_to;  ///< for messages: "this file", "the spec file"
  std::string outside;      ///< for messages, after "'X' leaves ": which tree, and what may be named
};

/// The parent of the folder of `file`, canonical: scenarios/x.yaml may name ../config/y.yaml,
/// nothing further out. When that is '/', relative_file refuses every path (see there).
std::string confinement_root(const std::string& file);

/// "; did you mean 'x'?" when a candidate is close to `word`, else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);
/// "; did you mean 'x'?", or "; expected one of: a, b, c".
std::string hint_or_list(const std::string& word, const std::vector<std::string>& allowed);
std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");
/// Two upper-case ASCII letters (ISO 3166-1 alpha-2 shape).
bool is_country_code(const std::string& code);

/// The ids of any vector of elements with an `id`, in order.
template <typename T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

class Reader {
 public:
  /// `merge_key_advice`, when set, is what messages suggest instead of a YAML merge key ("<<");
  /// the fields such a key meant to supply then count as misspelt, not missing.
  explicit Reader(DiagnosticSink& sink, std::string merge_key_advice = {})
      : sink_(sink), merge_key_advice_(std::move(merge_key_advice)) {}

  DiagnosticSink& sink() { return sink_; }

  /// The root mapping of a parsed document (path "").
  static Field root(const YamlNode& node, const std::string& file);
  /// A child value: `node` written in the file of `parent`, at path `path`.
  static Field child(const Field& parent, const YamlNode& node, const std::string& path);
  /// Item i of a sequence field (path "x[i]").
  static Field item(const Field& list, std::size_t i);

  void error(const Field& field, const std::string& message) { sink_.error(field.where, message, field.path); }
  void error(const Word& word, const std::string& message) { sink_.error(word.where, message, word.path); }

  /// Every key of a mapping once; non-scalar and repeated keys are reported and skipped.
  std::vector<Entry> entries(const Field& map);
  /// The entries whose keys are in `allowed`; an unknown key is reported as "unknown key 'k' in
  /// WHAT" with a did-you-mean or the list. A node that is not a mapping is reported as
  /// "PATH: expects a mapping".
  Mapping map(const Field& node, const std::vector<std::string>& allowed, const std::string& what);

  /// A non-empty scalar ("value is empty", "expected a single value, not a list or mapping").
  std::optional<std::string> scalar(const Field& field);
  /// A list of non-empty scalars; a single scalar is a list of one, an empty scalar none.
  std::vector<Word> words(const Field& field, ListItems items = ListItems::Ids);
  /// "NUMBER UNIT" of `dimension`, in internal units; finite, >= 0 (or > 0), <= kMaxMagnitude.
  std::optional<double> quantity(const Field& field, Dimension dimension, const UnitContext& context = {},
                                 Sign sign = Sign::ZeroOrMore);
  /// A plain decimal in [min, max].
  std::optional<double> decimal(const Field& field, double min, double max);
  /// Digits only (no sign, exponent or leading zero), in [min, max].
  std::optional<std::uint64_t> whole_number(const Field& field, std::uint64_t min, std::uint64_t max);
  /// One of `allowed`: "'v' is not one of: a, b" with a did-you-mean, or, when `what` is given,
  /// "'v' is not WHAT" with a did-you-mean or the list.
  std::optional<std::string> choice(const Field& field, const std::vector<std::string>& allowed,
                                    const std::string& what = {});
  /// A file named by a scalar field, relative to the field's file and confined below rule.root:
  /// the canonical path that was checked (every link resolved; relative to the working directory
  /// when the field's file was named by a relative path), which is the path to read, so nothing
  /// can be swapped in between the check and the read. Nullopt after reporting an absolute path,
  /// one that leaves the root (through "..", a link, or a link to nothing), or any path at all
  /// when the root is '/' (a top file in a folder directly below '/' would reach the whole
  /// machine). The field must already be a non-empty scalar. No absolute path appears in a
  /// message: messages are compared byte for byte across machines.
  std::optional<std::string> relative_file(const Field& field, const FileRule& rule);
  /// The index of `id` in `candidates`, or nullopt after reporting `not_found` with a did-you-mean.
  std::optional<std::size_t> lookup_id(const Word& id, const std::vector<std::string>& candidates,
                                       const std::string& not_found);

 private:
  DiagnosticSink& sink_;
  std::string merge_key_advice_;
};

}  // namespace borderflow
