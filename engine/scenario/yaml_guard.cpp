#include "scenario/yaml_guard.hpp"

#include <sys/stat.h>

#include <fstream>
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
  explicit Preflight(const Limits& limits) : limits_(limits) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
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
    if (!tag.empty() && tag != "?" && tag != "!") fail(mark, "tags ('" + tag + "') are not allowed");
    if (++nodes_ > limits_.max_nodes) {
      fail(mark, "more than " + std::to_string(limits_.max_nodes) + " YAML nodes in one file");
    }
  }
  void enter(const YAML::Mark& mark) {
    if (++depth_ > limits_.max_depth) {
      fail(mark, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
  }
  [[noreturn]] void fail(const YAML::Mark& mark, std::string message) { throw PreflightFailure{mark, std::move(message)}; }

  const Limits& limits_;
 public:
  YAML::Mark last_document_start_;
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

std::string read_input_file(const std::string& path, const Limits& limits) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) reject(path, 0, 0, "cannot open file: no such file or not readable");
  if (!S_ISREG(info.st_mode)) reject(path, 0, 0, "not a regular file");
  if (static_cast<std::size_t>(info.st_size) > limits.max_file_bytes) {
    reject(path, 0, 0, "file is " + std::to_string(info.st_size) + " bytes; the limit is " +
                           std::to_string(limits.max_file_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) reject(path, 0, 0, "cannot open file for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > limits.max_file_bytes) reject(path, 0, 0, "file grew past the size limit while read");
  return text;
}

YamlDocument parse_yaml_guarded(const std::string& text, const std::string& file, const Limits& limits) {
  if (text.size() > limits.max_file_bytes) {
    reject(file, 0, 0, "input is " + std::to_string(text.size()) + " bytes; the limit is " +
                           std::to_string(limits.max_file_bytes));
  }
  if (text.find('\0') != std::string::npos) {
    const auto offset = text.find('\0');
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
    reject(file, line, 1, "file contains a NUL byte; scenarios are UTF-8 text");
  }
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    Preflight preflight(limits);
    if (!parser.HandleNextDocument(preflight)) reject(file, 1, 1, "empty file: expected a scenario mapping");
    if (parser.HandleNextDocument(preflight) || preflight.documents_ > 1) {
      const auto& mark = preflight.last_document_start_;
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
