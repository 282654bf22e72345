#pragma once
// Base64 (RFC 4648): standard encoding for HTTP Basic credentials, and a
// decoder that takes both alphabets, with or without padding, for JWTs.
#include <optional>
#include <string>
#include <string_view>

namespace scopegate::util {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace scopegate::util
