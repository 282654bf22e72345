#include "cli/args.h"

#include <algorithm>

#include "util/edit_distance.h"

namespace scopegate::cli {

std::optional<std::string> ParsedArgs::value(std::string_view name) const {
  const auto found = values_.find(std::string(name));
  if (found == values_.end() || found->second.empty()) return std::nullopt;
  return found->second.back();
}

std::vector<std::string> ParsedArgs::values(std::string_view name) const {
  const auto found = values_.find(std::string(name));
  return found == values_.end() ? std::vector<std::string>{} : found->second;
}

namespace {
const OptionSpec* find_long(const std::vector<OptionSpec>& specs, std::string_view name) {
  const auto found = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.long_name == name; });
  return found == specs.end() ? nullptr : &*found;
}

const OptionSpec* find_short(const std::vector<OptionSpec>& specs, char name) {
  const auto found = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.short_name == name; });
  return found == specs.end() ? nullptr : &*found;
}

std::string unknown_option(std::string_view written, const std::vector<OptionSpec>& specs) {
  std::vector<std::string> names;
  for (const OptionSpec& spec : specs) names.push_back("--" + std::string(spec.long_name));
  return "unknown option '" + std::string(written) + "'" + util::did_you_mean(written, names);
}
}  // namespace

bool parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs, ParsedArgs* parsed,
                std::string* error) {
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg == "-" || arg.size() < 2 || arg[0] != '-') {
      parsed->positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    const OptionSpec* spec = nullptr;
    std::optional<std::string> inline_value;
    std::string written = arg;
    if (arg.starts_with("--")) {
      const std::size_t equals = arg.find('=');
      written = arg.substr(0, equals);
      spec = find_long(specs, std::string_view(written).substr(2));
      if (equals != std::string::npos) inline_value = arg.substr(equals + 1);
    } else {
      written = arg.substr(0, 2);
      spec = find_short(specs, arg[1]);
      if (arg.size() > 2) inline_value = arg.substr(2);
    }
    if (!spec) {
      *error = unknown_option(written, specs);
      return false;
    }
    std::string value;
    if (spec->value_name.empty()) {
      if (inline_value) {
        *error = "option '" + written + "' takes no value";
        return false;
      }
    } else if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < args.size()) {
      // "--granted --format json": an empty CI variable left the value out.
      const std::string& next = args[i + 1];
      if (next.starts_with("--") && find_long(specs, std::string_view(next).substr(2, next.find('=') - 2))) {
        *error = "option '" + written + "' needs a value (" + std::string(spec->value_name) + "), and " + next +
                 " is an option (an empty variable?); write " + written + "=" + next + " if it is the value";
        return false;
      }
      value = args[++i];
    } else {
      *error = "option '" + written + "' needs a value (" + std::string(spec->value_name) + ")";
      return false;
    }
    auto& slot = parsed->values_[std::string(spec->long_name)];
    if (!slot.empty() && !spec->repeatable) {
      *error = "option '--" + std::string(spec->long_name) + "' is given more than once";
      return false;
    }
    slot.push_back(std::move(value));
  }
  return true;
}

std::string describe_options(const std::vector<OptionSpec>& specs) {
  std::vector<std::pair<std::string, std::string_view>> rows;
  std::size_t width = 0;
  for (const OptionSpec& spec : specs) {
    std::string left = spec.short_name ? std::string("-") + spec.short_name + ", " : "    ";
    left += "--" + std::string(spec.long_name);
    if (!spec.value_name.empty()) left += " " + std::string(spec.value_name);
    width = std::max(width, left.size());
    rows.emplace_back(std::move(left), spec.help);
  }
  std::string out;
  for (const auto& [left, help] : rows) {
    out += "  " + left + std::string(width - left.size() + 2, ' ') + std::string(help) + '\n';
  }
  return out;
}

}  // namespace scopegate::cli
