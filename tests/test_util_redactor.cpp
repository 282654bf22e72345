#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/fakes.h"
#include "util/redactor.h"
#include "support/check_strings.h"
#include "util/strings.h"

using namespace scopegate;

TEST_SUITE("util/redactor") {
  TEST_CASE("percent_encode keeps unreserved characters only") {
    CHECK(util::percent_encode("AZaz09-._~") == "AZaz09-._~");
    CHECK(util::percent_encode("a b/c+d=e&f") == "a%20b%2Fc%2Bd%3De%26f");
    CHECK(util::percent_encode("caf\xC3\xA9") == "caf%C3%A9");
    CHECK(util::percent_encode("") == "");
  }

  TEST_CASE("redacts the secret wherever it appears") {
    util::Redactor redactor;
    redactor.add_secret(testing::kFakeToken);
    const std::string token = testing::kFakeToken;
    CHECK(redactor.redact("Authorization: Bearer " + token) == "Authorization: Bearer [REDACTED]");
    CHECK(redactor.redact(token + token + " " + token) == "[REDACTED] [REDACTED]");  // a run is one mask
    CHECK(redactor.redact(token) == "[REDACTED]");
  }

  TEST_CASE("redacts the percent-encoded form too") {
    util::Redactor redactor;
    redactor.add_secret("sk_live_abc/def+ghi");
    CHECK_STRINGS(redactor.secrets(), {"sk%5Flive%5Fabc%2Fdef%2Bghi", "sk%5flive%5fabc%2fdef%2bghi",
                                       "sk_live_abc%2Fdef%2Bghi", "sk_live_abc%2fdef%2bghi", "sk_live_abc/def+ghi"});
    CHECK(redactor.redact("GET /x?token=sk_live_abc%2Fdef%2Bghi, raw sk_live_abc/def+ghi") ==
          "GET /x?token=[REDACTED], raw [REDACTED]");
    CHECK(redactor.redact("lower case: sk_live_abc%2fdef%2bghi") == "lower case: [REDACTED]");
  }

  TEST_CASE("a secret without special characters is registered once") {
    util::Redactor redactor;
    redactor.add_secret("plainsecret");
    redactor.add_secret("plainsecret");
    CHECK_STRINGS(redactor.secrets(), {"plainsecret"});
  }

  TEST_CASE("longer secrets are replaced first") {
    for (bool longer_first : {true, false}) {
      CAPTURE(longer_first);
      util::Redactor redactor;
      if (longer_first) {
        redactor.add_secret("abcdefghijkl");
        redactor.add_secret("abcdefgh");
      } else {
        redactor.add_secret("abcdefgh");
        redactor.add_secret("abcdefghijkl");
      }
      CHECK_STRINGS(redactor.secrets(), {"abcdefghijkl", "abcdefgh"});
      CHECK(redactor.redact("x.abcdefghijkl.x abcdefgh abcdefghij.") == "x.[REDACTED].x [REDACTED] [REDACTED].");
    }
  }

  TEST_CASE("a long secret echoed without its prefix, or cut short, is found too, and only in itself") {
    util::Redactor redactor;
    std::vector<std::string> announced;
    redactor.on_new_secret([&](const std::string& form) { announced.push_back(form); });
    const std::string token = "glpat-SECRETabcdefghij0123456789";
    redactor.add_secret(token);
    CHECK(redactor.redact("path acme/SECRETabcdefghij0123456789 here") == "path acme/[REDACTED] here");
    CHECK(redactor.redact("bad token glpat-SECRETabc (truncated)") == "bad token [REDACTED] (truncated)");
    CHECK(redactor.redact("tail 0123456789ab") == "tail 0123456789ab");  // 12 bytes, but not a tail of it
    CHECK(redactor.redact("short SECRETabcde") == "short SECRETabcde");  // 11 bytes of it: too short to tell
    // Fragments are scopegate's own forms: the runner is told only of the whole.
    CHECK(std::find(announced.begin(), announced.end(), "SECRETabcdefghij0123456789") == announced.end());
    CHECK(std::find(announced.begin(), announced.end(), token) != announced.end());
  }

  TEST_CASE("a secret inside a longer word masks the whole word: no fragment of either is left") {
    util::Redactor redactor;
    redactor.add_secret("placeholder");
    CHECK(redactor.redact("placeholders, xplaceholder-y and placeholder.") == "[REDACTED], [REDACTED] and [REDACTED].");
    CHECK(redactor.redact("key=placeholder&x=1") == "key=[REDACTED]&x=1");  // '=' and '&' end a word
  }

  TEST_CASE("secrets shorter than 8 characters are not scrubbed: they would garble ordinary words") {
    util::Redactor redactor;
    redactor.add_secret("");
    redactor.add_secret("test");
    redactor.add_secret("abcdefg");
    CHECK(redactor.secrets().empty());
    CHECK(redactor.redact("testing abcdefg") == "testing abcdefg");
    redactor.add_secret("abcdefgh");  // exactly eight is a secret
    CHECK(redactor.redact("abcdefg abcdefgh") == "abcdefg [REDACTED]");
  }

  TEST_CASE("a secret is found in each registered output encoding, whenever the encoding is registered") {
    const util::Redactor::Encoding quote_as_entity = +[](std::string_view text) {
      std::string out;
      for (char c : text) out += c == '"' ? std::string("&quot;") : std::string(1, c);
      return out;
    };
    util::Redactor redactor;
    redactor.add_secret("tok\"en1234");
    redactor.add_encoding(quote_as_entity);  // applies to the secret already known
    redactor.add_secret("second\"secret");  // and to those that come later
    CHECK(redactor.redact("a tok&quot;en1234 b") == "a [REDACTED] b");
    CHECK(redactor.redact("a second&quot;secret b") == "a [REDACTED] b");
    CHECK(redactor.redact("a tok\"en1234 b") == "a [REDACTED] b");
  }

  TEST_CASE("a secret too short to scrub is still announced, so the Actions runner can mask it") {
    util::Redactor redactor;
    std::vector<std::string> announced;
    redactor.on_new_secret([&](const std::string& form) { announced.push_back(form); });
    redactor.add_secret("abc");
    redactor.add_secret("abc");
    redactor.add_secret("");
    CHECK_STRINGS(announced, {"abc"});
    CHECK(redactor.redact("abc") == "abc");
  }

  TEST_CASE("text without secrets is unchanged") {
    util::Redactor empty;
    CHECK(empty.redact("nothing to hide") == "nothing to hide");
    CHECK(empty.redact("") == "");
    util::Redactor redactor;
    redactor.add_secret(testing::kFakeToken);
    CHECK(redactor.redact("sk_live_ but not the token") == "sk_live_ but not the token");
    CHECK(redactor.redact("") == "");
  }
}

