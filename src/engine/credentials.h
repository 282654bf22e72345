#pragma once
// The credentials a live check sends: the token (from its variable or file),
// a client id and secret, a generic request's other variables. Each is
// registered with the redactor as it is read, before anything can print, and
// held to net::token_problem before it may go into a request.
#include <optional>
#include <string>
#include <utility>

#include "engine/problems.h"
#include "engine/resolver.h"
#include "engine/system.h"

namespace scopegate::engine {

// The variable a provider's token is read from: token_env, or the preset's default.
std::string token_variable(const ResolvedProvider& provider);

// The token, from the manifest's variable or file; nullopt (with the reason
// and what to do, true for where the run is) when it is missing or unusable.
// `offline_flags`: the command takes --granted & co, so advice may name them.
std::optional<std::string> read_token(const ResolvedProvider& provider, bool offline_flags, System& system,
                                      Problems* problems);

// oauth2's client id and client secret (RFC 7662 section 2.1: the protected
// resource authenticates to the introspection endpoint); "" where unset.
std::pair<std::string, std::string> read_client_credentials(const ResolvedProvider& provider, System& system,
                                                            Problems* problems);

// Variables a generic provider puts in its headers or form besides ${TOKEN}
// (an API key, a tenant secret) are credentials like its token: a server
// that echoes one back must not get it printed.
void register_request_variables(const manifest::ProviderSpec& spec, System& system);

}  // namespace scopegate::engine
