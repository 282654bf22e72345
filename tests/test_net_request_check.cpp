// The one check on outside bytes before they go into a request.
#include <doctest/doctest.h>

#include "net/request_check.h"

using namespace scopegate;

TEST_SUITE("net/request_check") {
  TEST_CASE("a token is one line of visible ASCII, and the problem names the position and character, never the value") {
    CHECK_FALSE(net::token_problem("sk_live_FAKE_0123456789"));
    CHECK_FALSE(net::token_problem("ghp_abc-DEF.ghi~jkl+mno/pqr="));  // every b64token character
    CHECK(net::token_problem("sk_live_x\r\nX-Injected: 1") ==
          "contains U+000D (carriage return) at position 10 (it holds more than one line): a token is one line of "
          "visible ASCII; store the token alone");
    CHECK(net::token_problem("API_KEY=sk_live_a\nOTHER_KEY=sk_live_b") ==
          "contains U+000A (line feed) at position 18 (it holds more than one line): a token is one line of visible "
          "ASCII; store the token alone");
    CHECK(net::token_problem("sk_live_0123456789012345678901\xC2\xA0") ==
          "contains U+00A0 (no-break space) at position 31: a token is one line of visible ASCII; store the token alone");
    CHECK(net::token_problem("sk_live_caf\xE9") ==
          "contains the byte 0xE9 (not UTF-8; Latin-1 or another encoding?) at position 12: a token is one line of "
          "visible ASCII; store the token alone");
    CHECK(net::token_problem("sk live") ==
          "contains U+0020 (space) at position 3: a token is one line of visible ASCII; store the token alone");
    CHECK(net::token_problem(std::string("sk\0live", 7))->starts_with("contains U+0000 (NUL) at position 3"));
    CHECK(net::token_problem("")  == "is empty");
  }

  TEST_CASE("a scheme in front or quotes around get their own advice") {
    for (const char* stored : {"Bearer sk_live_x", "bearer sk_live_x", "token ghp_x", "Basic dXNlcjpwYXNz"}) {
      CAPTURE(stored);
      const auto problem = net::token_problem(stored);
      REQUIRE(problem);
      CHECK(problem->find("store the token alone, without the scheme") != std::string::npos);
      CHECK(problem->find("sk_live_x") == std::string::npos);
    }
    CHECK(net::token_problem("\"sk_live_x\"") == "is wrapped in quotes: store the token alone, without quotes");
    CHECK(net::token_problem("'sk_live_x'") == "is wrapped in quotes: store the token alone, without quotes");
    CHECK(net::token_problem("\"sk_live_x") == "starts or ends with a quote: store the token alone, without quotes");
    CHECK(net::token_problem("sk_live_x'") == "starts or ends with a quote: store the token alone, without quotes");
    CHECK(net::token_problem("Bearer\tsk_live_x")->starts_with("starts with 'Bearer ': store the token alone"));
    CHECK_FALSE(net::token_problem("tokenABC123"));  // a scheme's name without a space after it is no scheme
  }

  TEST_CASE("one final newline is dropped, as $(cat file) drops it, and no more") {
    CHECK(net::without_final_newline("tok\n") == "tok");
    CHECK(net::without_final_newline("tok\r\n") == "tok");
    CHECK(net::without_final_newline("tok\n\n") == "tok\n");
    CHECK(net::without_final_newline(" tok ") == " tok ");
  }

  TEST_CASE("header values are visible ASCII with inner spaces, and names are RFC 9110 tokens") {
    CHECK_FALSE(net::header_value_problem("Bearer abc"));
    CHECK_FALSE(net::header_value_problem("a\tb c"));
    CHECK(net::header_value_problem("abc\r\nX-Injected: 1") ==
          "contains U+000D (carriage return) at position 4 (it holds more than one line)");
    CHECK(net::header_value_problem(" abc") == "starts or ends with white space");
    CHECK(net::header_value_problem("caf\xC3\xA9") == "contains U+00E9 at position 4");
    CHECK(net::is_header_name("X-Api-Key"));
    CHECK(net::is_header_name("x_custom.v2"));
    CHECK_FALSE(net::is_header_name("X Api"));
    CHECK_FALSE(net::is_header_name("X:Api"));
    CHECK_FALSE(net::is_header_name(""));
    CHECK_FALSE(net::is_header_name("X-\xC3\xA9"));
  }

  TEST_CASE("the last gate refuses any malformed request, naming the header, never the value") {
    net::HttpRequest request;
    request.url.host = "api.example.com";
    request.url.target = "/v1/x";
    request.headers = {{"Authorization", "Bearer ok"}};
    CHECK_FALSE(net::request_problem(request));
    request.headers.emplace_back("X-Secret", "s3cret\r\nX-Injected: 1");
    const auto problem = net::request_problem(request);
    REQUIRE(problem);
    CHECK(*problem == "the value of header X-Secret contains U+000D (carriage return) at position 7 (it holds more "
                      "than one line)");
    CHECK(problem->find("s3cret") == std::string::npos);
    request.headers.pop_back();
    request.headers.emplace_back("Bad Name", "x");
    CHECK(net::request_problem(request) == "a header name contains U+0020 (space) at position 4");
    request.headers.pop_back();
    request.url.target = "/v1/x y";
    CHECK(net::request_problem(request) == "the URL contains U+0020 (space) at position 6");
    request.url.target = "/v1";
    request.method = "GET\r\n";
    CHECK(net::request_problem(request) == "the method is not a token");
  }
}
