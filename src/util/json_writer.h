#pragma once
// Indented JSON output for reports people also read.
#include <boost/json/value.hpp>
#include <string>

namespace scopegate::util {

std::string to_pretty_json(const boost::json::value& value);

}  // namespace scopegate::util
