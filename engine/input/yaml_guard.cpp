#include "input/yaml_guard.hpp"

#include <algorithm>
#include <sstream>

#include <yaml-cpp/eventhandler.h>

#include "core/text.hpp"

namespace borderflow {
namespace {

struct PreflightFailure {
  YAML::Mark mark;
  std::string message;
};

class Preflight final : public YAML::EventHandler {
 public:
  Preflight(const Limits& limits, const std::string& text) : limits_(limits), text_(text) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_ == 0) first_document_start_ = mark;
    last_document_start_ = mark;
    ++documents_;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { node(mark, "?", anchor); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    fail(mark, "aliases (*name) are not allowed; repeat the value or use extends:");
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    node(mark, tag, anchor);
    check_closed_quote(mark);
    if (value.size() > limits_.max_scalar_bytes) {
      fail(mark, "value is " + std::to_string(value.size()) + " bytes; the limit is " +
                     std::to_string(limits_.max_scalar_bytes));
    }
    if (!is_clean_utf8(value)) fail(mark, "value is not valid UTF-8 text or contains control characters");
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    node(mark, tag, anchor);
    enter(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    node(mark, tag, anchor);
    enter(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void node(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) fail(mark, "anchors (&name) are not allowed; repeat the value or use extends:");
    if (!tag.empty() && tag != "?" && tag != "!") fail(mark, "tags ('" + written_tag(tag) + "') are not allowed");
    if (++nodes_ > limits_.max_nodes) {
      fail(mark, "more than " + std::to_string(limits_.max_nodes) + " YAML nodes in one file");
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
  [[noreturn]] void fail(const YAML::Mark& mark, std::string message) { throw PreflightFailure{mark, std::move(message)}; }
  /// yaml-cpp reports "!!binary" resolved as "tag:yaml.org,2002:binary"; show it as written.
  static std::string written_tag(const std::string& tag) {
    const std::string core = "tag:yaml.org,2002:";
    return tag.rfind(core, 0) == 0 ? "!!" + tag.substr(core.size()) : tag;
  }

  const Limits& limits_;
  const std::string& text_;
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

YamlDocument parse_yaml_guarded(const std::string& text, const std::string& file, const Limits& limits) {
  if (text.size() > limits.max_file_bytes) {
    reject(file, 0, 0, "input is " + std::to_string(text.size()) + " bytes; the limit is " +
                           std::to_string(limits.max_file_bytes));
  }
  if (text.find('\0') != std::string::npos) {
    const auto offset = text.find('\0');
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
    const auto line_start = text.rfind('\n', offset);
    const int column = 1 + static_cast<int>(line_start == std::string::npos ? offset : offset - line_start - 1);
    reject(file, line, column, "file contains a NUL byte; scenarios are UTF-8 text");
  }
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    Preflight preflight(limits, text);
    if (!parser.HandleNextDocument(preflight)) reject(file, 1, 1, "empty file: expected a scenario mapping");
    if (parser.HandleNextDocument(preflight) || preflight.documents_ > 1) {
      const auto& mark = preflight.last_document_start_;
      if (mark.pos == preflight.first_document_start_.pos) {
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
  } catch (const PreflightFailure& failure) {
    reject(file, failure.mark.line + 1, failure.mark.column + 1, failure.message);
  } catch (const YAML::Exception& e) {
    reject(file, e.mark.line + 1, e.mark.column + 1, describe_parser_error(e));
  }
  YamlDocument document{file, {}};
  try {
    document.root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    reject(file, e.mark.line + 1, e.mark.column + 1, describe_parser_error(e));
  }
  if (!document.root.IsMap()) {
    const auto mark = document.root.Mark();
    reject(file, mark.line + 1, mark.column + 1, "expected a mapping of scenario sections at the top of the file");
  }
  return document;
}

}  // namespace borderflow
