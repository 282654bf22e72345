// The live flow every preset shares: introspect, probe what is still open,
// fetch the catalog when asked. Presets override only the steps that differ.
#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>

#include "net/credential_route.h"
#include "net/retry.h"
#include "net/url.h"
#include "providers/error_hints.h"
#include "providers/provider.h"
#include "util/expand.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace asio = boost::asio;

namespace {
bool contains(const std::vector<int>& codes, int status) {
  return std::find(codes.begin(), codes.end(), status) != codes.end();
}

bool is_wanted(const LiveContext& context, const std::string& scope) {
  return std::find(context.wanted.begin(), context.wanted.end(), scope) != context.wanted.end();
}

std::string describe(const Probe& probe) { return probe.method + " " + probe.url; }
}  // namespace

std::optional<std::string> credential_origin(const LiveContext& context) {
  if (!context.base_url.empty()) return net::url_origin(context.base_url);
  if (context.spec.request)
    return net::url_origin(util::expand_variables(context.spec.request->url.value, context.environment).text);
  for (const Probe& probe : context.manifest_probes)
    if (net::has_scheme(probe.url)) return net::url_origin(probe.url);
  return std::nullopt;
}

std::string Provider::credential_refusal(const LiveContext& context, const net::Url& url) const {
  const auto origin = credential_origin(context);
  if (!origin)
    return "nothing says where the token may go (no base_url), so it is not sent to " + url.origin();
  if (const auto refusal = net::other_origin_refusal(*origin, url)) return *refusal + "; the request was not sent";
  return {};
}

std::optional<net::HttpRequest> Provider::introspection_request(const LiveContext&, std::string* error) const {
  *error = "this provider has no introspection request";
  return std::nullopt;
}

std::optional<std::string> read_credential_file(const util::FileSystem& files, const std::string& path,
                                                std::string_view what, std::string* error) {
  std::string text, why;
  if (files.read_file(path, kMaxCredentialFileBytes, &text, &why) == util::FileSystem::Status::kOkay) return text;
  *error = "cannot read " + std::string(what) + " " + path + ": " + why;
  return std::nullopt;
}

void Provider::authorize(const LiveContext& context, net::HttpRequest& request) const {
  if (context.token.empty()) return;  // a client certificate authenticates (Connection::needs_token)
  request.headers.emplace_back("Authorization", "Bearer " + context.token);
}

std::vector<Probe> Provider::preset_probes(const LiveContext&) const { return {}; }

std::vector<std::string> Provider::answer_secrets(const net::HttpResponse&) const { return {}; }

asio::awaitable<std::optional<std::vector<std::pair<std::string, std::string>>>> Provider::catalog(LiveContext&) const {
  co_return std::nullopt;
}

std::optional<net::HttpRequest> Provider::make_request(const LiveContext& context, std::string method,
                                                       const std::string& url, std::string* error) const {
  auto request = build_request(context, std::move(method), url, error);
  if (!request) return request;
  // Defence in depth: the manifest's URLs were checked before anything was
  // sent; credentials still never leave for another origin.
  if (const std::string refusal = credential_refusal(context, request->url); !refusal.empty()) {
    *error = refusal;
    return std::nullopt;
  }
  authorize(context, *request);
  return request;
}

std::optional<net::HttpRequest> Provider::build_request(const LiveContext& context, std::string method,
                                                        const std::string& url, std::string* error) const {
  std::string parse_error;
  const std::string absolute = net::has_scheme(url) ? url : net::join_url(context.base_url, url);
  // The token never goes in a URL (logs, proxies, Referer), whatever variable put it there.
  if (net::url_carries_secret(absolute, context.token)) {
    *error = "the URL of this request would carry the token (check base_url, org and the probe URLs); it was not sent";
    return std::nullopt;
  }
  auto parsed = net::parse_url(absolute, &parse_error);
  if (!parsed) {
    *error = "cannot use the URL " + absolute + ": " + parse_error;
    return std::nullopt;
  }
  net::HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(*parsed);
  request.tls = context.tls;
  return request;
}

std::vector<net::HttpRequest> Provider::set_questions(const LiveContext&, std::string*) const { return {}; }

