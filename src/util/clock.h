#pragma once
// Wall-clock time behind an interface: expiry checks are tested with a fixed clock.
#include <chrono>

namespace scopegate::util {

// Whole seconds: every timestamp scopegate reads has that precision, and
// nanosecond time points overflow after 2262 (an expiry of 9999-12-31 would wrap
// into the past and read as expired).
using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class RealClock final : public Clock {
 public:
  TimePoint now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

}  // namespace scopegate::util
