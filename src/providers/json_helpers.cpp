#include "providers/json_helpers.h"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <charconv>

#include "util/strings.h"
#include "util/time.h"

namespace scopegate::providers {

namespace json = boost::json;

bool parse_json_body(std::string_view body, json::value* value, std::string* error) {
  json::parse_options options;
  options.max_depth = 64;  // deeper than any provider answer; bounds the parser's stack
  json::error_code code;
  *value = json::parse(json::string_view(body.data(), body.size()), code, {}, options);
  if (code) {
    *error = "the answer is not valid JSON (" + code.message() + ")";
    return false;
  }
  return true;
}

std::optional<std::string> string_at(const json::value& root, std::string_view pointer) {
  json::error_code code;
  const json::value* found = root.find_pointer(json::string_view(pointer.data(), pointer.size()), code);
  if (!found || !found->is_string()) return std::nullopt;
  return std::string(found->get_string());
}

bool string_list_at(const json::value& root, std::string_view pointer, std::string_view separators,
                    std::vector<std::string>* list, std::string* error) {
  json::error_code code;
  const json::value* found = root.find_pointer(json::string_view(pointer.data(), pointer.size()), code);
  const std::string where = pointer.empty() ? "the answer" : "\"" + std::string(pointer) + "\"";
  if (!found || found->is_null()) {
    *error = "the answer has no " + where;
    return false;
  }
  list->clear();
  if (found->is_string()) {
    if (separators.empty()) {
      *error = where + " is a string, expected a list of scopes";
      return false;
    }
    *list = util::split_any(std::string_view(found->get_string()), separators);
    return true;
  }
  if (!found->is_array()) {
    *error = where + " is not a list of scopes";
    return false;
  }
  for (std::size_t i = 0; i < found->get_array().size(); ++i) {
    const json::value& item = found->get_array()[i];
    if (!item.is_string()) {
      *error = where + " holds a non-string at index " + std::to_string(i);
      return false;
    }
    list->emplace_back(item.get_string());
  }
  return true;
}

std::string error_message_of(std::string_view body) {
  json::value root;
  std::string ignored;
  if (!parse_json_body(body, &root, &ignored) || !root.is_object()) {
    const std::string_view text = util::trim(body);
    // A short plain-text body is worth quoting; HTML pages and dumps are not.
    if (text.empty() || text.size() > 200 || text.front() == '<') return {};
    return std::string(text);
  }
  // "/errors/0": Vault's {"errors": ["permission denied"]}; "/errors/0/message"
  // SendGrid's and Cloudflare's; "/errors" Shopify's string; "/detail" Sentry's.
  for (const char* pointer : {"/message", "/error/message", "/error_description", "/error", "/detail", "/msg",
                              "/code", "/errors/0", "/errors/0/message", "/errors"})
    if (auto text = string_at(root, pointer); text && !text->empty()) return *text;
  return {};
}

std::optional<TokenFacts> facts_for_failure_status(const net::HttpResponse& response) {
  if (response.status >= 200 && response.status < 300) return std::nullopt;
  std::string detail = error_message_of(response.body);
  const std::string suffix = detail.empty() ? "" : ": " + detail;
  if (response.status == 401)
    return TokenFacts::rejected("the provider rejected the token (HTTP 401" + suffix + ")");
  return TokenFacts::failed("the provider answered HTTP " + std::to_string(response.status) + suffix);
}

std::optional<TokenFacts> read_success_json(const net::HttpResponse& response, json::value* root) {
  if (auto failure = facts_for_failure_status(response)) return failure;
  std::string error;
  if (!parse_json_body(response.body, root, &error)) return TokenFacts::failed(error);
  return std::nullopt;
}

namespace {
constexpr double kLatest = 253402300799.0;  // 9999-12-31T23:59:59Z

// "1767225600": some issuers send exp as a string of digits (more-providers.md, "JWT issuers").
std::optional<double> digits_value(std::string_view text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::int64_t number = 0;
  const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (code != std::errc() || end != text.data() + text.size() || text.front() == '-') return std::nullopt;
  return static_cast<double>(number);
}

// Unix seconds from any JSON number, or string of digits, that holds a plausible one.
std::optional<std::int64_t> unix_seconds(const json::value& value) {
  std::optional<double> seconds;
  if (value.is_int64()) seconds = static_cast<double>(value.get_int64());
  else if (value.is_uint64()) seconds = static_cast<double>(value.get_uint64());
  else if (value.is_double()) seconds = value.get_double();
  else if (value.is_string()) seconds = digits_value(std::string_view(value.get_string()));
  if (!seconds || !(*seconds >= 0 && *seconds <= kLatest)) return std::nullopt;
  return static_cast<std::int64_t>(*seconds);
}
}  // namespace

bool read_expiry(const json::value& root, std::string_view pointer, TokenFacts* facts,
                 std::string* error, NullExpiry null_means) {
  json::error_code code;
  const json::value* found = root.find_pointer(json::string_view(pointer.data(), pointer.size()), code);
  if (!found) {  // not said: expiry stays unknown
    facts->expiry_problem = "the answer has no \"" + std::string(pointer) + "\"";
    return true;
  }
  if (found->is_null() && null_means == NullExpiry::kUnknown) {
    facts->expiry_problem = "\"" + std::string(pointer) + "\" is null";
    return true;
  }
  facts->expiry_known = true;
  if (found->is_null()) return true;
  if (auto seconds = unix_seconds(*found)) {
    facts->expires_at = util::from_unix_seconds(*seconds);
    return true;
  }
  if (found->is_string()) {
    if (auto time = util::parse_timestamp(std::string_view(found->get_string()))) {
      facts->expires_at = *time;
      return true;
    }
  }
  facts->expiry_known = false;
  *error = "cannot read the expiry \"" + std::string(pointer) +
           "\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)";
  facts->expiry_problem = *error;
  return false;
}

}  // namespace scopegate::providers
