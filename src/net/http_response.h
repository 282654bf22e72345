#pragma once
// An HTTP answer as providers read it: live from the transport, or saved to a
// file (`curl -si URL > answer.txt`, or just the body) for --response-file.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scopegate::net {

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // Case-insensitive; the first header of that name.
  std::optional<std::string> header(std::string_view name) const;
};

// A saved answer: when it starts with "HTTP/", the status line and headers are
// read (the last block wins, as `curl -i -L` writes one per hop); otherwise the
// whole text is the body of a 200 answer.
bool parse_saved_response(std::string_view text, HttpResponse* response, std::string* error);

}  // namespace scopegate::net
