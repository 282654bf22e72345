#include <doctest/doctest.h>

#include <string>

#include "providers/macaroon.h"
#include "support/pypi_tokens.h"

using namespace scopegate;
using namespace scopegate::testing;
using providers::decode_base64url_strict;
using providers::read_macaroon_v2;

namespace {
std::string decode_error(std::string_view text) {
  std::string error;
  CHECK_FALSE(decode_base64url_strict(text, &error).has_value());
  return error;
}

std::string read_error(std::string_view bytes) {
  std::string error;
  CHECK_FALSE(read_macaroon_v2(bytes, &error).has_value());
  return error;
}
}  // namespace

// providers/macaroon.cpp: strict base64url and libmacaroons' v2 format, read without the key.
TEST_SUITE("providers.macaroon") {
  TEST_CASE("base64url: both lengths of padding, or none, and the URL-safe alphabet") {
    std::string error;
    CHECK(decode_base64url_strict("Zm9v", &error) == std::optional<std::string>("foo"));
    CHECK(decode_base64url_strict("Zm8", &error) == std::optional<std::string>("fo"));
    CHECK(decode_base64url_strict("Zm8=", &error) == std::optional<std::string>("fo"));
    CHECK(decode_base64url_strict("Zg==", &error) == std::optional<std::string>("f"));
    CHECK(decode_base64url_strict("-_8", &error) == std::optional<std::string>("\xfb\xff"));
    CHECK(decode_base64url_strict("", &error) == std::optional<std::string>(""));
  }

  TEST_CASE("base64url: anything else is refused, naming a position, never a character") {
    CHECK(decode_error("Zm9v+A") == "it is not URL-safe base64 (position 4)");  // the standard alphabet's +
    CHECK(decode_error("Zm9/") == "it is not URL-safe base64 (position 3)");
    CHECK(decode_error("Zm 9v") == "it is not URL-safe base64 (position 2)");
    CHECK(decode_error("Zg=") == "its padding (=) is misplaced at position 2");  // too short for padding
    CHECK(decode_error("Zg=A") == "its padding (=) is misplaced at position 2");
    CHECK(decode_error("Z===") == "its padding (=) is misplaced at position 1");
    CHECK(decode_error("Zm9vY") == "its length is not that of any base64 text");
    CHECK(decode_error("Zh") == "its last base64 character has bits set that encode nothing");
  }

  TEST_CASE("a macaroon with a location, caveats and a third-party caveat") {
    const std::string bytes = macaroon_bytes({"[3,\"u\"]", TestCaveat("third", "vid-bytes"), "[0,2,1]"});
    std::string error;
    const auto macaroon = read_macaroon_v2(bytes, &error);
    REQUIRE_MESSAGE(macaroon.has_value(), error);
    CHECK(macaroon->location == "pypi.org");
    CHECK(macaroon->identifier == "6f7e2d1c-0000-4000-8000-00000000test");
    REQUIRE(macaroon->caveats.size() == 3);
    CHECK(macaroon->caveats[0].identifier == "[3,\"u\"]");
    CHECK_FALSE(macaroon->caveats[0].third_party);
    CHECK(macaroon->caveats[1].third_party);
    CHECK(macaroon->caveats[2].identifier == "[0,2,1]");
  }

  TEST_CASE("no location and no caveat, and a long caveat takes a two-byte length") {
    std::string error;
    const auto bare = read_macaroon_v2(macaroon_bytes({}, ""), &error);
    REQUIRE(bare.has_value());
    CHECK(bare->location.empty());
    CHECK(bare->caveats.empty());
    const std::string long_caveat(300, 'x');
    const auto long_one = read_macaroon_v2(macaroon_bytes({long_caveat}), &error);
    REQUIRE(long_one.has_value());
    CHECK(long_one->caveats.at(0).identifier == long_caveat);
  }

  TEST_CASE("every malformed part is named") {
    const std::string good = macaroon_bytes({"[3,\"u\"]"});
    CHECK(read_error("") == "it is not a version 2 macaroon (the first byte is not 0x02)");
    CHECK(read_error(std::string(1, '\x01').append(good, 1)) == "it is not a version 2 macaroon (the first byte is not 0x02)");
    CHECK(read_error(good.substr(0, good.size() - 5)) == "the signature is cut short");
    CHECK(read_error(good + "x") == "bytes follow the signature");
    CHECK(read_error(macaroon_bytes({}, "pypi.org", "short")) == "the signature is not 32 bytes long");
    CHECK(read_error(std::string("\x02\x01\x05pyp", 6)) == "the location is cut short");
    // A header without an identifier: EOS straight after the location.
    std::string no_identifier("\x02");
    append_field(no_identifier, 1, "pypi.org");
    no_identifier.push_back('\0');
    CHECK(read_error(no_identifier) == "the identifier has a field the format does not allow there");
    // A caveat that never ends: the bytes stop inside it.
    const std::size_t caveat_end = good.find("[3,\"u\"]") + 7;
    CHECK(read_error(good.substr(0, caveat_end)) == "caveat 1 is cut short");
    // A varint that never ends.
    CHECK(read_error(std::string("\x02\xff\xff\xff\xff\xff", 6)) == "the identifier is cut short");
  }

  TEST_CASE("more caveats than any token has is refused") {
    const std::vector<TestCaveat> many(providers::kMaxMacaroonCaveats + 1, TestCaveat("[3,\"u\"]"));
    CHECK(read_error(macaroon_bytes(many)) == "it has more than 256 caveats");
    std::string error;
    const std::vector<TestCaveat> most(providers::kMaxMacaroonCaveats, TestCaveat("[3,\"u\"]"));
    CHECK(read_macaroon_v2(macaroon_bytes(most), &error).has_value());
  }
}
