#pragma once
// A net::Transport that answers from a table, for tests of the live flows
// without a socket: answers are keyed by "METHOD URL" (URL as
// net::Url::to_string()), every request is recorded, a key can be told to
// fail as the network would, and anything unknown answers 404 with no body.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http_response.h"
#include "net/transport.h"
#include "util/strings.h"

namespace scopegate::testing {

class FakeTransport final : public net::Transport {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  // The answer to "METHOD URL", e.g. "GET https://api.socket.dev/v0/quota".
  void answer(const std::string& key, int status, std::string body = {}, Headers headers = {}) {
    net::HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.headers = std::move(headers);
    answers_[key] = std::move(response);
  }

  // "METHOD URL" gets no answer at all: HttpOutcome.error is `error`.
  void fail(const std::string& key, std::string error) { failures_[key] = std::move(error); }

  boost::asio::awaitable<net::HttpOutcome> send(net::HttpRequest request) override {
    const std::string key = request.method + " " + request.url.to_string();
    requests.push_back(std::move(request));
    net::HttpOutcome outcome;
    outcome.attempts = 1;
    if (const auto failure = failures_.find(key); failure != failures_.end()) {
      outcome.error = failure->second;
      co_return outcome;
    }
    if (const auto found = answers_.find(key); found != answers_.end()) {
      outcome.response = found->second;
    } else {
      net::HttpResponse not_found;
      not_found.status = 404;
      outcome.response = std::move(not_found);
    }
    co_return outcome;
  }

  // "METHOD URL" of every request received, in order.
  std::vector<std::string> sent() const {
    std::vector<std::string> keys;
    for (const net::HttpRequest& request : requests) keys.push_back(request.method + " " + request.url.to_string());
    return keys;
  }

  // Every request received, in order (method, url, headers, body, retry).
  std::vector<net::HttpRequest> requests;

 private:
  std::map<std::string, net::HttpResponse> answers_;
  std::map<std::string, std::string> failures_;
};

// The value of the first header called `name` (case-insensitive), if any.
inline std::optional<std::string> header_of(const net::HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers)
    if (util::iequals(key, name)) return value;
  return std::nullopt;
}

// How many headers called `name` (case-insensitive) the request carries.
inline std::size_t header_count(const net::HttpRequest& request, std::string_view name) {
  std::size_t count = 0;
  for (const auto& header : request.headers)
    if (util::iequals(header.first, name)) ++count;
  return count;
}

// Runs `awaitable` to completion on a local io_context and returns its result
// (rethrowing whatever it threw).
template <typename T>
T run_awaitable(boost::asio::awaitable<T> awaitable) {
  boost::asio::io_context io;
  std::optional<T> result;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, std::move(awaitable), [&](std::exception_ptr error, T value) {
    failure = error;
    if (!error) result = std::move(value);
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*result);
}

}  // namespace scopegate::testing
