#pragma once
// A macaroon read without its key (libmacaroons' binary format, version 2,
// as pymacaroons writes it): the location and the caveats are plain bytes;
// only the signature needs the issuer's secret, and it is not checked here.
// The format: a version byte 0x02, then fields, each `varint type, varint
// length, bytes` except EOS (type 0, a lone byte):
//   [location] identifier EOS              the macaroon
//   ([location] identifier [vid] EOS)*     each caveat (a vid: third party)
//   EOS signature                          the caveats' end, the 32-byte HMAC
// Every byte comes from a token: lengths are checked against what is left,
// and an error names the part that failed, never a byte of it.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scopegate::providers {

struct Macaroon {
  struct Caveat {
    std::string identifier;    // a first-party caveat's predicate (PyPI's: JSON)
    bool third_party = false;  // it had a vid: discharged by another service
  };
  std::string location;  // "" when absent
  std::string identifier;
  std::vector<Caveat> caveats;
};

// More caveats than this is not a token anyone minted: refused as malformed.
inline constexpr std::size_t kMaxMacaroonCaveats = 256;

// URL-safe base64 (RFC 4648 section 5), strictly: its alphabet only, padding
// optional but correct when present, no stray bits; nullopt with the reason
// (a position, never a character) in `error`.
std::optional<std::string> decode_base64url_strict(std::string_view text, std::string* error);

// The macaroon in `bytes` (format v2, above); nullopt with the part that
// failed in `error` ("the caveat 3 is cut short").
std::optional<Macaroon> read_macaroon_v2(std::string_view bytes, std::string* error);

}  // namespace scopegate::providers
