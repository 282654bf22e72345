#pragma once
// --granted, --granted-file and --response-file: what a provider said, given
// instead of asked. Each is checked for being what its flag expects.
#include <map>
#include <optional>
#include <string>

#include "engine/problems.h"
#include "engine/resolver.h"
#include "engine/system.h"
#include "providers/provider.h"

namespace scopegate::engine {

// --granted, --granted-file, --response-file: an answer given instead of asking.
struct OfflineSource {
  enum class Kind { kGranted, kGrantedFile, kResponseFile };
  Kind kind = Kind::kGranted;
  std::string value;  // the list, or the file's path
};

struct OfflineSources {
  std::map<std::string, OfflineSource> by_provider;  // NAME=...
  std::optional<OfflineSource> for_all;
  const OfflineSource* find(const std::string& provider) const;
};

// "--granted", "--granted-file PATH", "--response-file PATH".
std::string describe_source(const OfflineSource& source);

// What `source` says of `provider`'s token. A source that is not what its
// flag expects (a saved answer given to --granted-file, a token among the
// scopes) is an error in `problems`, and nothing is read from it.
providers::TokenFacts read_offline(const ResolvedProvider& provider, const OfflineSource& source, System& system,
                                   Problems* problems);

}  // namespace scopegate::engine
