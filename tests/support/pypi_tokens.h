#pragma once
// PyPI API tokens made at test time: "pypi-" and a macaroon in libmacaroons'
// binary format v2 with the caveats a test names, as warehouse writes them
// (JSON arrays led by a tag). The signature is 32 arbitrary bytes: nothing
// checks it without PyPI's key. No real token is ever committed.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/base64.h"
#include "util/clock.h"

namespace scopegate::testing {

// A caveat's identifier; `vid` non-empty makes it a third-party caveat.
struct TestCaveat {
  std::string identifier;
  std::string vid;
  TestCaveat(std::string id, std::string verification = {})  // NOLINT: a string is a first-party caveat
      : identifier(std::move(id)), vid(std::move(verification)) {}
  TestCaveat(const char* id) : identifier(id) {}  // NOLINT
};

inline void append_varint(std::string& out, std::size_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

inline void append_field(std::string& out, unsigned type, std::string_view bytes) {
  append_varint(out, type);
  append_varint(out, bytes.size());
  out.append(bytes);
}

// The raw v2 bytes: [location] identifier EOS, each caveat, EOS, signature.
inline std::string macaroon_bytes(const std::vector<TestCaveat>& caveats, std::string_view location = "pypi.org",
                                  std::string_view signature = std::string_view("0123456789abcdef0123456789abcdef")) {
  std::string out(1, '\x02');
  if (!location.empty()) append_field(out, 1, location);
  append_field(out, 2, "6f7e2d1c-0000-4000-8000-00000000test");
  out.push_back('\0');
  for (const TestCaveat& caveat : caveats) {
    append_field(out, 2, caveat.identifier);
    if (!caveat.vid.empty()) append_field(out, 4, caveat.vid);
    out.push_back('\0');
  }
  out.push_back('\0');
  append_field(out, 6, signature);
  return out;
}

// URL-safe base64 without padding, as PyPI writes its tokens.
inline std::string base64url_unpadded(std::string_view bytes) {
  std::string text = util::base64_encode(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return text;
}

inline std::string pypi_token_of_bytes(std::string_view bytes) { return "pypi-" + base64url_unpadded(bytes); }

inline std::string pypi_token(const std::vector<TestCaveat>& caveats, std::string_view location = "pypi.org") {
  return pypi_token_of_bytes(macaroon_bytes(caveats, location));
}

// The caveats warehouse writes (macaroons/caveats/__init__.py).
inline std::string expiry_caveat(util::TimePoint expires_at, util::TimePoint not_before) {
  return "[0," + std::to_string(expires_at.time_since_epoch().count()) + "," +
         std::to_string(not_before.time_since_epoch().count()) + "]";
}
inline std::string projects_caveat(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "\"" : ",\"") + name + "\"";
  return "[1,[" + list + "]]";
}
inline std::string project_ids_caveat() { return R"([2,["0d7a9c3e-1111-4aaa-8bbb-123456789abc"]])"; }
inline std::string user_caveat() { return R"([3,"2b3c4d5e-2222-4ccc-9ddd-abcdef012345"])"; }

}  // namespace scopegate::testing
