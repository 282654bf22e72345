#pragma once
// A real forward proxy for the tests: Debian's tinyproxy, started on a free
// loopback port with its own configuration and log, stopped on destruction.
#include <string>
#include <sys/types.h>

#include "support/subprocess.h"

namespace scopegate::testing {

class Tinyproxy {
 public:
  Tinyproxy();
  ~Tinyproxy();
  Tinyproxy(const Tinyproxy&) = delete;
  Tinyproxy& operator=(const Tinyproxy&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string log() const;  // what the proxy did, for asserting CONNECTs

 private:
  TempDir dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// A loopback port nothing listens on (bound, then released).
int unused_port();

}  // namespace scopegate::testing
