#include "net/http_response.h"

#include <charconv>

#include "util/strings.h"

namespace scopegate::net {

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (util::iequals(key, name)) return value;
  return std::nullopt;
}

namespace {
// Splits off one line (without its CR LF or LF).
std::string_view take_line(std::string_view& text) {
  const std::size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool parse_status_line(std::string_view line, int* status) {
  // "HTTP/1.1 200 OK" or "HTTP/2 200"
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return false;
  const std::string_view code = line.substr(space + 1, 3);
  // The code is exactly three digits, then the end of the line or a space ("HTTP/1.1 2000" is not 200).
  const std::size_t after = space + 1 + code.size();
  if (after < line.size() && line[after] != ' ') return false;
  const auto [end, error] = std::from_chars(code.data(), code.data() + code.size(), *status);
  return error == std::errc() && end == code.data() + code.size() && *status >= 100 && *status <= 599;
}

bool parse_header_block(std::string_view& text, HttpResponse* response, std::string* error) {
  if (!parse_status_line(take_line(text), &response->status)) {
    *error = "the saved answer starts with \"HTTP/\" but its status line cannot be read";
    return false;
  }
  response->headers.clear();
  while (!text.empty()) {
    const std::string_view line = take_line(text);
    if (line.empty()) return true;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      *error = "cannot read the header line \"" + std::string(line.substr(0, 80)) + "\"";
      return false;
    }
    response->headers.emplace_back(util::trim(line.substr(0, colon)),
                                   util::trim(line.substr(colon + 1)));
  }
  return true;
}
}  // namespace

bool parse_saved_response(std::string_view text, HttpResponse* response, std::string* error) {
  *response = HttpResponse();
  if (!text.starts_with("HTTP/")) {
    response->body = std::string(text);
    return true;
  }
  // `curl -i -L` and "100 Continue" write several blocks; the last one is the answer.
  while (text.starts_with("HTTP/")) {
    if (!parse_header_block(text, response, error)) return false;
  }
  response->body = std::string(text);
  return true;
}

}  // namespace scopegate::net
