#include "util/json_writer.h"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace scopegate::util {

namespace {
void write_value(const boost::json::value& value, std::string& out, int depth);

void newline(std::string& out, int depth) {
  out += '\n';
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

void write_object(const boost::json::object& object, std::string& out, int depth) {
  if (object.empty()) {
    out += "{}";
    return;
  }
  out += '{';
  bool first = true;
  for (const auto& member : object) {
    if (!first) out += ',';
    first = false;
    newline(out, depth + 1);
    out += boost::json::serialize(boost::json::string_view(member.key()));
    out += ": ";
    write_value(member.value(), out, depth + 1);
  }
  newline(out, depth);
  out += '}';
}

// Arrays of scalars stay on one line: scope lists read better that way.
void write_array(const boost::json::array& array, std::string& out, int depth) {
  const bool flat = std::all_of(array.begin(), array.end(), [](const boost::json::value& item) {
    return !item.is_object() && !item.is_array();
  });
  if (array.empty() || flat) {
    out += '[';
    for (std::size_t i = 0; i < array.size(); ++i) {
      if (i > 0) out += ", ";
      out += boost::json::serialize(array[i]);
    }
    out += ']';
    return;
  }
  out += '[';
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (i > 0) out += ',';
    newline(out, depth + 1);
    write_value(array[i], out, depth + 1);
  }
  newline(out, depth);
  out += ']';
}

void write_value(const boost::json::value& value, std::string& out, int depth) {
  if (value.is_object()) {
    write_object(value.get_object(), out, depth);
  } else if (value.is_array()) {
    write_array(value.get_array(), out, depth);
  } else {
    out += boost::json::serialize(value);
  }
}
}  // namespace

std::string to_pretty_json(const boost::json::value& value) {
  std::string out;
  write_value(value, out, 0);
  out += '\n';
  return out;
}

}  // namespace scopegate::util
