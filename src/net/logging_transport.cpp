#include "net/logging_transport.h"

#include <chrono>

#include "util/strings.h"

namespace scopegate::net {

boost::asio::awaitable<HttpOutcome> LoggingTransport::send(HttpRequest request) {
  std::string names;
  for (const auto& [name, value] : request.headers) names += (names.empty() ? "" : ", ") + name;
  const std::string what = request.method + " " + request.url.to_string();
  sink_("-> " + what + (names.empty() ? "" : " (headers: " + names + ")") +
        (request.body.empty() ? "" : " with a " + std::to_string(request.body.size()) + "-byte body"));
  const auto start = std::chrono::steady_clock::now();
  HttpOutcome outcome = co_await inner_->send(std::move(request));
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  const std::string timing = " in " + std::to_string(elapsed) + " ms" +
                             (outcome.attempts > 1 ? ", " + std::to_string(outcome.attempts) + " attempts" : "");
  if (outcome.response)
    sink_("<- " + what + ": HTTP " + std::to_string(outcome.response->status) + ", " +
          std::to_string(outcome.response->body.size()) + " bytes" + timing);
  else
    sink_("<- " + what + ": " + util::neutralize(outcome.error) + timing);
  co_return outcome;
}

}  // namespace scopegate::net
