#pragma once
// A small declarative command-line parser: --name VALUE, --name=VALUE,
// -n VALUE, -nVALUE, flags, "--" to end options; typos get "did you mean".
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scopegate::cli {

struct OptionSpec {
  std::string_view long_name;   // "manifest"
  char short_name = 0;          // 'm', or 0
  std::string_view value_name;  // "FILE"; empty for a flag
  std::string_view help;
  bool repeatable = false;
};

class ParsedArgs {
 public:
  bool has(std::string_view name) const { return values_.count(std::string(name)) > 0; }
  std::optional<std::string> value(std::string_view name) const;
  std::vector<std::string> values(std::string_view name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  friend bool parse_args(const std::vector<std::string>&, const std::vector<OptionSpec>&, ParsedArgs*,
                         std::string*);
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positionals_;
};

bool parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs, ParsedArgs* parsed,
                std::string* error);

// The option table as help text, aligned.
std::string describe_options(const std::vector<OptionSpec>& specs);

}  // namespace scopegate::cli
