#include <doctest/doctest.h>

#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <boost/asio/ssl.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "net/tls_trust.h"
#include "support/test_ca.h"

using namespace scopegate;

namespace {
// A file under the system's temporary directory, removed at the end of the test.
struct TempFile {
  explicit TempFile(const std::string& content) {
    char name[] = "/tmp/scopegate-tls-XXXXXX";
    const int fd = ::mkstemp(name);
    REQUIRE(fd >= 0);
    ::close(fd);
    path = name;
    std::ofstream(path) << content;
  }
  ~TempFile() { std::remove(path.c_str()); }
  std::string path;
};
}  // namespace

TEST_SUITE("net.tls_trust") {
  TEST_CASE("--ca-file: a PEM bundle is trusted, a file that is none is an error naming it") {
    const testing::TestCa ca;
    const TempFile bundle(ca.cert_pem());
    std::string error;
    CHECK(net::make_client_context({bundle.path, "", ""}, nullptr, &error));
    CHECK(error.empty());

    const TempFile junk("not a certificate\n");
    CHECK_FALSE(net::make_client_context({junk.path, "", ""}, nullptr, &error));
    CHECK(error.starts_with("cannot use --ca-file " + junk.path + ": "));
  }

  TEST_CASE("--ca-file wins over SSL_CERT_FILE, which is an error of its own when unusable") {
    const testing::TestCa ca;
    const TempFile bundle(ca.cert_pem());
    std::string error;
    CHECK(net::make_client_context({bundle.path, "/nonexistent/bundle.pem", ""}, nullptr, &error));
    CHECK_FALSE(net::make_client_context({"", "/nonexistent/bundle.pem", ""}, nullptr, &error));
    CHECK(error.starts_with("cannot use SSL_CERT_FILE /nonexistent/bundle.pem: "));
  }

  TEST_CASE("SSL_CERT_DIR: each directory is added, a missing one is no error (as OpenSSL treats it)") {
    std::string error;
    CHECK(net::make_client_context({"", "", "/nonexistent:/etc/ssl/certs"}, nullptr, &error));
    CHECK(error.empty());
  }

  TEST_CASE("the default store, and TLS 1.2 at least, peer verified") {
    std::string error;
    auto context = net::make_client_context({}, nullptr, &error);
    REQUIRE(context);
    CHECK(SSL_CTX_get_min_proto_version(context->native_handle()) == TLS1_2_VERSION);
    CHECK((SSL_CTX_get_verify_mode(context->native_handle()) & SSL_VERIFY_PEER) != 0);
    SSL* ssl = SSL_new(context->native_handle());
    CHECK(net::verify_failure(ssl).empty());  // nothing was verified, so nothing failed
    SSL_free(ssl);
  }
}

TEST_CASE("a TLS identity that cannot be used is said before anything is sent, with its source") {
  scopegate::testing::TestCa ca;
  const auto one = ca.issue({{"one"}, {}, -1, 30, true});
  const auto two = ca.issue({{"two"}, {}, -1, 30, true});
  scopegate::net::TlsIdentity identity{ca.cert_pem(), one.cert_pem, one.key_pem, "", "kubeconfig k"};
  CHECK(scopegate::net::identity_problem(identity).empty());
  identity.client_key_pem = two.key_pem;
  CHECK(scopegate::net::identity_problem(identity) ==
        "cannot use the client key of kubeconfig k: key values mismatch (x509 certificate routines)");
  identity.client_key_pem = one.cert_pem;  // the certificate where the key belongs
  CHECK(scopegate::net::identity_problem(identity).starts_with("cannot use the client key of kubeconfig k: "));
}

TEST_CASE("a certificate's expiry is its notAfter, derived from the clock under test") {
  scopegate::testing::TestCa ca;
  const auto leaf = ca.issue({{"ci"}, {}, -1, 30, true});
  const auto expiry = scopegate::net::certificate_expiry(leaf.cert_pem);
  REQUIRE(expiry);
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  CHECK(*expiry - now > std::chrono::hours(24 * 29));
  CHECK(*expiry - now < std::chrono::hours(24 * 31));
  CHECK_FALSE(scopegate::net::certificate_expiry("not a certificate"));
}

TEST_CASE("an encrypted client key is refused without asking for a passphrase") {
  scopegate::testing::TestCa ca;
  const auto one = ca.issue({{"one"}, {}, -1, 30, true});
  BIO* in = BIO_new_mem_buf(one.key_pem.data(), static_cast<int>(one.key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr);
  BIO* out = BIO_new(BIO_s_mem());
  char passphrase[] = "passphrase";
  PEM_write_bio_PKCS8PrivateKey(out, key, EVP_aes_256_cbc(), passphrase, 10, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(out, &data);
  const std::string encrypted(data, static_cast<std::size_t>(size));
  BIO_free(out);
  BIO_free(in);
  EVP_PKEY_free(key);
  REQUIRE(encrypted.find("ENCRYPTED PRIVATE KEY") != std::string::npos);
  scopegate::net::TlsIdentity identity{"", one.cert_pem, encrypted, "", "VAULT_CLIENT_KEY"};
  CHECK(scopegate::net::identity_problem(identity).starts_with(
      "the client key of VAULT_CLIENT_KEY is encrypted, and scopegate asks for no passphrase"));
}
