#pragma once
// The one place secrets are scrubbed: every byte scopegate writes (reports,
// messages, files) passes through Redactor::redact first.
#include <bitset>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace scopegate::util {

class Redactor {
 public:
  static constexpr std::string_view kMask = "[REDACTED]";
  // Shorter values are not scrubbed (they would garble ordinary words, "test"
  // in "testing"), so the engine refuses them as tokens and secrets.
  static constexpr std::size_t kShortestSecret = 8;
  // A head or tail of a secret this long is scrubbed too (a token echoed
  // without its prefix, or cut short); secrets longer than the second bound
  // (a whole PEM key, registered line by line as well) are not cut up.
  static constexpr std::size_t kShortestFragment = 12;
  static constexpr std::size_t kLongestFragmented = 512;

  // How an output format escapes text (JSON strings, XML, markdown cells,
  // workflow commands): a secret a server echoed back must be found in every
  // form a report could write it in, not only as it was read.
  using Encoding = std::string (*)(std::string_view);
  void add_encoding(Encoding encoding);

  // Registers a secret, the encodings a server might echo it back in, and
  // the form each output encoding turns it into.
  void add_secret(std::string_view secret);
  // A secret of several lines (a PEM private key): the whole, and each line
  // of its body, so that a part of it printed line by line is found too.
  void add_multiline_secret(std::string_view secret);
  // Called with every new form of a secret as it is registered (GitHub's
  // ::add-mask:: must be printed before the secret could appear anywhere).
  void on_new_secret(std::function<void(const std::string&)> listener) { listener_ = std::move(listener); }
  // Every form looked for, longest first, but the heads and tails of long secrets.
  const std::vector<std::string>& secrets() const;

  // One pass over `text`, whatever the number of secrets (a manifest of
  // 10,000 providers registers 10,000 tokens): at each position the longest
  // form that starts there is replaced.
  std::string redact(std::string_view text) const;

 private:
  // kNo: a fragment, scopegate's own form, of which the listener is not told.
  enum class Announce { kYes, kNo };
  void add_form(std::string form, Announce announce = Announce::kYes);
  void add_fragments(std::string_view secret);
  void add_encoded_forms(std::string_view secret);
  void build_index() const;
  std::size_t longest_match(std::string_view text, std::size_t at) const;

  std::vector<std::string> raw_secrets_;  // as registered, in order (new encodings apply to each)
  std::unordered_set<std::string> raw_seen_;
  std::vector<Encoding> encodings_;
  std::unordered_set<std::string> forms_;  // every form once
  std::unordered_set<std::string> fragments_;  // of those, the heads and tails of long secrets
  mutable std::vector<std::string> listed_;    // secrets(): the forms but fragments
  std::function<void(const std::string&)> listener_;
  // Built on first use after a change: the forms longest first, those that
  // start with each four bytes, and which two-byte starts occur at all.
  mutable bool indexed_ = true;
  mutable std::vector<std::string> secrets_;
  mutable std::unordered_map<std::uint32_t, std::vector<std::size_t>> by_start_;
  mutable std::bitset<65536> starts_;
};

std::string percent_encode(std::string_view text);

// The characters tokens are written with (RFC 6750 b64token, and '_').
inline bool is_token_character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.' || c == '=' || c == '+' || c == '/';
}

// How a value that should be a name (a variable, a key) can look like a
// secret that was pasted instead.
enum class SecretLook {
  kNo,
  kKnownPrefix,   // a provider's token format: ghp_, github_pat_, glpat-, sk_live, xox?-, ... (see kTokenFormats)
  kHighEntropy,   // long, mixed-case letters and digits, random-looking
};
// Known prefixes always count; `allow_entropy` adds the random-looking test,
// for places where only a name belongs (a variable name is never random).
SecretLook looks_like_secret(std::string_view text, bool allow_entropy);

}  // namespace scopegate::util
