#pragma once
// A certificate authority made at test time (OpenSSL, EC P-256), so HTTPS
// tests need no committed keys: a trusted CA, leaf certificates for
// 127.0.0.1/localhost or the wrong name, expired ones, and self-signed ones.
#include <memory>
#include <string>
#include <vector>

namespace scopegate::testing {

struct CertificatePair {
  std::string cert_pem;
  std::string key_pem;
};

struct LeafOptions {
  std::vector<std::string> dns{"localhost"};
  std::vector<std::string> ips{"127.0.0.1"};
  long valid_from_days = -1;  // relative to now
  long valid_to_days = 30;
  bool client = false;  // a client certificate (clientAuth) for mutual TLS, named dns.front()
};

class TestCa {
 public:
  explicit TestCa(const std::string& name = "scopegate test CA");
  ~TestCa();
  TestCa(const TestCa&) = delete;
  TestCa& operator=(const TestCa&) = delete;

  const std::string& cert_pem() const { return cert_pem_; }
  CertificatePair issue(const LeafOptions& options = {}) const;

 private:
  struct Keys;
  std::unique_ptr<Keys> keys_;
  std::string cert_pem_;
};

// A certificate that signs itself: valid names, but no CA vouches for it.
CertificatePair self_signed(const LeafOptions& options = {});

}  // namespace scopegate::testing
