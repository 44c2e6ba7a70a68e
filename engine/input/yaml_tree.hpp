#pragma once
// A parsed YAML document as the engine reads it: scalars, sequences and mappings with the place
// each was written. It is built by the guard (yaml_guard.hpp) in the same pass over the parser's
// events that enforces the input limits, so a file is parsed once (yaml-cpp's own YAML::Load
// would be a second full parse, and its nodes cost several times as much memory).
//
// A YamlNode is a handle: copying it is cheap and shares the document, which lives as long as
// any handle to it. Nodes are immutable. The names of the accessors are yaml-cpp's (IsMap,
// Scalar, Mark), so readers read like code written against yaml-cpp. There are no aliases or
// anchors (the guard refuses them), so the tree is a tree.
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace borderflow {

/// Where a node starts: 0-based line, column and byte offset (as yaml-cpp reports them).
struct YamlMark {
  int line = 0, column = 0, pos = 0;
};

class YamlNode {
 public:
  enum class Kind { Undefined, Null, Scalar, Sequence, Map };

  /// Undefined: what a lookup of a missing key returns; false in a condition.
  YamlNode() = default;
  /// A single scalar (a table cell read as if it were written in YAML).
  static YamlNode scalar(std::string text, YamlMark mark);
  /// A sequence of scalars, all at `mark` (the items of a table cell "a;b").
  static YamlNode sequence(const std::vector<std::string>& items, YamlMark mark);

  Kind kind() const { return data_ ? data_->kind : Kind::Undefined; }
  explicit operator bool() const { return data_ != nullptr; }
  bool IsDefined() const { return data_ != nullptr; }
  bool IsNull() const { return kind() == Kind::Null; }
  bool IsScalar() const { return kind() == Kind::Scalar; }
  bool IsSequence() const { return kind() == Kind::Sequence; }
  bool IsMap() const { return kind() == Kind::Map; }
  /// The text of a scalar ("" for any other node).
  const std::string& Scalar() const;
  YamlMark Mark() const { return data_ ? data_->mark : YamlMark{}; }
  /// Items of a sequence, entries of a mapping, 0 otherwise.
  std::size_t size() const;

  /// Item i of a sequence (undefined when out of range or not a sequence).
  YamlNode operator[](std::size_t i) const;
  YamlNode operator[](int i) const { return (*this)[static_cast<std::size_t>(i)]; }
  /// The value of the first entry of a mapping whose key is the scalar `key` (undefined if none).
  YamlNode operator[](const std::string& key) const;
  YamlNode operator[](const char* key) const { return (*this)[std::string(key)]; }

  /// The items of a sequence, in order (empty otherwise).
  std::vector<YamlNode> items() const;
  /// The entries of a mapping in document order, repeated keys included (empty otherwise).
  std::vector<std::pair<YamlNode, YamlNode>> entries() const;

  /// One node of a document (public for the builder in yaml_guard.cpp).
  struct Data {
    Kind kind = Kind::Null;
    YamlMark mark;
    std::string scalar;
    /// Sequence: its items; mapping: key, value, key, value, ... (indices into the document).
    std::vector<std::size_t> children;
  };
  struct Document {
    std::vector<Data> nodes;
  };
  /// The document this node belongs to (null for an undefined node): what the YAML cache stores.
  const std::shared_ptr<const Document>& document() const { return document_; }
  /// The node `index` of `document` (the builder hands out its root this way).
  YamlNode(std::shared_ptr<const Document> document, std::size_t index)
      : document_(std::move(document)), data_(&document_->nodes[index]) {}

 private:
  YamlNode child(std::size_t index) const { return {document_, index}; }

  std::shared_ptr<const Document> document_;
  const Data* data_ = nullptr;
};

}  // namespace borderflow
