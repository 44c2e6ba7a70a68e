#include "site/html.hpp"

#include <sstream>
#include <vector>

namespace borderflow {

std::string link_href(std::string_view url) {
  const bool web = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  return web ? escape_markup(url) : std::string();
}

std::string json_for_script(const nlohmann::json& value) {
  // `<`, `>` and `&` can only stand inside JSON strings, where \u escapes read back the same.
  const std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else if (c == '\xe2' && i + 2 < text.size() && text[i + 1] == '\x80' && (text[i + 2] == '\xa8' || text[i + 2] == '\xa9')) {
      out += text[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

/// Markdown text as escape_markdown writes it, back to plain text: "\|" and "\\" lose the
/// backslash, "&lt;" and "&amp;" become '<' and '&'.
std::string unescape_markdown(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      out += text[++i];
    } else if (text.substr(i, 4) == "&lt;") {
      out += '<';
      i += 3;
    } else if (text.substr(i, 5) == "&amp;") {
      out += '&';
      i += 4;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// The cells of a table line "| a | b \| c |": split at '|' not escaped, one space trimmed on
/// each side (more leading spaces are an indent, kept).
std::vector<std::string> table_cells(std::string_view line) {
  std::vector<std::string> cells;
  std::string cell;
  bool open = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\\' && i + 1 < line.size()) {
      cell += c;
      cell += line[++i];
    } else if (c == '|') {
      if (open) {
        if (!cell.empty() && cell.front() == ' ') cell.erase(0, 1);
        if (!cell.empty() && cell.back() == ' ') cell.pop_back();
        cells.push_back(cell);
      }
      cell.clear();
      open = true;
    } else {
      cell += c;
    }
  }
  return cells;
}

bool is_rule_line(const std::vector<std::string>& cells) {
  if (cells.empty()) return false;
  for (const auto& c : cells) {
    if (c.find_first_not_of("-:") != std::string::npos || c.find('-') == std::string::npos) return false;
  }
  return true;
}

std::string cell_html(const std::string& raw, const char* tag, bool right) {
  std::size_t indent = raw.find_first_not_of(' ');
  if (indent == std::string::npos) indent = raw.size();
  std::string classes;
  if (right) classes = "r";
  if (indent >= 2) classes += std::string(classes.empty() ? "" : " ") + "i" + std::to_string(indent >= 4 ? 2 : 1);
  std::string out = std::string("<") + tag;
  if (!classes.empty()) out += " class=\"" + classes + "\"";
  return out + ">" + escape_markup(unescape_markdown(raw.substr(indent))) + "</" + tag + ">";
}

std::string table_html(const std::vector<std::vector<std::string>>& lines) {
  // lines[0] the header, lines[1] the rule (alignment), then the rows.
  std::vector<bool> right;
  if (lines.size() > 1 && is_rule_line(lines[1])) {
    for (const auto& c : lines[1]) right.push_back(c.size() > 1 && c.back() == ':');
  }
  auto is_right = [&](std::size_t i) { return i < right.size() && right[i]; };
  std::ostringstream out;
  out << "<div class=\"bf-scroll\"><table class=\"bf-table\"><thead><tr>";
  for (std::size_t i = 0; i < lines[0].size(); ++i) out << cell_html(lines[0][i], "th", is_right(i));
  out << "</tr></thead><tbody>\n";
  for (std::size_t r = right.empty() ? 1 : 2; r < lines.size(); ++r) {
    out << "<tr>";
    for (std::size_t i = 0; i < lines[r].size(); ++i) out << cell_html(lines[r][i], "td", is_right(i));
    out << "</tr>\n";
  }
  out << "</tbody></table></div>\n";
  return out.str();
}

}  // namespace

std::string markdown_to_html(std::string_view markdown, int top_level) {
  std::ostringstream out;
  std::vector<std::vector<std::string>> table;
  auto flush_table = [&] {
    if (!table.empty()) out << table_html(table);
    table.clear();
  };
  std::size_t start = 0;
  while (start < markdown.size()) {
    std::size_t end = markdown.find('\n', start);
    if (end == std::string_view::npos) end = markdown.size();
    const std::string_view line = markdown.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.front() == '|') {
      table.push_back(table_cells(line));
      continue;
    }
    flush_table();
    if (line.find_first_not_of(' ') == std::string_view::npos) continue;
    int level = 0;
    if (line.rfind("### ", 0) == 0) level = top_level + 1;
    else if (line.rfind("## ", 0) == 0) level = top_level;
    if (level > 0) {
      const std::string_view text = line.substr(line.find(' ') + 1);
      out << "<h" << level << ">" << escape_markup(unescape_markdown(text)) << "</h" << level << ">\n";
    } else {
      const std::size_t indent = line.find_first_not_of(' ');
      out << (indent >= 2 ? "<p class=\"bf-note\">" : "<p>") << escape_markup(unescape_markdown(line.substr(indent)))
          << "</p>\n";
    }
  }
  flush_table();
  return out.str();
}

std::string markdown_section(std::string_view markdown, std::string_view heading) {
  const std::string marker = "### " + std::string(heading) + "\n";
  std::size_t begin = markdown.rfind(marker, 0) == 0 ? 0 : markdown.find("\n" + marker);
  if (begin == std::string_view::npos) return {};
  begin = markdown.find('\n', begin + (markdown[begin] == '\n' ? 1 : 0)) + 1;
  std::size_t end = begin;
  while (end < markdown.size()) {
    if (markdown.substr(end, 3) == "## " || markdown.substr(end, 4) == "### ") break;
    const std::size_t next = markdown.find('\n', end);
    end = next == std::string_view::npos ? markdown.size() : next + 1;
  }
  return std::string(markdown.substr(begin, end - begin));
}

}  // namespace borderflow
