#include "providers/macaroon.h"

#include <cstdint>

namespace scopegate::providers {

namespace {
// RFC 4648 section 5's alphabet; -1 for any other byte.
int base64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// The text without its padding, when the padding is right for its length.
std::optional<std::string_view> strip_padding(std::string_view text, std::string* error) {
  const std::size_t data = text.find('=');
  if (data == std::string_view::npos) return text;
  const std::size_t padding = text.size() - data;
  if (text.find_first_not_of('=', data) != std::string_view::npos || padding > 2 || text.size() % 4 != 0) {
    *error = "its padding (=) is misplaced at position " + std::to_string(data);
    return std::nullopt;
  }
  return text.substr(0, data);
}

// Field types of the v2 format (libmacaroons' "v2" serialisation).
enum FieldType : std::uint32_t { kEos = 0, kLocation = 1, kIdentifier = 2, kVid = 4, kSignature = 6 };
constexpr std::size_t kSignatureBytes = 32;  // HMAC-SHA256
constexpr int kMaxVarintBytes = 4;           // 2^28: far beyond any token's length

// Reads fields off the front of the bytes; each error names what was read.
class FieldReader {
 public:
  explicit FieldReader(std::string_view bytes) : rest_(bytes) {}
  bool done() const { return rest_.empty(); }

  // The next field's type; nullopt at the end of the bytes or on a bad varint.
  std::optional<std::uint32_t> peek_type() const {
    std::string_view copy = rest_;
    return varint(copy);
  }

  // The next field, which must be of `type`: its bytes (empty for EOS).
  std::optional<std::string> take(std::uint32_t type, std::string_view what, std::string* error) {
    const auto read = varint(rest_);
    if (!read || *read != type) {
      *error = read ? what_ended(what) : std::string(what) + " is cut short";
      return std::nullopt;
    }
    if (type == kEos) return std::string();
    const auto length = varint(rest_);
    if (!length || *length > rest_.size()) {
      *error = std::string(what) + " is cut short";
      return std::nullopt;
    }
    std::string bytes(rest_.substr(0, *length));
    rest_.remove_prefix(*length);
    return bytes;
  }

  // Takes a field of `type` when it is the next one.
  std::optional<std::string> take_if(std::uint32_t type, std::string_view what, std::string* error, bool* failed) {
    if (peek_type() != type) return std::nullopt;
    auto bytes = take(type, what, error);
    *failed = !bytes;
    return bytes;
  }

 private:
  static std::string what_ended(std::string_view what) {
    return std::string(what) + " has a field the format does not allow there";
  }

  static std::optional<std::uint32_t> varint(std::string_view& bytes) {
    std::uint32_t value = 0;
    for (int i = 0; i < kMaxVarintBytes && i < static_cast<int>(bytes.size()); ++i) {
      const auto byte = static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
      value |= static_cast<std::uint32_t>(byte & 0x7f) << (7 * i);
      if ((byte & 0x80) == 0) {
        bytes.remove_prefix(static_cast<std::size_t>(i) + 1);
        return value;
      }
    }
    return std::nullopt;
  }

  std::string_view rest_;
};

// One caveat's section: [location] identifier [vid] EOS.
std::optional<Macaroon::Caveat> read_caveat(FieldReader& reader, const std::string& what, std::string* error) {
  bool failed = false;
  reader.take_if(kLocation, what + "'s location", error, &failed);
  if (failed) return std::nullopt;
  auto identifier = reader.take(kIdentifier, what, error);
  if (!identifier) return std::nullopt;
  Macaroon::Caveat caveat{std::move(*identifier), false};
  caveat.third_party = reader.take_if(kVid, what + "'s verification id", error, &failed).has_value();
  if (failed || !reader.take(kEos, what, error)) return std::nullopt;
  return caveat;
}
}  // namespace

std::optional<std::string> decode_base64url_strict(std::string_view text, std::string* error) {
  const auto data = strip_padding(text, error);
  if (!data) return std::nullopt;
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < data->size(); ++i) {
    const int value = base64url_value((*data)[i]);
    if (value < 0) {
      *error = "it is not URL-safe base64 (position " + std::to_string(i) + ")";
      return std::nullopt;
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  if (data->size() % 4 == 1) {
    *error = "its length is not that of any base64 text";
    return std::nullopt;
  }
  if ((buffer & ((1u << bits) - 1)) != 0) {
    *error = "its last base64 character has bits set that encode nothing";
    return std::nullopt;
  }
  return out;
}

std::optional<Macaroon> read_macaroon_v2(std::string_view bytes, std::string* error) {
  if (bytes.empty() || bytes.front() != '\x02') {
    *error = "it is not a version 2 macaroon (the first byte is not 0x02)";
    return std::nullopt;
  }
  FieldReader reader(bytes.substr(1));
  Macaroon macaroon;
  bool failed = false;
  macaroon.location = reader.take_if(kLocation, "the location", error, &failed).value_or("");
  if (failed) return std::nullopt;
  auto identifier = reader.take(kIdentifier, "the identifier", error);
  if (!identifier || !reader.take(kEos, "the macaroon's header", error)) return std::nullopt;
  macaroon.identifier = std::move(*identifier);
  while (reader.peek_type() != kEos) {
    if (macaroon.caveats.size() == kMaxMacaroonCaveats) {
      *error = "it has more than " + std::to_string(kMaxMacaroonCaveats) + " caveats";
      return std::nullopt;
    }
    auto caveat = read_caveat(reader, "caveat " + std::to_string(macaroon.caveats.size() + 1), error);
    if (!caveat) return std::nullopt;
    macaroon.caveats.push_back(std::move(*caveat));
  }
  reader.take(kEos, "the caveats' end", error);
  const auto signature = reader.take(kSignature, "the signature", error);
  if (!signature) return std::nullopt;
  if (signature->size() != kSignatureBytes || !reader.done()) {
    *error = signature->size() != kSignatureBytes ? "the signature is not 32 bytes long" : "bytes follow the signature";
    return std::nullopt;
  }
  return macaroon;
}

}  // namespace scopegate::providers
