#pragma once
// The one check on every byte from outside that goes into a request line or
// a header: tokens (variables and files), OAuth client credentials, a generic
// provider's headers after ${VAR} expansion, URLs. A value that fails is
// never sent; the problem names the position and the character, never the
// value (it may be a secret).
//
// Why stricter than RFC 9110 (which allows obs-text, 0x80-0xFF, in a field
// value): a token with a no-break space or a Latin-1 byte is a copy-and-paste
// accident, the provider refuses it with a bare 401, and a server that echoes
// it back in another encoding slips past redaction.
#include <optional>
#include <string>
#include <string_view>

#include "net/transport.h"

namespace scopegate::net {

// One "\n" or "\r\n" at the end removed, as a shell's $(cat file) would:
// variables and token files are read alike.
std::string_view without_final_newline(std::string_view value);

// Why `token` cannot go into an Authorization header, or nullopt. A token is
// one line of visible ASCII (RFC 5234 VCHAR, 0x21-0x7E), without a scheme in
// front ("Bearer ...") or quotes around it. Example answers:
//   "contains U+00A0 (no-break space) at position 30"
//   "starts with 'Bearer ': store the token alone, without the scheme"
std::optional<std::string> token_problem(std::string_view token);

// Why `value` cannot be a header value, or nullopt: visible ASCII with single
// spaces or tabs inside, nothing before or after.
std::optional<std::string> header_value_problem(std::string_view value);

// RFC 9110 section 5.6.2 token: the characters of a header name.
bool is_header_name(std::string_view name);

// Why `text` cannot be part of a request line (a URL), or nullopt: visible
// ASCII only (non-ASCII must be percent-encoded).
std::optional<std::string> request_line_problem(std::string_view text);

// The last gate before the wire: every header name and value, and the target.
// Nothing that reaches it should fail (values are checked where they are
// read, with better messages); when one does, the request is not sent.
std::optional<std::string> request_problem(const HttpRequest& request);

}  // namespace scopegate::net
