#include "net/request_check.h"


#include "util/strings.h"

namespace scopegate::net {

namespace {
bool is_visible_ascii(char c) { return c >= 0x21 && c <= 0x7E; }

// "contains U+00A0 (no-break space) at position 30": the first byte of
// `text` that `allowed` refuses, by character position (1-based).
std::optional<std::string> first_refused(std::string_view text, bool (*allowed)(char)) {
  std::size_t position = 1;
  for (std::size_t at = 0; at < text.size(); ++position) {
    std::size_t length = 1;
    if (!allowed(text[at]) || static_cast<unsigned char>(text[at]) >= 0x80) {
      const std::string what = util::describe_character(text, at, &length);
      std::string problem = "contains " + what + " at position " + std::to_string(position);
      if (text[at] == '\n' || text[at] == '\r') problem += " (it holds more than one line)";
      return problem;
    }
    at += length;
  }
  return std::nullopt;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && util::iequals(text.substr(0, prefix.size()), prefix);
}
}  // namespace

std::string_view without_final_newline(std::string_view value) {
  if (value.ends_with("\r\n")) value.remove_suffix(2);
  else if (value.ends_with('\n')) value.remove_suffix(1);
  return value;
}

std::optional<std::string> token_problem(std::string_view token) {
  if (token.empty()) return "is empty";
  // The usual accidents first, each with its own advice.
  for (std::string_view scheme : {"Bearer", "token", "Basic", "Bot"})
    if (starts_with_ignoring_case(token, scheme) && token.size() > scheme.size() &&
        (token[scheme.size()] == ' ' || token[scheme.size()] == '\t'))
      return "starts with '" + std::string(scheme) +
             " ': store the token alone, without the scheme (scopegate adds the header itself)";
  const auto quote = [](char c) { return c == '"' || c == '\''; };
  if (quote(token.front()) || quote(token.back()))
    return std::string(quote(token.front()) && quote(token.back()) ? "is wrapped in quotes" : "starts or ends with a quote") +
           ": store the token alone, without quotes";
  if (auto refused = first_refused(token, is_visible_ascii))
    return *refused + ": a token is one line of visible ASCII; store the token alone";
  return std::nullopt;
}

std::optional<std::string> header_value_problem(std::string_view value) {
  if (!value.empty() && (value.front() == ' ' || value.front() == '\t' || value.back() == ' ' || value.back() == '\t'))
    return std::string("starts or ends with white space");
  return first_refused(value, [](char c) { return is_visible_ascii(c) || c == ' ' || c == '\t'; });
}

bool is_header_name(std::string_view name) { return util::is_http_token(name); }

std::optional<std::string> request_line_problem(std::string_view text) {
  return first_refused(text, is_visible_ascii);
}

std::optional<std::string> request_problem(const HttpRequest& request) {
  if (!is_header_name(request.method)) return std::string("the method is not a token");
  for (std::string_view part : {std::string_view(request.url.host), std::string_view(request.url.target)})
    if (auto problem = request_line_problem(part)) return "the URL " + *problem;
  for (const auto& [name, value] : request.headers) {
    if (!is_header_name(name)) return "a header name " + request_line_problem(name).value_or("is not a token");
    if (auto problem = header_value_problem(value)) return "the value of header " + name + " " + *problem;
  }
  return std::nullopt;
}

}  // namespace scopegate::net
