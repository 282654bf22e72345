#include "support/test_ca.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace scopegate::testing {

namespace {
struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertDeleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using Cert = std::unique_ptr<X509, CertDeleter>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test CA: ") + what);
}

Key new_key() {
  Key key(EVP_EC_gen("P-256"));
  check(key != nullptr, "EC key generation");
  return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
  check(extension != nullptr, "extension");
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

Cert new_cert(const std::string& common_name, EVP_PKEY* key, long from_days, long to_days) {
  static long serial = 1000;
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), ++serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), from_days * 86400);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), to_days * 86400);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                             -1, 0);
  return cert;
}

std::string subject_alt_names(const LeafOptions& options) {
  std::string names;
  for (const std::string& dns : options.dns) names += (names.empty() ? "" : ",") + std::string("DNS:") + dns;
  for (const std::string& ip : options.ips) names += (names.empty() ? "" : ",") + std::string("IP:") + ip;
  return names;
}

std::string to_pem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  return pem;
}

std::string to_pem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  return pem;
}

CertificatePair make_leaf(const LeafOptions& options, X509* issuer, EVP_PKEY* issuer_key) {
  Key key = new_key();
  Cert cert = new_cert(options.dns.empty() ? "test server" : options.dns.front(), key.get(), options.valid_from_days,
                       options.valid_to_days);
  X509* signer = issuer ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), signer, NID_ext_key_usage, options.client ? "clientAuth" : "serverAuth");
  const std::string names = subject_alt_names(options);
  if (!names.empty()) add_extension(cert.get(), signer, NID_subject_alt_name, names);
  check(X509_sign(cert.get(), issuer_key ? issuer_key : key.get(), EVP_sha256()) > 0, "signing the leaf");
  return {to_pem(cert.get()), to_pem(key.get())};
}
}  // namespace

struct TestCa::Keys {
  Key key;
  Cert cert;
};

TestCa::TestCa(const std::string& name) : keys_(std::make_unique<Keys>()) {
  keys_->key = new_key();
  keys_->cert = new_cert(name, keys_->key.get(), -1, 365);
  X509_set_issuer_name(keys_->cert.get(), X509_get_subject_name(keys_->cert.get()));
  add_extension(keys_->cert.get(), keys_->cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(keys_->cert.get(), keys_->cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(keys_->cert.get(), keys_->cert.get(), NID_subject_key_identifier, "hash");
  check(X509_sign(keys_->cert.get(), keys_->key.get(), EVP_sha256()) > 0, "signing the CA");
  cert_pem_ = to_pem(keys_->cert.get());
}

TestCa::~TestCa() = default;

CertificatePair TestCa::issue(const LeafOptions& options) const {
  return make_leaf(options, keys_->cert.get(), keys_->key.get());
}

CertificatePair self_signed(const LeafOptions& options) { return make_leaf(options, nullptr, nullptr); }

}  // namespace scopegate::testing
