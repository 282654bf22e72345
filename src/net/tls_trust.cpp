#include "net/tls_trust.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <ctime>
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


// The provider's own CA, and its client certificate and key, into `context`;
// "" or what failed.
std::string use_identity(const TlsIdentity& identity, ssl::context& context) {
  boost::system::error_code ec;
  const std::string of = identity.source.empty() ? "" : " of " + identity.source;
  if (!identity.ca_pem.empty()) {
    context.add_certificate_authority(boost::asio::buffer(identity.ca_pem), ec);
    if (ec) return "cannot use the certificate authority" + of + ": " + ec.message();
  }
  if (identity.client_cert_pem.empty() && identity.client_key_pem.empty()) return {};
  if (identity.client_cert_pem.empty() || identity.client_key_pem.empty())
    return "the client certificate" + of + " comes without its key, or the key without its certificate";
  context.use_certificate_chain(boost::asio::buffer(identity.client_cert_pem), ec);
  if (ec) return "cannot use the client certificate" + of + ": " + ec.message();
  // An encrypted key is refused, never asked for: OpenSSL's default would
  // prompt on the terminal for a passphrase.
  SSL_CTX_set_default_passwd_cb(context.native_handle(), [](char*, int, int, void*) { return 0; });
  context.use_private_key(boost::asio::buffer(identity.client_key_pem), ssl::context::pem, ec);
  if (ec && identity.client_key_pem.find("ENCRYPTED") != std::string::npos)
    return "the client key" + of + " is encrypted, and scopegate asks for no passphrase: give it the key decrypted "
           "(openssl pkey -in KEY -out KEY.plain), kept as secret as the token";
  if (ec) return "cannot use the client key" + of + ": " + ec.message();
  if (SSL_CTX_check_private_key(context.native_handle()) != 1)
    return "the client key" + of + " does not belong to its certificate";
  return {};
}
}  // namespace

std::optional<ssl::context> make_client_context(const TrustSettings& trust, const TlsIdentity* identity,
                                                std::string* error) {
  error->clear();
  ssl::context context(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
  context.set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (identity) *error = use_identity(*identity, context);
  if (!error->empty()) return std::nullopt;
  if (identity && !identity->ca_pem.empty()) {
    // The provider's configuration names its CA: trust exactly that, as kubectl does.
  } else if (!trust.ca_file.empty()) {
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

std::string identity_problem(const TlsIdentity& identity) {
  ssl::context context(ssl::context::tls_client);
  return use_identity(identity, context);
}

std::optional<util::TimePoint> certificate_expiry(std::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (!bio) return std::nullopt;
  X509* certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!certificate) return std::nullopt;
  std::tm when{};
  const bool read = ASN1_TIME_to_tm(X509_get0_notAfter(certificate), &when) == 1;
  X509_free(certificate);
  if (!read) return std::nullopt;
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::from_time_t(timegm(&when)));
}

std::string verify_failure(SSL* ssl) {
  const long result = SSL_get_verify_result(ssl);
  if (result == X509_V_OK) return {};
  return X509_verify_cert_error_string(result);
}

}  // namespace scopegate::net
