#include "net/lookup.h"

#include <netdb.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

namespace scopegate::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

// getaddrinfo's EAI_* codes as asio's resolver reports them.
error_code lookup_error(int status, int saved_errno) {
  switch (status) {
    case EAI_AGAIN:
      return asio::error::host_not_found_try_again;
    case EAI_BADFLAGS:
      return asio::error::invalid_argument;
    case EAI_FAIL:
      return asio::error::no_recovery;
    case EAI_FAMILY:
      return asio::error::address_family_not_supported;
    case EAI_MEMORY:
      return asio::error::no_memory;
    case EAI_NONAME:
#ifdef EAI_ADDRFAMILY
    case EAI_ADDRFAMILY:
#endif
#if defined(EAI_NODATA) && EAI_NODATA != EAI_NONAME
    case EAI_NODATA:
#endif
      return asio::error::host_not_found;
    case EAI_SERVICE:
      return asio::error::service_not_found;
    case EAI_SOCKTYPE:
      return asio::error::socket_type_not_supported;
    default:  // EAI_SYSTEM
      return error_code(saved_errno, asio::error::get_system_category());
  }
}

// What a lookup thread shares with the request waiting for it. The thread
// may outlive the wait, the transport and the io_context, so it touches
// nothing else, and it posts its answer to the waiter's executor only while
// the waiter has not given up - checked and posted under the mutex that the
// waiter holds to give up. The waiter gives up on every way out (answer,
// deadline, or its coroutine frame destroyed along with the io_context's
// pending work), always while the io_context still exists.
struct PendingLookup {
  std::mutex mutex;
  bool abandoned = false;
  bool done = false;
  LookupResult result;
  std::optional<asio::any_io_executor> executor;  // reset when abandoned
  asio::steady_timer* wake = nullptr;              // the waiter's timer; null when abandoned
};

class AbandonOnExit {
 public:
  explicit AbandonOnExit(std::shared_ptr<PendingLookup> pending) : pending_(std::move(pending)) {}
  ~AbandonOnExit() {
    const std::lock_guard<std::mutex> lock(pending_->mutex);
    pending_->abandoned = true;
    pending_->wake = nullptr;
    pending_->executor.reset();
  }
  AbandonOnExit(const AbandonOnExit&) = delete;
  AbandonOnExit& operator=(const AbandonOnExit&) = delete;

 private:
  std::shared_ptr<PendingLookup> pending_;
};
}  // namespace

asio::awaitable<LookupResult> lookup_within(const Lookup& lookup, const std::string& host, const std::string& port,
                                            std::chrono::milliseconds limit, bool* timed_out) {
  auto executor = co_await asio::this_coro::executor;
  auto pending = std::make_shared<PendingLookup>();
  asio::steady_timer wake(executor, limit);
  pending->executor = executor;
  pending->wake = &wake;
  const AbandonOnExit give_up(pending);  // declared after `wake`: clears the pointer before the timer goes
  if (limit.count() <= 0) {
    *timed_out = true;
    co_return LookupResult{};
  }
  try {
    std::thread([pending, lookup, host, port] {
      LookupResult result;
      try {
        result = lookup(host, port);
      } catch (const std::exception&) {
        result.error = asio::error::host_not_found;
      }
      const std::lock_guard<std::mutex> lock(pending->mutex);
      if (pending->abandoned) return;
      pending->result = std::move(result);
      pending->done = true;
      asio::post(*pending->executor, [pending] {
        const std::lock_guard<std::mutex> inner(pending->mutex);
        if (pending->wake) pending->wake->cancel();
      });
    }).detach();
  } catch (const std::system_error& error) {  // no thread to be had
    LookupResult failed;
    failed.error = error_code(error.code().value(), asio::error::get_system_category());
    co_return failed;
  }
  co_await wake.async_wait(kAwait);
  LookupResult found;
  {
    const std::lock_guard<std::mutex> lock(pending->mutex);
    if (pending->done) {
      found = std::move(pending->result);
    } else {
      *timed_out = true;
    }
  }
  co_return found;
}

LookupResult system_lookup(const std::string& host, const std::string& port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  hints.ai_flags = AI_ADDRCONFIG;  // as asio's resolver::address_configured, its default
  addrinfo* list = nullptr;
  const int status = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &list);
  const int saved_errno = errno;
  LookupResult result;
  if (status != 0) {
    result.error = lookup_error(status, saved_errno);
    return result;
  }
  for (const addrinfo* entry = list; entry; entry = entry->ai_next) {
    if (entry->ai_family != AF_INET && entry->ai_family != AF_INET6) continue;
    tcp::endpoint endpoint;
    if (entry->ai_addrlen > endpoint.capacity()) continue;
    std::memcpy(endpoint.data(), entry->ai_addr, entry->ai_addrlen);
    endpoint.resize(entry->ai_addrlen);
    result.endpoints.push_back(endpoint);
  }
  ::freeaddrinfo(list);
  if (result.endpoints.empty()) result.error = asio::error::host_not_found;
  return result;
}

}  // namespace scopegate::net