void Provider::read_set_answers(const LiveContext&, const std::vector<net::HttpOutcome>&, TokenFacts&) const {}

asio::awaitable<net::HttpOutcome> Provider::send(LiveContext& context, net::HttpRequest request) const {
  co_return co_await context.transport.send(std::move(request));
}

// The introspection request and the set questions go out together: a
// provider that can be asked for the set answers in one round trip.
asio::awaitable<TokenFacts> Provider::ask(LiveContext& context) const {
  std::string error;
  auto request = introspection_request(context, &error);
  if (!request) co_return TokenFacts::failed(error);
  std::vector<net::HttpRequest> requests;
  requests.push_back(std::move(*request));
  if (!context.wanted.empty()) {
    std::vector<net::HttpRequest> questions = set_questions(context, &error);
    if (!error.empty()) co_return TokenFacts::failed(error);
    for (net::HttpRequest& question : questions) requests.push_back(std::move(question));
  }
  std::vector<net::HttpOutcome> outcomes = co_await send_all(context, std::move(requests));
  const net::HttpOutcome& outcome = outcomes.front();
  if (!outcome.response) co_return TokenFacts::failed(outcome.error);
  TokenFacts facts = interpret(*outcome.response);
  if (facts.outcome != TokenFacts::Outcome::kAccepted) {
    if (const std::string hint = scope_hint(*outcome.response); !hint.empty()) facts.error += " (" + hint + ")";
    co_return facts;
  }
  if (outcomes.size() > 1) {
    outcomes.erase(outcomes.begin());
    read_set_answers(context, outcomes, facts);
    if (facts.outcome != TokenFacts::Outcome::kAccepted) co_return facts;
  }
  if (!facts.scopes_listed) co_await run_probes(context, facts);
  if (context.fetch_catalog && facts.outcome == TokenFacts::Outcome::kAccepted) facts.catalog = co_await catalog(context);
  co_return facts;
}

// Sends the probe for each wanted scope that is still open, concurrently.
// Only GET and HEAD go out unless write probes are allowed; a write probe that
// succeeds is an error, loudly, because it may have changed something. The
// answers are read in the table's order, so a report does not depend on
// which answer arrived first.
asio::awaitable<void> Provider::run_probes(LiveContext& context, TokenFacts& facts) const {
  std::vector<Probe> probes = preset_probes(context);
  probes.insert(probes.end(), context.manifest_probes.begin(), context.manifest_probes.end());
  std::vector<const Probe*> sent;
  std::vector<net::HttpRequest> requests;
  for (const Probe& probe : probes) {
    if (!is_wanted(context, probe.scope)) continue;
    auto request = probe_request(context, probe, facts);
    if (facts.outcome != TokenFacts::Outcome::kAccepted) co_return;
    if (!request) continue;
    sent.push_back(&probe);
    requests.push_back(std::move(*request));
  }
  const std::vector<net::HttpOutcome> outcomes = co_await send_all(context, std::move(requests));
  for (std::size_t i = 0; i < sent.size(); ++i)
    if (!apply_probe_answer(*sent[i], outcomes[i], facts)) co_return;
}

std::optional<net::HttpRequest> Provider::probe_request(LiveContext& context, const Probe& probe,
                                                        TokenFacts& facts) const {
  if (!context.probes_enabled) {
    facts.notes.push_back("--no-probe: " + probe.scope + " was not probed");
    return std::nullopt;
  }
  if (probe.is_write() && !context.allow_write_probes) {
    facts.notes.push_back(probe.scope + " has only a write probe (" + describe(probe) +
                          "); allow it with --allow-write-probes or allow_write_probes: true");
    return std::nullopt;
  }
  std::string error;
  auto request = build_request(context, probe.method, probe.url, &error);
  if (!request) {
    facts.notes.push_back("probe for " + probe.scope + ": " + error);
    return std::nullopt;
  }
  if (const std::string refusal = credential_refusal(context, request->url); !refusal.empty()) {
    facts = TokenFacts::failed("the probe for " + probe.scope + " (" + describe(probe) + ") was refused: " + refusal);
    return std::nullopt;
  }
  authorize(context, *request);
  if (!probe.body.empty()) {
    request->headers.emplace_back("Content-Type", "application/json");
    request->body = probe.body;
  }
  // A write probe is sent once, to the address it names and nowhere else.
  request->retry = !probe.is_write();
  request->follow_redirects = !probe.is_write();
  return request;
}