TEST_SUITE("util/looks_like_secret") {
  TEST_CASE("known token formats anywhere, random-looking text only where a name belongs") {
    using util::SecretLook;
    CHECK(util::looks_like_secret("ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", false) == SecretLook::kKnownPrefix);
    CHECK(util::looks_like_secret("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", false) ==
          SecretLook::kKnownPrefix);
    CHECK(util::looks_like_secret("glpat-AbCdEfGhIjKlMnOpQrSt", false) == SecretLook::kKnownPrefix);
    CHECK(util::looks_like_secret("sk_live_51HAbCdEfGhIjKlMn", false) == SecretLook::kKnownPrefix);
    CHECK(util::looks_like_secret("xoxb-123456789012-abcdefghij", false) == SecretLook::kKnownPrefix);
    CHECK(util::looks_like_secret("hvs.CAESIJlWh0AbCdEfGhIjKlMn", false) == SecretLook::kKnownPrefix);  // Vault
    CHECK(util::looks_like_secret("hvs.short", false) == SecretLook::kNo);
    // A prefix alone, or a name that merely starts like one, is no token.
    CHECK(util::looks_like_secret("ghp_", false) == SecretLook::kNo);
    CHECK(util::looks_like_secret("sk_live", false) == SecretLook::kNo);
    CHECK(util::looks_like_secret("ghs_TOKEN", true) == SecretLook::kNo);
    const std::string random = "Xk9mQ2wE7rT4yU1iO8pA3sD6fG0hJ5lZ";
    CHECK(util::looks_like_secret(random, false) == SecretLook::kNo);
    CHECK(util::looks_like_secret(random, true) == SecretLook::kHighEntropy);
    // Variable names, however long, are not random.
    for (const char* name : {"SONAR_API_KEY", "SONAR_API_KEY_FOR_THE_RELEASE_PIPELINE_OF_ACME_2024",
                             "GITHUB_TOKEN", "my_release_token_for_the_staging_environment"}) {
      CAPTURE(name);
      CHECK(util::looks_like_secret(name, true) == SecretLook::kNo);
    }
  }
}

TEST_CASE("a multi-line secret (a PEM key) is found whole and line by line, its frame is not a secret") {
  scopegate::util::Redactor redactor;
  const std::string pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oo\r\nAwEHoUQDQgAEcU8m\n"
                          "-----END EC PRIVATE KEY-----\n";
  redactor.add_multiline_secret(pem);
  CHECK(redactor.redact(pem) == "[REDACTED]");
  CHECK(redactor.redact("tail: MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oo") == "tail: [REDACTED]");
  CHECK(redactor.redact("AwEHoUQDQgAEcU8m") == "[REDACTED]");
  CHECK(redactor.redact("-----END EC PRIVATE KEY-----") == "-----END EC PRIVATE KEY-----");
}

TEST_CASE("a secret echoed with even its unreserved characters percent-encoded is found") {
  scopegate::util::Redactor redactor;
  redactor.add_secret("tok-echo.SECRET_0123~x");
  CHECK(redactor.redact("urlenc=tok%2Decho%2ESECRET%5F0123%7Ex") == "urlenc=[REDACTED]");
  CHECK(redactor.redact("urlenc=tok%2decho%2eSECRET%5f0123%7ex") == "urlenc=[REDACTED]");
}
