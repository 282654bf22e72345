#include "util/redactor.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include "util/strings.h"

namespace scopegate::util {

namespace {
// Secrets this short would scrub ordinary words; no real token is this short.
// A word a secret may sit inside: letters, digits, '_' and '-'. The whole
// word is masked, so no fragment of the secret or the word is left.
bool is_word_character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}
// "%2F" -> "%2f": only the two digits after each '%' change.
std::string to_lower_hex(std::string text) {
  for (std::size_t at = text.find('%'); at != std::string::npos && at + 2 < text.size(); at = text.find('%', at + 3)) {
    for (std::size_t i = at + 1; i <= at + 2; ++i)
      if (text[i] >= 'A' && text[i] <= 'F') text[i] = static_cast<char>(text[i] - 'A' + 'a');
  }
  return text;
}

// Every byte but letters and digits as %XX: some servers encode '.', '-',
// '_' and '~' too, though RFC 3986 section 2.3 says they need not.
std::string percent_encode_all(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte)) {
      encoded += c;
      continue;
    }
    encoded += '%';
    encoded += kHex[byte >> 4];
    encoded += kHex[byte & 0xF];
  }
  return encoded;
}
}  // namespace

namespace {
struct TokenFormat {
  std::string_view prefix;
  std::size_t min_length;  // the whole token, prefix included
};
// Token formats by their documented prefixes (GitHub: "Behind GitHub's new
// authentication token formats"; GitLab: "Token prefixes"; Stripe, Slack,
// Sonar, npm, PyPI, Hugging Face, Docker Hub, AWS access key ids). Data, so a
// new format is one row.
constexpr TokenFormat kTokenFormats[] = {
    {"ghp_", 40},  {"gho_", 40},   {"ghu_", 40},  {"ghs_", 40},       {"ghr_", 40},   {"github_pat_", 40},
    {"glpat-", 20}, {"gldt-", 20}, {"glptt-", 20}, {"sk_live_", 20},  {"sk_test_", 20}, {"rk_live_", 20},
    {"xoxb-", 20}, {"xoxp-", 20},  {"xoxa-", 20}, {"xoxe-", 20},      {"xapp-", 20},  {"sqp_", 30},
    {"squ_", 30},  {"sqa_", 30},   {"npm_", 36},  {"pypi-", 40},      {"hf_", 30},    {"dckr_pat_", 30},
    {"AKIA", 20},  {"ASIA", 20},   {"hvs.", 24},  {"hvb.", 24},       {"hvr.", 24},   {"ya29.", 30},
};

// Bits per character of the text's own character distribution.
double shannon_entropy(std::string_view text) {
  int counts[256] = {};
  for (char c : text) ++counts[static_cast<unsigned char>(c)];
  double bits = 0;
  for (int count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / static_cast<double>(text.size());
    bits -= p * std::log2(p);
  }
  return bits;
}
}  // namespace

SecretLook looks_like_secret(std::string_view text, bool allow_entropy) {
  constexpr std::size_t kShortest = 20;  // the shortest min_length: most words stop here
  if (text.size() < kShortest || !std::all_of(text.begin(), text.end(), is_token_character)) return SecretLook::kNo;
  for (const TokenFormat& format : kTokenFormats)
    if (text.starts_with(format.prefix) && text.size() >= format.min_length) return SecretLook::kKnownPrefix;
  if (!allow_entropy || text.size() < 32) return SecretLook::kNo;
  // SONAR_API_KEY_FOR_THE_RELEASE_PIPELINE is long but one case, no digits, low entropy.
  const bool lower = std::any_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  const bool upper = std::any_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  const bool digit = std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (lower && upper && digit && shannon_entropy(text) >= 4.0) return SecretLook::kHighEntropy;
  // Hex digits with dashes or none (an old 40-hex GitHub token, a UUID): no
  // variable name is written that way.
  const bool hex = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
  });
  return hex && digit && shannon_entropy(text) >= 3.0 ? SecretLook::kHighEntropy : SecretLook::kNo;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (char c : text) {
    if (is_unreserved(c)) {
      encoded += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0xF];
    }
  }
  return encoded;
}

void Redactor::add_form(std::string form, Announce announce) {
  if (form.size() < kShortestSecret || !forms_.insert(form).second) return;
  if (announce == Announce::kNo) fragments_.insert(form);
  else if (listener_) listener_(form);
  secrets_.push_back(std::move(form));
  indexed_ = false;
}