asio::awaitable<std::vector<net::HttpOutcome>> Provider::send_all(LiveContext& context,
                                                                  std::vector<net::HttpRequest> requests) const {
  std::vector<net::HttpOutcome> outcomes(requests.size());
  const auto executor = co_await asio::this_coro::executor;
  std::size_t next = 0;
  std::size_t running = std::min(requests.size(), kMaxConcurrentRequests);
  asio::steady_timer all_done(executor, asio::steady_timer::time_point::max());
  // Each worker takes the next request until none is left: at most `running`
  // are in flight, so at most that many connections are open.
  const auto worker = [&]() -> asio::awaitable<void> {
    while (next < requests.size()) {
      const std::size_t mine = next++;
      try {
        outcomes[mine] = co_await send(context, std::move(requests[mine]));
      } catch (const std::exception& error) {
        outcomes[mine].error = std::string("internal error while sending: ") + error.what();
      }
    }
  };
  const std::size_t workers = running;
  for (std::size_t i = 0; i < workers; ++i)
    asio::co_spawn(executor, worker, [&](std::exception_ptr) {
      if (--running == 0) all_done.cancel();
    });
  if (running > 0) {
    boost::system::error_code woken;  // operation_aborted: the last worker finished
    co_await all_done.async_wait(asio::redirect_error(asio::use_awaitable, woken));
  }
  co_return outcomes;
}

bool Provider::apply_probe_answer(const Probe& probe, const net::HttpOutcome& outcome, TokenFacts& facts) const {
  if (!outcome.response) {
    facts.unanswered.emplace_back(probe.scope, describe(probe) + " failed: " + outcome.error);
    facts.notes.push_back("probe for " + probe.scope + " (" + describe(probe) + ") failed: " + outcome.error);
    return true;
  }
  const int status = outcome.response->status;
  const std::string answered = " (HTTP " + std::to_string(status) + ")";
  const std::string hint = scope_hint(*outcome.response);
  if (status == 401) {
    facts = TokenFacts::rejected("the provider rejected the token (HTTP 401 to " + describe(probe) + ")");
    return false;
  }
  if (probe.is_write() && status >= 200 && status < 300) {
    facts = TokenFacts::failed("the write probe " + describe(probe) + " succeeded" + answered +
                               ": it was built to fail validation and may have changed something; check the "
                               "provider and report this");
    return false;
  }
  if (net::RetryPolicy::rate_limited(*outcome.response)) {
    facts = TokenFacts::failed("the provider is limiting requests: " + describe(probe) + " answered" + answered +
                               " after " + std::to_string(outcome.attempts) + " attempt(s); try again later");
    return false;
  }
  if (status >= 500 && !contains(probe.granted, status) && !contains(probe.missing, status)) {
    facts.unanswered.emplace_back(probe.scope, describe(probe) + " answered HTTP " + std::to_string(status));
    facts.notes.push_back("probe " + describe(probe) + " answered HTTP " + std::to_string(status) +
                          ": the provider failed, so " + probe.scope + " could not be asked");
    return true;
  }
  if (contains(probe.granted, status)) {
    facts.granted.push_back(probe.scope);
    facts.notes.push_back(probe.scope + " proven by " + describe(probe) + answered);
  } else if (contains(probe.missing, status)) {
    facts.proven_missing.push_back(probe.scope);
    facts.notes.push_back(probe.scope + " refused by " + describe(probe) + answered + (hint.empty() ? "" : ": " + hint));
  } else {
    facts.notes.push_back("probe " + describe(probe) + " answered HTTP " + std::to_string(status) +
                          ", which proves nothing" + (hint.empty() ? "" : " (" + hint + ")"));
  }
  return true;
}

std::string missing_in_prose(const FixRequest& request) {
  std::vector<std::string> groups;
  for (const auto& group : request.scopes) groups.push_back(util::join(group, " or "));
  return util::join(groups, ", ");
}

}  // namespace scopegate::providers
