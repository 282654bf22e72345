#include "net/tls_trust.h"

#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <boost/asio/ssl.hpp>

#include "util/strings.h"

namespace scopegate::net {

namespace ssl = boost::asio::ssl;

namespace {
bool is_directory(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}
}  // namespace

std::optional<ssl::context> make_client_context(const TrustSettings& trust, std::string* error) {
  error->clear();
  ssl::context context(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
  context.set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (!trust.ca_file.empty()) {
    context.load_verify_file(trust.ca_file, ec);
    if (ec) *error = "cannot use --ca-file " + trust.ca_file + ": " + ec.message();
  } else if (!trust.ssl_cert_file.empty() || !trust.ssl_cert_dir.empty()) {
    if (!trust.ssl_cert_file.empty()) context.load_verify_file(trust.ssl_cert_file, ec);
    if (ec) *error = "cannot use SSL_CERT_FILE " + trust.ssl_cert_file + ": " + ec.message();
    for (const std::string& dir : util::split_any(trust.ssl_cert_dir, ":")) context.add_verify_path(dir, ec);
  } else if (is_directory("/etc/ssl/certs")) {
    context.add_verify_path("/etc/ssl/certs", ec);
  } else {
    context.set_default_verify_paths(ec);
  }
  if (!error->empty()) return std::nullopt;
  return context;
}

std::string verify_failure(SSL* ssl) {
  const long result = SSL_get_verify_result(ssl);
  if (result == X509_V_OK) return {};
  return X509_verify_cert_error_string(result);
}

}  // namespace scopegate::net
