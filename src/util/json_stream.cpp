#include "util/json_stream.h"

namespace scopegate::util {

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  append_json_escaped(out, text);
  out += '"';
}

std::string json_escaped(std::string_view text) {
  std::string out;
  append_json_escaped(out, text);
  return out;
}

void append_json_escaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto plain = [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\'; };
  for (std::size_t at = 0; at < text.size();) {
    // A run that needs no escape (all of a scope name) is appended at once.
    std::size_t end = at;
    while (end < text.size() && plain(text[end])) ++end;
    out.append(text.substr(at, end - at));
    if (end == text.size()) break;
    const char c = text[end];
    at = end + 1;
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:  // the other controls below 0x20
        out += "\\u00";
        out += kHex[byte >> 4];
        out += kHex[byte & 0xF];
    }
  }
}

void JsonStream::newline() {
  out_ += '\n';
  out_.append(levels_.size() * 2, ' ');
}

// Separators and line breaks before a value (or a key) in the current container.
void JsonStream::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  Level& level = levels_.back();
  if (!level.empty) out_ += level.flat ? ", " : ",";
  if (!level.flat) newline();
  level.empty = false;
}

void JsonStream::open(char bracket, bool flat) {
  before_value();
  out_ += bracket;
  levels_.push_back({flat, true});
}

void JsonStream::close(char bracket) {
  const Level level = levels_.back();
  levels_.pop_back();
  if (!level.empty && !level.flat) newline();
  out_ += bracket;
}

void JsonStream::begin_object() { open('{', false); }
void JsonStream::end_object() { close('}'); }
void JsonStream::begin_array() { open('[', false); }
void JsonStream::begin_flat_array() { open('[', true); }
void JsonStream::end_array() { close(']'); }

void JsonStream::key(std::string_view name) {
  before_value();
  append_json_string(out_, name);
  out_ += ": ";
  after_key_ = true;
}

void JsonStream::value(std::string_view text) {
  before_value();
  append_json_string(out_, text);
}

void JsonStream::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
}

void JsonStream::value(std::int64_t number) {
  before_value();
  out_ += std::to_string(number);
}

void JsonStream::null() {
  before_value();
  out_ += "null";
}

void JsonStream::field(std::string_view name, const std::optional<std::string>& text) {
  key(name);
  if (text) value(*text);
  else null();
}

void JsonStream::field(std::string_view name, const std::vector<std::string>& list) {
  key(name);
  begin_flat_array();
  for (const std::string& item : list) value(item);
  end_array();
}

}  // namespace scopegate::util
