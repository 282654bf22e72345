#include "cli/offline_sources.h"

#include <algorithm>
#include <cctype>

#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::cli {

namespace {
struct Flag {
  const char* name;
  engine::OfflineSource::Kind kind;
};
constexpr Flag kFlags[] = {{"granted", engine::OfflineSource::Kind::kGranted},
                           {"granted-file", engine::OfflineSource::Kind::kGrantedFile},
                           {"response-file", engine::OfflineSource::Kind::kResponseFile}};

// What a provider's name may look like: the part before '=' in "sonar=a,b".
// A scope list or a path before its first '=' has other characters (':', '/',
// ',', a space), so text like this is meant as a provider name.
bool looks_like_name(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

// "docs=a,b" -> ("docs", "a,b") when docs is a provider; "a,b" -> ("", "a,b").
// A NAME= that names no provider is an error rather than part of a scope or
// a path: "other=documents:signed:read" would otherwise pass as one scope.
bool split_target(const Flag& flag, const std::string& value, const manifest::Manifest& manifest,
                  std::string* provider, std::string* rest, std::string* error) {
  const std::size_t equals = value.find('=');
  provider->clear();
  *rest = value;
  if (equals == std::string::npos) return true;
  const std::string name = value.substr(0, equals);
  if (manifest.find_provider(name)) {
    *provider = name;
    *rest = value.substr(equals + 1);
    return true;
  }
  if (!looks_like_name(name)) return true;
  std::vector<std::string> names;
  for (const auto& spec : manifest.providers) names.push_back(spec.name);
  *error = "--" + std::string(flag.name) + " " + value + ": no provider named " + util::quoted(name) + " in " +
           manifest.path + util::did_you_mean(name, names) + "; NAME= must be one of: " + util::join(names, ", ");
  if (flag.kind != engine::OfflineSource::Kind::kGranted)
    *error += " (for a file whose name has '=' in it, write ./" + value + ")";
  return false;
}
// --granted takes the scopes themselves. An empty list (an unset CI
// variable) or a file's name would give a confident verdict built from junk.
bool granted_list_fits(const std::string& value, std::string* error) {
  const std::vector<std::string> scopes = util::split_scope_list(value);
  if (scopes.empty()) {
    *error = "--granted " + util::quoted(value) + " lists no scope (an empty variable?); give the token's scopes, "
             "comma or space separated";
    return false;
  }
  static constexpr std::string_view kFileEndings[] = {".json", ".txt", ".http", ".yaml", ".yml", ".list"};
  const std::string& only = scopes.front();
  const bool file_like = only.starts_with("./") || only.starts_with("../") || only.starts_with('/') ||
                         only.starts_with("~/") ||
                         std::any_of(std::begin(kFileEndings), std::end(kFileEndings),
                                     [&](std::string_view ending) { return only.ends_with(ending); });
  if (scopes.size() == 1 && file_like) {
    *error = "--granted takes the scopes themselves, and " + util::quoted(only) + " looks like a file: use "
             "--response-file " + only + " for a saved provider answer, or --granted-file " + only +
             " for a list of scopes";
    return false;
  }
  return true;
}

// One source without NAME= stands for every provider: say so when that is
// more than one, since a list of GitHub scopes rarely fits a Sonar key too.
void warn_shared_source(const manifest::Manifest& manifest, const engine::OfflineSources& sources,
                        std::vector<std::string>* warnings) {
  if (!sources.for_all) return;
  std::vector<std::string> sharing;
  for (const auto& spec : manifest.providers)
    if (!sources.by_provider.count(spec.name)) sharing.push_back(spec.name);
  if (sharing.size() > 1)
    warnings->push_back("the offline source without NAME= applies to " + std::to_string(sharing.size()) +
                        " providers (" + util::join(sharing, ", ") + "); put NAME= in front to give each its own");
}
}  // namespace

bool read_offline_sources(const ParsedArgs& args, const manifest::Manifest& manifest,
                          engine::OfflineSources* sources, std::string* error,
                          std::vector<std::string>* warnings) {
  for (const Flag& flag : kFlags) {
    for (const std::string& value : args.values(flag.name)) {
      std::string provider, rest;
      if (!split_target(flag, value, manifest, &provider, &rest, error)) return false;
      if (flag.kind == engine::OfflineSource::Kind::kGranted && !granted_list_fits(rest, error)) return false;
      const engine::OfflineSource source{flag.kind, rest};
      if (provider.empty()) {
        if (sources->for_all) {
          *error = "only one offline source may apply to every provider; put NAME= in front to target one";
          return false;
        }
        sources->for_all = source;
      } else if (!sources->by_provider.emplace(provider, source).second) {
        // Two answers for one token would have to be merged or one dropped;
        // either would hide a mistake in the call, so it is refused.
        *error = "provider " + util::quoted(provider) + " is given two offline sources; give it one (put the "
                 "scopes in one --granted list or one --granted-file)";
        return false;
      }
    }
  }
  warn_shared_source(manifest, *sources, warnings);
  return true;
}

}  // namespace scopegate::cli
