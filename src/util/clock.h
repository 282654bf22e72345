#pragma once
// Wall-clock time behind an interface: expiry checks are tested with a fixed clock.
#include <chrono>

namespace scopegate::util {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class RealClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

}  // namespace scopegate::util
