// The live flow every preset shares: introspect, probe what is still open,
// fetch the catalog when asked. Presets override only the steps that differ.
#include <algorithm>

#include "net/credential_route.h"
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

void Provider::authorize(const LiveContext& context, net::HttpRequest& request) const {
  request.headers.emplace_back("Authorization", "Bearer " + context.token);
}

std::vector<Probe> Provider::preset_probes(const LiveContext&) const { return {}; }

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
  return request;
}

asio::awaitable<net::HttpOutcome> Provider::send(LiveContext& context, net::HttpRequest request) const {
  co_return co_await context.transport.send(std::move(request));
}

asio::awaitable<TokenFacts> Provider::ask(LiveContext& context) const {
  std::string error;
  auto request = introspection_request(context, &error);
  if (!request) co_return TokenFacts::failed(error);
  const net::HttpOutcome outcome = co_await send(context, std::move(*request));
  if (!outcome.response) co_return TokenFacts::failed(outcome.error);
  TokenFacts facts = interpret(*outcome.response);
  if (facts.outcome != TokenFacts::Outcome::kAccepted) {
    if (const std::string hint = scope_hint(*outcome.response); !hint.empty()) facts.error += " (" + hint + ")";
    co_return facts;
  }
  if (!facts.scopes_listed) co_await run_probes(context, facts);
  if (context.fetch_catalog && facts.outcome == TokenFacts::Outcome::kAccepted) facts.catalog = co_await catalog(context);
  co_return facts;
}

// Sends the probe for each wanted scope that is still open. Only GET and HEAD
// go out unless write probes are allowed; a write probe that succeeds is an
// error, loudly, because it may have changed something.
asio::awaitable<void> Provider::run_probes(LiveContext& context, TokenFacts& facts) const {
  std::vector<Probe> probes = preset_probes(context);
  probes.insert(probes.end(), context.manifest_probes.begin(), context.manifest_probes.end());
  for (const Probe& probe : probes) {
    if (!is_wanted(context, probe.scope)) continue;
    if (!context.probes_enabled) {
      facts.notes.push_back("--no-probe: " + probe.scope + " was not probed");
      continue;
    }
    if (probe.is_write() && !context.allow_write_probes) {
      facts.notes.push_back(probe.scope + " has only a write probe (" + describe(probe) +
                            "); allow it with --allow-write-probes or allow_write_probes: true");
      continue;
    }
    std::string error;
    auto request = build_request(context, probe.method, probe.url, &error);
    if (!request) {
      facts.notes.push_back("probe for " + probe.scope + ": " + error);
      continue;
    }
    if (const std::string refusal = credential_refusal(context, request->url); !refusal.empty()) {
      facts = TokenFacts::failed("the probe for " + probe.scope + " (" + describe(probe) + ") was refused: " + refusal);
      co_return;
    }
    authorize(context, *request);
    request->retry = !probe.is_write();
    const net::HttpOutcome outcome = co_await send(context, std::move(*request));
    if (!outcome.response) {
      facts.notes.push_back("probe for " + probe.scope + " (" + describe(probe) + ") failed: " + outcome.error);
      continue;
    }
    const int status = outcome.response->status;
    const std::string hint = scope_hint(*outcome.response);
    if (status == 401) {
      facts = TokenFacts::rejected("the provider rejected the token (HTTP 401 to " + describe(probe) + ")");
      co_return;
    }
    if (probe.is_write() && status >= 200 && status < 300) {
      facts = TokenFacts::failed("the write probe " + describe(probe) + " succeeded (HTTP " + std::to_string(status) +
                                 "): it was built to fail validation and may have changed something; check the "
                                 "provider and report this");
      co_return;
    }
    if (contains(probe.granted, status)) {
      facts.granted.push_back(probe.scope);
      facts.notes.push_back(probe.scope + " proven by " + describe(probe) + " (HTTP " + std::to_string(status) + ")");
    } else if (contains(probe.missing, status)) {
      facts.proven_missing.push_back(probe.scope);
      facts.notes.push_back(probe.scope + " refused by " + describe(probe) + " (HTTP " + std::to_string(status) + ")" +
                            (hint.empty() ? "" : ": " + hint));
    } else {
      facts.notes.push_back("probe " + describe(probe) + " answered HTTP " + std::to_string(status) + ", which proves nothing" +
                            (hint.empty() ? "" : " (" + hint + ")"));
    }
  }
}

}  // namespace scopegate::providers
