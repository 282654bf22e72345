#include <doctest/doctest.h>

#include "providers/sigv4.h"

using namespace scopegate::providers;

// providers/sigv4.cpp against AWS's Signature Version 4 test suite
// (AWS General Reference, "Signature Version 4 test suite"; the requests,
// canonical requests and Authorization headers below are its files).
namespace {
const std::string kKeyId = "AKIDEXAMPLE";
const std::string kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const sigv4::Scope kScope{"us-east-1", "service", "20150830T123600Z"};
const std::string kEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const std::string kCredential = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";

sigv4::Request request(std::string method, std::string path, std::string query,
                       std::vector<std::pair<std::string, std::string>> extra = {}) {
  sigv4::Request r{std::move(method), std::move(path), std::move(query),
                   {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}}, ""};
  r.headers.insert(r.headers.end(), extra.begin(), extra.end());
  return r;
}
}  // namespace

TEST_SUITE("providers.sigv4") {
  TEST_CASE("get-vanilla: the canonical request, the string to sign and the Authorization header") {
    const sigv4::Request r = request("GET", "/", "");
    const std::string canonical = sigv4::canonical_request(r);
    CHECK(canonical == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + kEmpty);
    CHECK(sigv4::string_to_sign(canonical, kScope) ==
          "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
          "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    CHECK(sigv4::authorization(r, kKeyId, kSecret, kScope) ==
          kCredential + "SignedHeaders=host;x-amz-date, "
                        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  TEST_CASE("the suite's other requests: unreserved path, query order, header order, case and trim, repeats") {
    struct Vector {
      const char* name;
      sigv4::Request request;
      const char* signed_headers;
      const char* signature;
    };
    const std::vector<Vector> vectors{
        {"get-unreserved", request("GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", ""),
         "host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
        {"get-vanilla-query-order-key-case", request("GET", "/", "Param2=value2&Param1=value1"), "host;x-amz-date",
         "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
        {"post-vanilla-query", request("POST", "/", "Param1=value1"), "host;x-amz-date",
         "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
        {"post-header-key-sort", request("POST", "/", "", {{"My-Header1", "value1"}}), "host;my-header1;x-amz-date",
         "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"},
        {"get-header-key-duplicate",
         request("GET", "/", "", {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}}),
         "host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
        {"get-header-value-trim", request("GET", "/", "", {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}}),
         "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
        {"post-sts-header-before",
         request("POST", "/", "",
                 {{"X-Amz-Security-Token",
                   "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTf"
                   "lfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9H"
                   "FvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr"
                   "4rvx3iSIlTJabIQwj2ICCR/oLxBA=="}}),
         "host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"},
    };
    for (const Vector& vector : vectors) {
      CAPTURE(vector.name);
      CHECK(sigv4::authorization(vector.request, kKeyId, kSecret, kScope) ==
            kCredential + "SignedHeaders=" + vector.signed_headers + ", Signature=" + vector.signature);
    }
  }

  TEST_CASE("post-x-www-form-urlencoded: the body is hashed into the canonical request") {
    sigv4::Request r = request("POST", "/", "", {{"Content-Type", "application/x-www-form-urlencoded"}});
    r.body = "Param1=value1";
    CHECK(sigv4::sha256_hex(r.body) == "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
    CHECK(sigv4::authorization(r, kKeyId, kSecret, kScope) ==
          kCredential + "SignedHeaders=content-type;host;x-amz-date, "
                        "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
  }

  TEST_CASE("another secret, date, region or service gives another signature") {
    const sigv4::Request r = request("GET", "/", "");
    const std::string base = sigv4::authorization(r, kKeyId, kSecret, kScope);
    CHECK(sigv4::authorization(r, kKeyId, kSecret + "x", kScope) != base);
    CHECK(sigv4::authorization(r, kKeyId, kSecret, {"us-east-1", "service", "20150831T123600Z"}) != base);
    CHECK(sigv4::authorization(r, kKeyId, kSecret, {"eu-west-1", "service", "20150830T123600Z"}) != base);
    CHECK(sigv4::authorization(r, kKeyId, kSecret, {"us-east-1", "iam", "20150830T123600Z"}) != base);
  }
}
