// libFuzzer: the one check on outside bytes before they go into a request.
// Whatever the bytes, a value it passes cannot add a header or a line, and a
// problem it reports never quotes the value (it may be a secret).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "net/request_check.h"

namespace {
bool visible_ascii(const std::string& text) {
  for (char c : text)
    if (c < 0x21 || c > 0x7E) return false;
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scopegate::net;
  const std::string value(reinterpret_cast<const char*>(data), size);

  const auto token = token_problem(value);
  if (!token && !visible_ascii(value)) std::abort();
  // The message names a position and a character, never the value: its
  // length does not grow with the value's.
  constexpr std::size_t kLongestMessage = 300;
  if (token && token->size() > kLongestMessage) std::abort();

  const auto header = header_value_problem(value);
  if (!header && value.find_first_of(std::string("\r\n\0", 3)) != std::string::npos) std::abort();

  HttpRequest request;
  request.url.host = "api.example.com";
  request.url.target = "/v1";
  request.headers = {{"X-Value", value}};
  const auto problem = request_problem(request);
  if (problem.has_value() != header.has_value()) std::abort();
  if (problem && problem->size() > kLongestMessage) std::abort();
  if (!problem) {  // what would go on the wire holds one header line
    const std::string line = "X-Value: " + value + "\r\n";
    if (line.find("\r\n") != line.size() - 2 || line.find('\n') != line.size() - 1) std::abort();
  }

  const std::string_view trimmed = without_final_newline(value);
  if (trimmed.size() + 2 < value.size() || !value.starts_with(trimmed)) std::abort();
  return 0;
}
