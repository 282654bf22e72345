#pragma once
// socket-cli's own table of the Socket API scopes each of its commands needs
// (more-providers.md, "Socket: socket-cli's own table"): where npm put it,
// and what it says, read as the untrusted file it is.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.h"

namespace scopegate::providers::socket_cli {

// 1.2.1's table is 2.5 KB with 29 commands: these leave room for growth and
// bound what a planted file can cost.
inline constexpr std::size_t kMaxTableBytes = 256 * 1024;
inline constexpr std::size_t kMaxCommands = 1000;
inline constexpr std::size_t kMaxNameBytes = 128;  // a command or a permission
// An .npmrc may be large and holds registry tokens: only its prefix line is read.
inline constexpr std::size_t kMaxNpmrcBytes = 1 << 20;

// The npm package, below a node_modules directory.
inline constexpr std::string_view kPackage = "@socketsecurity/cli";

// A package directory that may hold the table, and why it was looked at
// ("npm's global prefix, from npm_config_prefix").
struct Candidate {
  std::string directory;
  std::string why;
};

// npm's global prefix and where it came from, in npm's order (docs.npmjs.com,
// "config" and "npmrc"; "folders": the prefix defaults to where node is
// installed, {prefix}/bin/node on Unix): the environment (npm_config_prefix,
// NPM_CONFIG_PREFIX), then the user's npmrc (npm_config_userconfig, else
// ~/.npmrc), then the directory above the `node` found on PATH. nullopt when
// none says.
std::optional<Candidate> npm_global_prefix(const util::FileSystem& files, const util::Environment& environment);

// The package directories looked in, in order: node_modules beside the
// manifest (what `npx socket` runs first), then npm's global
// {prefix}/lib/node_modules.
std::vector<Candidate> package_candidates(const RequirementInputs& inputs);

// One table's text, checked: {"api": {COMMAND: {"permissions": [SCOPE, ...]}}};
// nullopt with what is wrong (naming `path`) in `error`.
std::optional<RequirementTable> parse_table(std::string_view text, const std::string& path, std::string* error);

// The table: from the provider's socket_cli: (a package directory or the
// table file), else from the first candidate that holds one; nullopt with
// where it looked and how to fix it, or what is wrong with the file.
std::optional<RequirementTable> load(const RequirementInputs& inputs, std::string* error);

// The socket preset's requirement source: `requires: {socket-cli: [COMMAND, ...]}`.
const RequirementSource& source();

}  // namespace scopegate::providers::socket_cli
