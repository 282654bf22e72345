#pragma once
// --verbose: a Transport that tells what the wrapped one does, one line per
// request (method, URL, status or error, time, attempts). It logs header
// names only, never values, and its lines go out through the redactor.
#include <functional>
#include <memory>
#include <string>

#include "net/transport.h"

namespace scopegate::net {

class LoggingTransport final : public Transport {
 public:
  using Sink = std::function<void(const std::string& line)>;
  LoggingTransport(std::unique_ptr<Transport> inner, Sink sink) : inner_(std::move(inner)), sink_(std::move(sink)) {}

  boost::asio::awaitable<HttpOutcome> send(HttpRequest request) override;
  void close_idle() override { inner_->close_idle(); }

 private:
  std::unique_ptr<Transport> inner_;
  Sink sink_;
};

}  // namespace scopegate::net
