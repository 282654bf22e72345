#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "util/base64.h"

using namespace scopegate;

TEST_SUITE("util.base64") {
  TEST_CASE("RFC 4648 section 10's test vectors, encoded with padding") {
    const std::pair<const char*, const char*> vectors[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
      CAPTURE(plain);
      CHECK(util::base64_encode(plain) == encoded);
      CHECK(util::base64_decode(encoded) == std::optional<std::string>(plain));
    }
  }

  TEST_CASE("decoding takes both alphabets, with or without padding, as JWTs need") {
    CHECK(util::base64_decode("Zm9vYg") == std::optional<std::string>("foob"));
    CHECK(util::base64_decode("-_8") == util::base64_decode("+/8="));
    CHECK(util::base64_decode("-_8") == std::optional<std::string>("\xfb\xff"));
  }

  TEST_CASE("what is not base64 is no answer, not a guess") {
    CHECK_FALSE(util::base64_decode("Zm9v!"));
    CHECK_FALSE(util::base64_decode("Zm9v Zg=="));
  }
}
