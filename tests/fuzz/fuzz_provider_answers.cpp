// libFuzzer: any bytes as a saved provider answer (status line, headers,
// body), read by every preset's parser, as --response-file and live answers are.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "net/http_response.h"
#include "providers/provider.h"
#include "util/strings.h"

namespace {
scopegate::manifest::ProviderSpec generic_spec(std::uint8_t variant) {
  scopegate::manifest::ProviderSpec spec;
  spec.name = "fuzz";
  spec.preset.value = "generic";
  scopegate::manifest::ScopeLocation where;
  if (variant & 1) where.header.value = "X-Scopes";
  else where.json_pointer.value = "/scopes";
  where.split = variant & 2 ? scopegate::manifest::SplitMode::kSpace : scopegate::manifest::SplitMode::kJsonArray;
  spec.scopes = where;
  spec.key_name = scopegate::manifest::Text{"/name", {}};
  spec.expires_at = scopegate::manifest::Text{"/expires", {}};
  return spec;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  scopegate::net::HttpResponse response;
  std::string error;
  if (!scopegate::net::parse_saved_response(text, &response, &error)) return 0;
  const scopegate::manifest::ProviderSpec generic = generic_spec(data[0]);
  scopegate::manifest::ProviderSpec plain;
  for (const auto& preset : scopegate::providers::preset_table()) {
    const auto provider = preset.create(preset.name == "generic" ? generic : plain);
    (void)provider->answer_secrets(response);  // the secrets a saved answer names, read as the engine reads them
    const auto facts = provider->interpret(response);
    // Whatever a server says comes out of the neutraliser valid and one line.
    for (const std::string& scope : facts.granted) {
      const std::string shown = scopegate::util::neutralize(scope);
      if (!scopegate::util::is_valid_utf8(shown) || shown.find_first_of("\r\n\x1b") != std::string::npos) std::abort();
    }
  }
  return 0;
}
