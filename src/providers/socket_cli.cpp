// socket-cli's table of what each command needs, found where npm put the
// package and read as untrusted data: bounded in size, parsed with
// Boost.JSON, every name checked before anything else sees it.
#include "providers/socket_cli.h"

#include <algorithm>
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "util/expand.h"
#include "util/strings.h"

namespace scopegate::providers::socket_cli {

namespace {
// more-providers.md: releases after 1.2.x keep the table in data/, 1.2.x at
// the package root. The newer layout is looked for first.
const std::vector<std::string_view> kTableFiles{"data/command-api-requirements.json", "requirements.json"};

constexpr std::string_view kHowToFix =
    "install it (npm install -g @socketsecurity/cli, or npm install --save-dev @socketsecurity/cli beside the "
    "manifest), or set socket_cli: on the provider to its package directory or its requirements.json";

std::string directory_of(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  return slash == 0 ? "/" : std::string(path.substr(0, slash));
}

std::string join_path(const std::string& directory, std::string_view relative) {
  if (relative.starts_with("/") || directory == ".") return std::string(relative);
  return directory + (directory.ends_with("/") ? "" : "/") + std::string(relative);
}

// `~/x` is the user's home, as npm and a shell read it.
std::string home_expanded(std::string path, const util::Environment& environment) {
  if (path.starts_with("~/"))
    if (auto home = environment.get_non_empty("HOME")) return *home + path.substr(1);
  return path;
}

// The last `prefix = VALUE` of an npmrc (ini: a later key wins), with
// ${VAR} replaced as npm does; nothing else of the file is kept: it may hold
// registry tokens.
std::optional<std::string> npmrc_prefix(std::string_view text, const util::Environment& environment) {
  std::optional<std::string> prefix;
  for (const std::string& whole : util::split_any(text, "\r\n")) {
    const std::string_view line = whole;
    const std::size_t equals = line.find('=');
    if (line.empty() || line.front() == '#' || line.front() == ';' || equals == std::string_view::npos) continue;
    if (util::trim(line.substr(0, equals)) != "prefix") continue;
    std::string_view value = util::trim(line.substr(equals + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    if (!value.empty()) prefix = util::expand_variables(value, environment).text;
  }
  return prefix;
}

std::optional<Candidate> prefix_from_npmrc(const util::FileSystem& files, const util::Environment& environment) {
  std::string path;
  if (auto given = environment.get_non_empty("npm_config_userconfig")) path = *given;
  else if (auto upper = environment.get_non_empty("NPM_CONFIG_USERCONFIG")) path = *upper;
  else if (auto home = environment.get_non_empty("HOME")) path = *home + "/.npmrc";
  else return std::nullopt;
  std::string text, why;
  if (files.read_file(path, kMaxNpmrcBytes, &text, &why) != util::FileSystem::Status::kOkay) return std::nullopt;
  const auto prefix = npmrc_prefix(text, environment);
  if (!prefix) return std::nullopt;
  return Candidate{home_expanded(*prefix, environment), "npm's global prefix, from the prefix of " + path};
}

// npm's default: {prefix}/bin/node, so the prefix is the directory above the
// `node` a shell would run.
std::optional<Candidate> prefix_from_node(const util::FileSystem& files, const util::Environment& environment) {
  const auto path = environment.get_non_empty("PATH");
  if (!path) return std::nullopt;
  for (const std::string& directory : util::split_any(*path, ":")) {
    if (!directory.starts_with("/")) continue;  // npm's prefix is never the working directory
    std::string bin = directory;
    while (bin.size() > 1 && bin.ends_with("/")) bin.pop_back();
    if (files.exists(bin + "/node"))
      return Candidate{directory_of(bin), "npm's global prefix, from the node at " + bin + "/node"};
  }
  return std::nullopt;
}

enum class Read { kFound, kAbsent, kFailed };

Read read_table_file(const util::FileSystem& files, const std::string& path, std::string* text, std::string* error) {
  std::string why;
  switch (files.read_file(path, kMaxTableBytes, text, &why)) {
    case util::FileSystem::Status::kOkay: return Read::kFound;
    case util::FileSystem::Status::kNotFound: return Read::kAbsent;
    case util::FileSystem::Status::kTooLarge:
      *error = "socket-cli's table " + path + " is " + why + "; refusing to read it";
      return Read::kFailed;
    case util::FileSystem::Status::kOtherError:
      if (why == "is a directory" || why == "Not a directory") return Read::kAbsent;
      *error = "cannot read socket-cli's table " + path + ": " + why;
      return Read::kFailed;
  }
  return Read::kFailed;
}

// The table in package directory `directory` (either layout), or `directory`
// itself when `as_file` and it is the table; nullopt with `*absent` when
// there is none, or with `error` set when one could not be read or is wrong.
std::optional<RequirementTable> table_in(const util::FileSystem& files, const std::string& directory, bool as_file,
                                         bool* absent, std::string* error) {
  // The path itself first when it may be the table: below a file, every
  // lookup fails with ENOTDIR, not "not found".
  std::vector<std::string> paths;
  if (as_file) paths.push_back(directory);
  for (std::string_view file : kTableFiles) paths.push_back(join_path(directory, file));
  *absent = false;
  for (const std::string& path : paths) {
    std::string text;
    const Read read = read_table_file(files, path, &text, error);
    if (read == Read::kFailed) return std::nullopt;
    if (read == Read::kFound) return parse_table(text, path, error);
  }
  *absent = true;
  return std::nullopt;
}

std::optional<RequirementTable> load_named(const RequirementInputs& inputs, std::string* error) {
  const manifest::Text& given = *inputs.spec.socket_cli;
  const std::string path =
      join_path(directory_of(inputs.manifest_path), home_expanded(given.value, inputs.environment));
  bool absent = false;
  auto table = table_in(inputs.files, path, true, &absent, error);
  if (absent)
    *error = "socket_cli: " + path + " is neither socket-cli's table nor a package directory holding one (" +
             util::join(std::vector<std::string>(kTableFiles.begin(), kTableFiles.end()), " or ") +
             "); give the directory of @socketsecurity/cli, or its requirements.json";
  return table;
}

// A command or a permission as socket-cli writes them: "scan:create",
// "full-scans:create", "organization:policy:license". Anything else is not
// from socket-cli, and never reaches a message unchecked.
bool is_table_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  for (const char c : name) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!letter && c != ':' && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// A name to quote in a message about a bad table: short, and neutralised.
std::string shown(std::string_view name) {
  return util::quoted(util::neutralize(name.substr(0, std::min<std::size_t>(name.size(), 40))));
}

bool read_permissions(const boost::json::value& entry, const std::string& command, std::vector<std::string>* scopes,
                      std::string* problem) {
  const auto* object = entry.if_object();
  const auto* permissions = object ? object->if_contains("permissions") : nullptr;
  if (!permissions || !permissions->is_array()) {
    *problem = "command " + shown(command) + " has no \"permissions\" list";
    return false;
  }
  for (const boost::json::value& item : permissions->get_array()) {
    const auto* scope = item.if_string();
    if (!scope || !is_table_name(*scope)) {
      *problem = "a permission of command " + shown(command) + " is not a scope name" +
                 (scope ? " (" + shown(*scope) + ")" : "");
      return false;
    }
    scopes->emplace_back(*scope);
  }
  return true;
}
}  // namespace

std::optional<Candidate> npm_global_prefix(const util::FileSystem& files, const util::Environment& environment) {
  for (const char* variable : {"npm_config_prefix", "NPM_CONFIG_PREFIX"})
    if (auto prefix = environment.get_non_empty(variable))
      return Candidate{home_expanded(*prefix, environment), std::string("npm's global prefix, from ") + variable};
  if (auto from_npmrc = prefix_from_npmrc(files, environment)) return from_npmrc;
  return prefix_from_node(files, environment);
}

std::vector<Candidate> package_candidates(const RequirementInputs& inputs) {
  const std::string below = "node_modules/" + std::string(kPackage);
  std::vector<Candidate> candidates{
      {join_path(directory_of(inputs.manifest_path), below), "beside the manifest, where npx finds it first"}};
  if (auto prefix = npm_global_prefix(inputs.files, inputs.environment))
    candidates.push_back({join_path(prefix->directory, "lib/" + below), prefix->why});
  return candidates;
}

std::optional<RequirementTable> parse_table(std::string_view text, const std::string& path, std::string* error) {
  const auto wrong = [&](const std::string& what) {
    *error = "socket-cli's table " + path + " is not of socket-cli's shape ({\"api\": {COMMAND: {\"permissions\": "
             "[...]}}}): " + what;
    return std::nullopt;
  };
  boost::json::value root;
  std::string why;
  if (!parse_json_body(text, &root, &why)) return wrong("not JSON (" + why + ")");
  const auto* api = root.is_object() ? root.get_object().if_contains("api") : nullptr;
  if (!api || !api->is_object()) return wrong("it has no \"api\" object");
  if (api->get_object().empty()) return wrong("\"api\" lists no command");
  if (api->get_object().size() > kMaxCommands)
    return wrong("\"api\" lists more than " + std::to_string(kMaxCommands) + " commands");
  RequirementTable table{path, {}};
  for (const auto& entry : api->get_object()) {
    const std::string command(entry.key());
    if (!is_table_name(command)) return wrong("command " + shown(command) + " is not a command name");
    std::vector<std::string> scopes;
    if (!read_permissions(entry.value(), command, &scopes, &why)) return wrong(why);
    table.entries.emplace_back(command, std::move(scopes));
  }
  return table;
}

std::optional<RequirementTable> load(const RequirementInputs& inputs, std::string* error) {
  if (inputs.spec.socket_cli) return load_named(inputs, error);
  const std::vector<Candidate> candidates = package_candidates(inputs);
  std::vector<std::string> looked;
  for (const Candidate& candidate : candidates) {
    bool absent = false;
    auto table = table_in(inputs.files, candidate.directory, false, &absent, error);
    if (!absent) return table;
    looked.push_back(candidate.directory + " (" + candidate.why + ")");
  }
  *error = "socket-cli commands are read from socket-cli's own table, and no @socketsecurity/cli package holds "
           "one where npm would put it: looked in " + util::join(looked, ", ") +
           (candidates.size() < 2 ? ", and found no npm prefix (npm_config_prefix, ~/.npmrc, node on PATH)" : "") +
           "; " + std::string(kHowToFix);
  return std::nullopt;
}

const RequirementSource& source() {
  static const RequirementSource row{
      .key = "socket-cli",
      .noun = "socket-cli command",
      .load = &load,
      // more-providers.md: on a 403 socket-cli itself points here.
      .fix_note = "socket-cli's own advice: https://socket.dev/settings/api-tokens",
  };
  return row;
}

}  // namespace scopegate::providers::socket_cli
