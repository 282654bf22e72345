#pragma once
// Writes indented JSON straight into a string, without building a document
// first: a large report costs its text, not a tree of values three times its
// size. Arrays of plain values stay on one line: scope lists read better so.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scopegate::util {

class JsonStream {
 public:
  explicit JsonStream(std::string* out) : out_(*out) {}

  void begin_object();
  void end_object();
  void begin_array();       // one element per line
  void begin_flat_array();  // ["a", "b"]: plain values only
  void end_array();
  void key(std::string_view name);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(bool flag);
  void value(std::int64_t number);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void null();

  // Conveniences: "key": value.
  template <typename T>
  void field(std::string_view name, const T& value_) {
    key(name);
    value(value_);
  }
  void field(std::string_view name, const std::optional<std::string>& text);  // null when empty
  void field(std::string_view name, const std::vector<std::string>& list);    // a flat array
  void null_field(std::string_view name) {
    key(name);
    null();
  }

  void finish() { out_ += '\n'; }

 private:
  struct Level {
    bool flat = false;
    bool empty = true;
  };
  void before_value();
  void open(char bracket, bool flat);
  void close(char bracket);
  void newline();

  std::string& out_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

// JSON string escaping: quotes, backslashes, control characters; UTF-8 as is.
void append_json_string(std::string& out, std::string_view text);
// The same escaping without the quotes.
void append_json_escaped(std::string& out, std::string_view text);
std::string json_escaped(std::string_view text);

}  // namespace scopegate::util
