#pragma once
// The process environment behind an interface, so tests can swap in a fake.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

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

// An environment with one more variable on top of another: a generic
// provider's ${TOKEN}, which is no real environment variable.
class EnvironmentWith final : public Environment {
 public:
  EnvironmentWith(const Environment& base, std::string name, std::string value)
      : base_(base), name_(std::move(name)), value_(std::move(value)) {}
  std::optional<std::string> get(std::string_view name) const override {
    return name == name_ ? std::optional<std::string>(value_) : base_.get(name);
  }

 private:
  const Environment& base_;
  std::string name_;
  std::string value_;
};

// The process environment, read once when constructed (nothing in scopegate
// changes it), then answered by hash lookup.
class RealEnvironment final : public Environment {
 public:
  RealEnvironment();
  std::optional<std::string> get(std::string_view name) const override;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> values_;
};

}  // namespace scopegate::util
