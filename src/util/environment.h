#pragma once
// The process environment behind an interface, so tests can swap in a fake.
#include <optional>
#include <string>
#include <string_view>

namespace scopegate::util {

class Environment {
 public:
  virtual ~Environment() = default;
  // The variable's value, or nullopt when it is not set.
  virtual std::optional<std::string> get(std::string_view name) const = 0;

  // Set and non-empty: how every "is it configured?" question is asked.
  std::optional<std::string> get_non_empty(std::string_view name) const {
    auto value = get(name);
    if (value && value->empty()) return std::nullopt;
    return value;
  }
};

class RealEnvironment final : public Environment {
 public:
  std::optional<std::string> get(std::string_view name) const override;
};

}  // namespace scopegate::util
