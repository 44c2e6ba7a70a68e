#include "core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace borderflow {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus adjacent transpositions, so that the common typo
  // "raod" is one edit from "road" (and not a tie with "rail").
  const std::size_t n = b.size();
  std::vector<std::size_t> before(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= n; ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[n];
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    // A hint must share something with the word: rewriting all of "<<" into "id" is no hint.
    if (d < best_distance && d < word.size()) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (!alnum(id[0])) return false;
  return std::all_of(id.begin() + 1, id.end(),
                     [&](char c) { return alnum(c) || c == '_' || c == '.' || c == ':' || c == '-'; });
}

namespace {

/// The UTF-8 sequence starting at text[i]: its length, with the code point in `code`; 0 when
/// the bytes there are not UTF-8 (a stray, truncated, overlong or surrogate sequence).
std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t& code) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    code = c;
    return 1;
  }
  std::size_t extra = 0;
  char32_t min_code = 0;
  if ((c & 0xe0) == 0xc0) { extra = 1; code = c & 0x1f; min_code = 0x80; }
  else if ((c & 0xf0) == 0xe0) { extra = 2; code = c & 0x0f; min_code = 0x800; }
  else if ((c & 0xf8) == 0xf0) { extra = 3; code = c & 0x07; min_code = 0x10000; }
  else return 0;
  if (i + extra >= text.size()) return 0;
  for (std::size_t k = 1; k <= extra; ++k) {
    const auto cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xc0) != 0x80) return 0;
    code = (code << 6) | (cc & 0x3f);
  }
  if (code < min_code || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return extra + 1;
}

/// Code points that change how a terminal or a bidi-aware viewer shows the text around them.
bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f ||
         (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

std::string hex_escape(const char* prefix, unsigned value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "\\%s{%x}", prefix, value);
  return buffer;
}

}  // namespace

namespace {

/// Whether all eight bytes of `word` are printable ASCII (0x20-0x7e), without a branch per byte:
/// no byte has its top bit, none is below 0x20, none is 0x7f. The tests are exact ("Bit
/// Twiddling Hacks": a byte below n, for n <= 128, and a zero byte after xor with 0x7f).
bool printable_ascii_word(std::uint64_t word) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  const std::uint64_t below_space = (word - 0x20 * ones) & ~word & highs;
  const std::uint64_t del = word ^ (0x7f * ones);
  const std::uint64_t is_del = (del - ones) & ~del & highs;
  return ((word & highs) | below_space | is_del) == 0;
}

}  // namespace

bool is_clean_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // Printable ASCII (0x20-0x7e), nearly all of a YAML file, without decoding: eight bytes at a
    // time where it can, then byte by byte.
    if (i + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if (printable_ascii_word(word)) {
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(static_cast<unsigned char>(text[i]) - 0x20) < 0x5f) {
      ++i;
      continue;
    }
    char32_t code = 0;
    const std::size_t length = utf8_sequence(text, i, code);
    if (length == 0) return false;
    if (length == 1 && ((code < 0x20 && code != '\t' && code != '\n') || code == 0x7f)) return false;
    i += length;
  }
  return true;
}

std::string escape_controls(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t code = 0;
    const std::size_t length = utf8_sequence(text, i, code);
    if (length == 0) {
      out += hex_escape("x", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (is_control(code) && !(keep_newlines && code == '\n')) out += hex_escape("u", static_cast<unsigned>(code));
    else out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string escape_markdown(std::string_view text) {
  std::string out;
  for (char c : escape_controls(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '\\': out += "\\\\"; break;
      case '|': out += "\\|"; break;
      default: out += c;
    }
  }
  return out;
}

std::optional<double> parse_decimal(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const std::size_t digits_start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  const std::size_t int_digits = i - digits_start;
  std::size_t frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t frac_start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    frac_digits = i - frac_start;
  }
  if (int_digits + frac_digits == 0) return std::nullopt;
  if (int_digits > 1 && text[digits_start] == '0') return std::nullopt;  // "010" reads as octal elsewhere
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const std::size_t exp_start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == exp_start) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  double value = 0;
  const char* first = text.data() + (text[0] == '+' ? 1 : 0);
  auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string format_real(double value) {
  if (std::isnan(value)) return {};
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[400];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (ec != std::errc()) return "?";
  return std::string(buffer, ptr);
}

std::string format_fixed(double value, int decimals) {
  if (std::isinf(value)) return value > 0 ? "unlimited" : "-unlimited";
  if (value == 0) value = 0;  // no "-0.0"
  char buffer[64];
  auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  if (ec != std::errc()) return "?";
  std::string out(buffer, ptr);
  if (out.find_first_not_of("-0.") == std::string::npos && out[0] == '-') out.erase(0, 1);
  return out;
}

std::string format_grouped(double value) {
  if (std::isinf(value)) return "unlimited";
  std::string digits = format_fixed(std::round(value), 0);
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[i];
    if ((n - i - 1) % 3 == 0 && i + 1 < n) out += ',';
  }
  return negative ? "-" + out : out;
}

std::string format_significant(double value, int figures) {
  if (!std::isfinite(value)) return format_grouped(value);
  if (value == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  const int decimals = figures - 1 - magnitude;
  if (decimals <= 0) {
    const double unit = std::pow(10.0, -decimals);
    return format_grouped(std::round(value / unit) * unit);
  }
  // Rounding may carry into one more digit (99.96 -> "100.0"): format again at the new magnitude.
  const double rounded_value = std::round(value * std::pow(10.0, decimals)) / std::pow(10.0, decimals);
  const int new_magnitude = static_cast<int>(std::floor(std::log10(std::fabs(rounded_value))));
  return format_fixed(rounded_value, std::max(0, figures - 1 - new_magnitude));
}

}  // namespace borderflow