namespace {
std::uint32_t first_four(std::string_view text, std::size_t at) {
  std::uint32_t key = 0;
  std::memcpy(&key, text.data() + at, sizeof key);
  return key;
}
std::uint16_t first_two(std::string_view text, std::size_t at) {
  std::uint16_t key = 0;
  std::memcpy(&key, text.data() + at, sizeof key);
  return key;
}
}  // namespace

void Redactor::build_index() const {
  if (indexed_) return;
  std::stable_sort(secrets_.begin(), secrets_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  by_start_.clear();
  starts_.reset();
  for (std::size_t i = 0; i < secrets_.size(); ++i) {  // longest first within each list, too
    by_start_[first_four(secrets_[i], 0)].push_back(i);
    starts_.set(first_two(secrets_[i], 0));
  }
  indexed_ = true;
}

const std::vector<std::string>& Redactor::secrets() const {
  build_index();
  listed_.clear();
  for (const std::string& form : secrets_)
    if (!fragments_.count(form)) listed_.push_back(form);
  return listed_;
}

std::size_t Redactor::longest_match(std::string_view text, std::size_t at) const {
  if (!starts_.test(first_two(text, at))) return 0;  // the usual answer, from an 8 KiB table
  const auto candidates = by_start_.find(first_four(text, at));
  if (candidates == by_start_.end()) return 0;
  for (std::size_t i : candidates->second)
    if (text.compare(at, secrets_[i].size(), secrets_[i]) == 0) return secrets_[i].size();
  return 0;
}

void Redactor::add_encoding(Encoding encoding) {
  encodings_.push_back(encoding);
  for (const std::string& secret : raw_secrets_)
    if (secret.size() >= kShortestSecret) add_form(encoding(secret));
}

void Redactor::add_encoded_forms(std::string_view secret) {
  for (Encoding encoding : encodings_) add_form(encoding(secret));
}

void Redactor::add_multiline_secret(std::string_view secret) {
  add_secret(secret);
  for (std::size_t start = 0; start < secret.size();) {
    const std::size_t end = std::min(secret.find('\n', start), secret.size());
    const std::string_view line = trim(secret.substr(start, end - start));
    // A PEM body line; not its "-----BEGIN ..." frame, which is no secret.
    if (line.size() >= 2 * kShortestSecret && !line.starts_with("-----")) add_secret(line);
    start = end + 1;
  }
}

void Redactor::add_secret(std::string_view secret) {
  if (secret.empty() || !raw_seen_.emplace(secret).second) return;
  raw_secrets_.emplace_back(secret);
  if (secret.size() < kShortestSecret) {
    // Too short to scrub from text without scrubbing ordinary words, but
    // the Actions runner is still told to hide it.
    if (listener_) listener_(raw_secrets_.back());
    return;
  }
  add_form(std::string(secret));
  const std::string encoded = percent_encode(secret);
  add_form(encoded);
  add_form(to_lower_hex(encoded));  // servers differ in the case of %2F
  const std::string all = percent_encode_all(secret);
  add_form(all);
  add_form(to_lower_hex(all));
  add_encoded_forms(secret);
  add_fragments(secret);
}

// A server may echo a token cut short, or without its public prefix
// ("glpat-"): every head and tail of a long secret that still holds
// kShortestFragment of its bytes is a form too. Not told to the listener:
// the runner already hides the whole, and these forms are scopegate's own.
void Redactor::add_fragments(std::string_view secret) {
  if (secret.size() <= kShortestFragment || secret.size() > kLongestFragmented) return;
  for (std::size_t length = kShortestFragment; length < secret.size(); ++length) {
    add_form(std::string(secret.substr(0, length)), Announce::kNo);
    add_form(std::string(secret.substr(secret.size() - length)), Announce::kNo);
  }
}

std::string Redactor::redact(std::string_view text) const {
  if (secrets_.empty()) return std::string(text);
  build_index();
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  for (std::size_t at = 0; at + kShortestSecret <= text.size();) {
    const std::size_t length = longest_match(text, at);
    if (length == 0) {
      ++at;
      continue;
    }
    std::size_t start = at;  // the whole run: back to where the word began
    while (start > copied && is_word_character(text[start - 1])) --start;
    at += length;
    while (at < text.size() && is_word_character(text[at])) ++at;
    out.append(text.substr(copied, start - copied));
    out += kMask;
    copied = at;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace scopegate::util
