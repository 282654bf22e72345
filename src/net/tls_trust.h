#pragma once
// The certificates an https request trusts, as curl picks them: --ca-file
// alone when given; else SSL_CERT_FILE and SSL_CERT_DIR; else the system's
// hashed directory /etc/ssl/certs (looked up per issuer, not parsed up
// front); else OpenSSL's default paths. TLS 1.2 at least, the peer verified.
#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <optional>
#include <string>

#include "net/transport.h"
#include "util/clock.h"

namespace scopegate::net {

struct TrustSettings {
  std::string ca_file;        // --ca-file: trust exactly this bundle
  std::string ssl_cert_file;  // SSL_CERT_FILE
  std::string ssl_cert_dir;   // SSL_CERT_DIR (':'-separated)
};

// A client context that trusts what `trust` names, or only `identity`'s CA
// when it has one, and presents `identity`'s client certificate; nullopt,
// with what failed and OpenSSL's reason in *error, when a named file or a
// certificate cannot be used. A directory that cannot be read adds no
// certificate and is no error, as OpenSSL and curl treat SSL_CERT_DIR.
std::optional<boost::asio::ssl::context> make_client_context(const TrustSettings& trust, const TlsIdentity* identity,
                                                             std::string* error);

// Why `identity` cannot be used (a CA that is no certificate, a client key
// that is not its certificate's), said with its source; "" when it can.
// Asked where the identity is read, so a broken one is the configuration's
// error, found before anything is sent.
std::string identity_problem(const TlsIdentity& identity);

// When the first certificate of `pem` stops being valid (its notAfter,
// RFC 5280 section 4.1.2.5); nullopt when it cannot be read.
std::optional<util::TimePoint> certificate_expiry(std::string_view pem);

// The reason OpenSSL rejected the peer's certificate ("certificate has
// expired"), or "" when that is not what failed.
std::string verify_failure(SSL* ssl);

}  // namespace scopegate::net
