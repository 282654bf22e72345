#pragma once
// One provider's manifest values resolved against the environment, and the
// checks that keep its token where it belongs before anything is sent.
#include <string>
#include <vector>

#include "engine/problems.h"
#include "manifest/model.h"
#include "providers/provider.h"
#include "scope/vocabulary.h"
#include "util/environment.h"

namespace scopegate::engine {

// A provider with its manifest values resolved against the environment.
struct ResolvedProvider {
  const manifest::ProviderSpec* spec = nullptr;
  const providers::PresetInfo* preset = nullptr;
  scope::Vocabulary vocabulary;
  std::string base_url;    // expanded; "" when not configured
  std::string introspection_url;  // oauth2, expanded
  std::string request_url;        // generic, expanded; "" offline or without a request
  std::string token_page;  // expanded; "" when unknown
  std::string org;         // socket
  std::string resource;  // resource: (github's repository:), expanded; "" when not configured
  // Where a live token was read: "SONAR_API_KEY" or "the token file PATH";
  // "" for offline sources. A rejection names it, with the token page.
  std::string token_source;
  // What the preset's own configuration said (a kubeconfig): its address,
  // credential and TLS identity; nullopt when the manifest says it all.
  std::optional<providers::Connection> connection;
};

// `spec` with ${VAR} expanded from `environment`, its preset and vocabulary.
// When `live` (the provider will be asked over the network), every address is
// checked before anything is sent: an undefined ${VAR} it needs, a URL on
// another origin than the provider's own (providers::check_credential_origins),
// plain http that leaves this machine (net::cleartext_route), a proxy
// that cannot be used, a header value that cannot go on the wire. Each is an
// error in `problems`, at its manifest position where it has one.
// `connection`, when the preset read its own (PresetInfo::read_connection),
// gives the address and default resource the manifest leaves out; its
// address is checked like the manifest's.
ResolvedProvider resolve_provider(const manifest::ProviderSpec& spec, bool live,
                                  const util::Environment& environment, Problems* problems,
                                  std::optional<providers::Connection> connection = std::nullopt);

// The manifest's probes of `spec`, with ${VAR} expanded; relative URLs stay
// relative to base_url. An undefined variable is reported as resolve_provider does.
std::vector<providers::Probe> resolve_probes(const manifest::ProviderSpec& spec, bool live,
                                             const util::Environment& environment, Problems* problems);

// A URL that would carry the token (a ${VAR} holding it, in base_url or a
// probe path) is a configuration error, found before anything is sent: exit
// 2, not the provider's failure. (The request builder refuses it again.)
void refuse_token_in_urls(const ResolvedProvider& provider, const std::vector<providers::Probe>& probes,
                          const std::string& token, Problems* problems);

}  // namespace scopegate::engine
