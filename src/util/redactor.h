#pragma once
// The one place secrets are scrubbed: every byte scopegate writes (reports,
// messages, files) passes through Redactor::redact first.
#include <string>
#include <string_view>
#include <vector>

namespace scopegate::util {

class Redactor {
 public:
  static constexpr std::string_view kMask = "[REDACTED]";

  // Registers a secret and the encodings a server might echo it back in.
  void add_secret(std::string_view secret);
  const std::vector<std::string>& secrets() const { return secrets_; }

  std::string redact(std::string_view text) const;

 private:
  void add_form(std::string form);
  std::vector<std::string> secrets_;  // longest first, so a longer form wins
};

std::string percent_encode(std::string_view text);

}  // namespace scopegate::util
