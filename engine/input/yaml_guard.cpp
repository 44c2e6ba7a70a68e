#include "input/yaml_guard.hpp"

#include <algorithm>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "core/text.hpp"

namespace borderflow {
namespace {

struct GuardFailure {
  YAML::Mark mark;
  std::string message;
};

/// Checks every event against the limits and builds the tree from the same events: the one pass.
class GuardedBuilder final : public YAML::EventHandler {
 public:
  GuardedBuilder(const Limits& limits, const std::string& text)
      : limits_(limits), text_(text), document_(std::make_shared<YamlNode::Document>()) {}

  /// The first document's root (a null node when the document is empty).
  YamlNode root() const {
    if (document_->nodes.empty()) document_->nodes.push_back(YamlNode::Data{});
    return {document_, 0};
  }
  const YamlNode::Document& document() const { return *document_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_ == 0) first_document_start_ = mark;
    last_document_start_ = mark;
    ++documents_;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    node(mark, "?", anchor);
    add(YamlNode::Kind::Null, mark, {});
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    fail(mark, "aliases (*name) are not allowed; repeat the value or use extends:");
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    node(mark, tag, anchor);
    check_closed_quote(mark);
    if (value.size() > limits_.max_scalar_bytes) {
      fail(mark, "value is " + std::to_string(value.size()) + " bytes; the limit is " +
                     std::to_string(limits_.max_scalar_bytes) + limit_advice(kMaxScalarBytesFlag));
    }
    if (!is_clean_utf8(value)) fail(mark, "value is not valid UTF-8 text or contains control characters");
    add(YamlNode::Kind::Scalar, mark, value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    node(mark, tag, anchor);
    enter(mark);
    open_.push_back(add(YamlNode::Kind::Sequence, mark, {}));
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    node(mark, tag, anchor);
    enter(mark);
    open_.push_back(add(YamlNode::Kind::Map, mark, {}));
  }
  void OnMapEnd() override { close(); }

 private:
  /// A new node, attached to the open sequence or mapping (a mapping takes key, value, key, ...);
  /// nodes of a second document are not kept (it is refused).
  std::size_t add(YamlNode::Kind kind, const YAML::Mark& mark, const std::string& scalar) {
    if (documents_ > 1) return 0;
    auto& nodes = document_->nodes;
    const std::size_t index = nodes.size();
    nodes.push_back(YamlNode::Data{kind, YamlMark{mark.line, mark.column, mark.pos}, scalar, {}});
    if (!open_.empty()) nodes[open_.back()].children.push_back(index);
    return index;
  }
  void close() {
    --depth_;
    if (!open_.empty()) open_.pop_back();
  }
  void node(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) fail(mark, "anchors (&name) are not allowed; repeat the value or use extends:");
    if (!tag.empty() && tag != "?" && tag != "!") fail(mark, "tags ('" + written_tag(tag) + "') are not allowed");
    if (++nodes_ > limits_.max_nodes) {
      fail(mark, "more than " + std::to_string(limits_.max_nodes) + " YAML nodes in one file" + limit_advice(kMaxNodesFlag));
    }
  }
  /// yaml-cpp 0.7 lets a quoted scalar without its closing quote run to the end of the file when
  /// the file ends with a newline, silently swallowing every line after it.
  void check_closed_quote(const YAML::Mark& mark) {
    const auto start = static_cast<std::size_t>(mark.pos);
    if (start >= text_.size() || (text_[start] != '"' && text_[start] != '\'')) return;
    const char quote = text_[start];
    for (std::size_t i = start + 1; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;  // an escaped character, possibly the quote itself
      } else if (text_[i] == quote) {
        if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;  // '' is a quote inside a single-quoted string
        } else {
          return;
        }
      }
    }
    fail(mark, std::string("quoted text has no closing ") + quote + "; it would run to the end of the file");
  }
  void enter(const YAML::Mark& mark) {
    if (++depth_ > limits_.max_depth) {
      fail(mark, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
  }
  [[noreturn]] void fail(const YAML::Mark& mark, std::string message) { throw GuardFailure{mark, std::move(message)}; }
  /// yaml-cpp reports "!!binary" resolved as "tag:yaml.org,2002:binary"; show it as written.
  static std::string written_tag(const std::string& tag) {
    const std::string core = "tag:yaml.org,2002:";
    return tag.rfind(core, 0) == 0 ? "!!" + tag.substr(core.size()) : tag;
  }

  const Limits& limits_;
  const std::string& text_;
  std::shared_ptr<YamlNode::Document> document_;
  std::vector<std::size_t> open_;  ///< the sequences and mappings being filled, innermost last
 public:
  YAML::Mark first_document_start_, last_document_start_;
  int documents_ = 0;

 private:
  int depth_ = 0;
  std::size_t nodes_ = 0;
};

[[noreturn]] void reject(const std::string& file, int line, int column, std::string message) {
  throw InputError({Diagnostic{{file, line, column}, std::move(message), {}}});
}

std::string describe_parser_error(const YAML::Exception& e) {
  std::string message = e.msg;
  if (message == "bad file" || message.empty()) message = "YAML nesting too deep or malformed";
  return "invalid YAML: " + message;
}

}  // namespace

