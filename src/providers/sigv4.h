#pragma once
// AWS Signature Version 4 ("Create a signed AWS API request", AWS IAM User
// Guide; checked against AWS's Signature Version 4 test suite): the
// canonical request, the string to sign and the Authorization header for a
// request, from the secret access key. The key itself is never sent.
#include <string>
#include <utility>
#include <vector>

namespace scopegate::providers::sigv4 {

// What is signed. `path` is the URI path as sent ("/"); `query` the raw query
// string without '?' ("" for none; pairs already percent-encoded as AWS
// wants); `headers` every header to sign, in any order and case, including
// Host and X-Amz-Date (and X-Amz-Security-Token for temporary credentials).
struct Request {
  std::string method;
  std::string path;
  std::string query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Where the signature is valid: "us-east-1", "iam"; `amz_date` is the
// request's X-Amz-Date, "20150830T123600Z" (UTC, basic ISO 8601).
struct Scope {
  std::string region;
  std::string service;
  std::string amz_date;
  std::string date() const { return amz_date.substr(0, 8); }
  std::string credential_scope() const { return date() + "/" + region + "/" + service + "/aws4_request"; }
};

// Lower-case hex of SHA-256 / HMAC-SHA256 (OpenSSL).
std::string sha256_hex(std::string_view data);

// Task 1: METHOD \n URI \n QUERY \n HEADERS \n SIGNED \n HEX(SHA256(body)).
// Header names lower-cased and sorted, values trimmed with inner runs of
// spaces made one, repeated names joined by ','; query pairs sorted by name
// then value.
std::string canonical_request(const Request& request);
// "host;x-amz-date": the lower-cased, sorted names `request` signs.
std::string signed_headers(const Request& request);
// Task 2: "AWS4-HMAC-SHA256" \n amz_date \n credential scope \n HEX(SHA256(canonical request)).
std::string string_to_sign(const std::string& canonical, const Scope& scope);
// Tasks 3 and 4: the signature (hex) of `to_sign` with the key derived from
// the secret access key for `scope`.
std::string signature(const std::string& secret_access_key, const Scope& scope, const std::string& to_sign);
// The Authorization header's value:
// "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, SignedHeaders=..., Signature=...".
std::string authorization(const Request& request, const std::string& access_key_id,
                          const std::string& secret_access_key, const Scope& scope);

}  // namespace scopegate::providers::sigv4
