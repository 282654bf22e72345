#pragma once
// Turns a provider's "you may not do that" answer into a sentence that names
// the scope: the model is Slack's {"error": "missing_scope", "needed": ...}.
#include <string>

#include "net/http_response.h"

namespace scopegate::providers {

// "" when the answer says nothing useful about scopes.
std::string scope_hint(const net::HttpResponse& response);

}  // namespace scopegate::providers
