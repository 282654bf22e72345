#pragma once
// The side effects a check may use, each behind its interface (a real one and a fake).
#include <chrono>

#include "net/transport.h"
#include "util/clock.h"
#include "util/environment.h"
#include "util/file_system.h"
#include "util/process.h"
#include "util/redactor.h"

namespace scopegate::engine {

// The side effects a check may use, each behind its interface.
struct System {
  const util::Environment& environment;
  util::FileSystem& file_system;
  const util::Clock& clock;
  util::Redactor& redactor;              // every token read is registered here before any output
  net::Transport* transport = nullptr;   // null: nothing may be asked over the network
  util::ProcessRunner* processes = nullptr;  // null: no program may be started (a kubeconfig's exec plugin)
  std::chrono::milliseconds timeout{30'000};  // --timeout: the network's budget, and an exec plugin's
};

}  // namespace scopegate::engine
