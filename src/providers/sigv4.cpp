// AWS Signature Version 4, tasks 1 to 4, with OpenSSL's SHA-256 and HMAC.
#include "providers/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <map>

#include "util/strings.h"

namespace scopegate::providers::sigv4 {

namespace {
std::string hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0x0f];
  }
  return out;
}

std::string hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &size);
  return std::string(reinterpret_cast<const char*>(out), size);
}

// Trimmed, with each run of spaces inside made one (task 1's "Trimall").
std::string trimall(std::string_view value) {
  std::string out;
  for (char c : util::trim(value)) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return out;
}

// Lower-cased name -> values joined by ',' in the order given, names sorted.
std::map<std::string, std::string> canonical_headers(const Request& request) {
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : request.headers) {
    std::string& joined = headers[util::to_lower(name)];
    joined += (joined.empty() ? "" : ",") + trimall(value);
  }
  return headers;
}

std::string canonical_query(std::string_view query) {
  if (query.empty()) return {};
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const std::string& pair : util::split_any(query, "&")) {
    const std::size_t equals = pair.find('=');
    pairs.emplace_back(pair.substr(0, equals), equals == std::string::npos ? "" : pair.substr(equals + 1));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) out += (out.empty() ? "" : "&") + name + "=" + value;
  return out;
}
}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return hex(digest, size);
}

std::string signed_headers(const Request& request) {
  std::string names;
  for (const auto& entry : canonical_headers(request)) names += (names.empty() ? "" : ";") + entry.first;
  return names;
}

std::string canonical_request(const Request& request) {
  std::string headers;
  for (const auto& [name, value] : canonical_headers(request)) headers += name + ":" + value + "\n";
  return request.method + "\n" + request.path + "\n" + canonical_query(request.query) + "\n" + headers + "\n" +
         signed_headers(request) + "\n" + sha256_hex(request.body);
}

std::string string_to_sign(const std::string& canonical, const Scope& scope) {
  return "AWS4-HMAC-SHA256\n" + scope.amz_date + "\n" + scope.credential_scope() + "\n" + sha256_hex(canonical);
}

std::string signature(const std::string& secret_access_key, const Scope& scope, const std::string& to_sign) {
  const std::string date_key = hmac("AWS4" + secret_access_key, scope.date());
  const std::string region_key = hmac(date_key, scope.region);
  const std::string service_key = hmac(region_key, scope.service);
  const std::string signing_key = hmac(service_key, "aws4_request");
  const std::string signed_bytes = hmac(signing_key, to_sign);
  return hex(reinterpret_cast<const unsigned char*>(signed_bytes.data()), signed_bytes.size());
}

std::string authorization(const Request& request, const std::string& access_key_id,
                          const std::string& secret_access_key, const Scope& scope) {
  const std::string to_sign = string_to_sign(canonical_request(request), scope);
  return "AWS4-HMAC-SHA256 Credential=" + access_key_id + "/" + scope.credential_scope() +
         ", SignedHeaders=" + signed_headers(request) + ", Signature=" + signature(secret_access_key, scope, to_sign);
}

}  // namespace scopegate::providers::sigv4