YamlDocument parse_yaml_guarded(const std::string& text, const std::string& file, const Limits& limits,
                                const YamlCache& cache) {
  if (text.size() > limits.max_file_bytes) {
    reject(file, 0, 0, "input is " + std::to_string(text.size()) + " bytes; the limit is " +
                           std::to_string(limits.max_file_bytes) + limit_advice(kMaxFileBytesFlag));
  }
  if (text.find('\0') != std::string::npos) {
    const auto offset = text.find('\0');
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
    const auto line_start = text.rfind('\n', offset);
    const int column = 1 + static_cast<int>(line_start == std::string::npos ? offset : offset - line_start - 1);
    reject(file, line, column, "file contains a NUL byte; scenarios are UTF-8 text");
  }
  // Only trees that passed every check below are stored, and a stored tree decodes only when it
  // is one the guard could have built under these limits, with a mapping at its root.
  const bool cached = cache.enabled() && text.size() >= kYamlCacheMinBytes;
  Sha256Digest key{};
  if (cached) {
    key = cache.key(text, limits);
    if (auto tree = cache.load(key, limits, text.size())) return YamlDocument{file, YamlNode(std::move(tree), 0)};
  }
  YamlNode root;
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    GuardedBuilder builder(limits, text);
    if (!parser.HandleNextDocument(builder)) reject(file, 1, 1, "empty file: expected a scenario mapping");
    if (parser.HandleNextDocument(builder) || builder.documents_ > 1) {
      const auto& mark = builder.last_document_start_;
      if (mark.pos == builder.first_document_start_.pos) {
        // The parser made no progress: yaml-cpp 0.7 reads a stray ',' or similar as empty documents forever.
        const auto at = static_cast<std::size_t>(mark.pos);
        const char c = at < text.size() ? text[at] : ' ';
        reject(file, mark.line + 1, mark.column + 1,
               (c > ' ' && c < 127 ? "unexpected '" + std::string(1, c) + "'" : std::string("unexpected text")) +
                   ": expected a mapping of scenario sections ('key: value' lines)");
      }
      reject(file, mark.line + 1, mark.column + 1,
             "a second YAML document starts here ('---' or stray text after the scenario); expected exactly one");
    }
    root = builder.root();
    if (cached && root.IsMap()) cache.store(key, builder.document());
  } catch (const GuardFailure& failure) {
    reject(file, failure.mark.line + 1, failure.mark.column + 1, failure.message);
  } catch (const YAML::Exception& e) {
    reject(file, e.mark.line + 1, e.mark.column + 1, describe_parser_error(e));
  }
  YamlDocument document{file, root};
  if (!document.root.IsMap()) {
    const auto mark = document.root.Mark();
    reject(file, mark.line + 1, mark.column + 1, "expected a mapping of scenario sections at the top of the file");
  }
  return document;
}

}  // namespace borderflow
