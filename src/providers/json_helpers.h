#pragma once
// Reading provider answers with Boost.JSON, defensively: any shape may arrive.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_response.h"
#include "providers/provider.h"

namespace scopegate::providers {

// `*error = why`, and false: for readers that return whether they could read.
inline bool fail_with(std::string* error, std::string why) {
  *error = std::move(why);
  return false;
}

// Parses a body with a depth limit; on failure says what was wrong.
bool parse_json_body(std::string_view body, boost::json::value* value, std::string* error);

// The string at a JSON pointer ("/name"), if there is one.
std::optional<std::string> string_at(const boost::json::value& root, std::string_view pointer);

// A list of strings at `pointer`: a JSON array of strings, or one string split
// by `separators` (for "read write"). Fails, naming the path, on any other shape.
bool string_list_at(const boost::json::value& root, std::string_view pointer,
                    std::string_view separators, std::vector<std::string>* list,
                    std::string* error);

// The human part of an error body: "message", "error.message", "error", "detail", "msg", "code",
// "errors[0]", "errors[0].message", "errors".
std::string error_message_of(std::string_view body);

// Facts for answers that are not a success: 401 rejects the token, the rest
// are errors naming the status. nullopt for 2xx.
std::optional<TokenFacts> facts_for_failure_status(const net::HttpResponse& response);

// The usual first step: a failure status, or a body that is not JSON, becomes
// the facts to return; otherwise `root` holds the parsed body and nullopt is returned.
std::optional<TokenFacts> read_success_json(const net::HttpResponse& response, boost::json::value* root);

// What a null expiry means: Sonar and GitLab write null for "never"; in a JWT
// or an RFC 7662 answer, exp null proves nothing (RFC 7519 section 4.1.4
// makes exp a NumericDate), so the expiry stays unknown.
enum class NullExpiry { kNever, kUnknown };

// "2026-12-31" / ISO 8601 / Unix seconds (a number, or a string of digits as
// some JWT issuers send) at `pointer`; sets expiry_known when the member exists,
// and expiry_problem when it is absent or unreadable.
bool read_expiry(const boost::json::value& root, std::string_view pointer, TokenFacts* facts,
                 std::string* error, NullExpiry null_means = NullExpiry::kNever);

}  // namespace scopegate::providers
