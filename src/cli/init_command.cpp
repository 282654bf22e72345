// scopegate init: a commented starter manifest for one preset (each preset
// brings its own; each must pass `scopegate lint` with no warning).
#include <algorithm>
#include <cctype>

#include "cli/app.h"
#include "providers/provider.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::cli {

namespace {
// Above every preset's starter manifest (PresetInfo::starter_manifest).
constexpr std::string_view kStarterHeader =
    "# scopegate manifest: which API scopes each step of this pipeline needs.\n"
    "# Check it with `scopegate lint`, then `scopegate check` before the steps run.\n"
    "# Reference: \"Manifest reference\" in scopegate's README.\n"
    "version: 1\n\n";

// A name written into the manifest as a YAML plain scalar and, with ':' as
// '-', as a feature's name: nothing that YAML or a report line reads specially.
bool is_plain_name(std::string_view name) {
  if (name.empty() || !std::isalnum(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '_' || c == '-';
  });
}

// The presets whose requirement source --commands names: "socket (socket-cli commands)".
std::string presets_with_sources() {
  std::vector<std::string> names;
  for (const providers::PresetInfo& preset : providers::preset_table())
    if (preset.requirement_source)
      names.push_back(std::string(preset.name) + " (" + std::string(preset.requirement_source->noun) + "s)");
  return util::join(names, ", ");
}

// Where the names --commands gives are checked against the source's table,
// when it can be found as lint would find it beside `path`: a typo fails
// here, not in the first lint. "" when they are known, or cannot be checked.
std::string unknown_name(Context& context, const providers::RequirementSource& source, const std::string& path,
                         const std::vector<std::string>& names) {
  const manifest::ProviderSpec spec{};
  std::string error;
  const auto table = source.load({spec, path, context.file_system, context.environment}, &error);
  if (!table) return {};
  std::vector<std::string> known;
  for (const auto& entry : table->entries) known.push_back(entry.first);
  for (const std::string& name : names)
    if (std::find(known.begin(), known.end(), name) == known.end())
      return "unknown " + std::string(source.noun) + " " + util::quoted(name) + util::did_you_mean(name, known) +
             " (" + table->path + ")";
  return {};
}

// The preset's providers, then one feature per name: `requires: {SOURCE: [NAME]}`.
std::string features_for(std::string_view starter, const providers::RequirementSource& source,
                         const std::vector<std::string>& names) {
  const std::size_t features = starter.find("\nfeatures:");
  std::string text(starter.substr(0, features == std::string_view::npos ? starter.size() : features + 1));
  text += "\nfeatures:";
  for (const std::string& name : names) {
    std::string feature = name;
    std::replace(feature.begin(), feature.end(), ':', '-');
    text += "\n  " + feature + ":\n    description: What " + std::string(source.key) + " " + name +
            " needs, by its own table\n    requires:\n      " + std::string(source.key) + ": [" + name + "]\n";
  }
  return text;
}

// `--commands a,b`: the starter's features replaced by one per name; "" with
// the reason in `error` when the preset has no requirement source or a name is wrong.
std::string starter_with_names(Context& context, const providers::PresetInfo& preset, const std::string& list,
                               const std::string& path, std::string* error) {
  const providers::RequirementSource* source = preset.requirement_source;
  if (!source) {
    *error = "preset " + std::string(preset.name) + " has no commands to name; --commands is for " +
             presets_with_sources();
    return {};
  }
  std::vector<std::string> names;
  for (const std::string& name : util::split_any(list, ", "))
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  for (const std::string& name : names) {
    if (!is_plain_name(name)) {
      *error = std::string(source->noun) + " " + util::quoted(name) +
               " is not a name: letters, digits and : . _ - only (a command's words joined by ':')";
      return {};
    }
  }
  if (names.empty()) *error = "--commands needs at least one " + std::string(source->noun);
  else *error = unknown_name(context, *source, path == "-" ? "scopegate.yaml" : path, names);
  return error->empty() ? features_for(preset.starter_manifest, *source, names) : std::string();
}
}  // namespace

int run_init(Context& context, const ParsedArgs& args) {
  const auto preset = args.value("preset");
  if (!preset) {
    context.error("init needs --preset NAME (one of: " + util::join(providers::preset_names(), ", ") + ")");
    return kExitUsage;
  }
  const providers::PresetInfo* entry = providers::find_preset(*preset);
  if (!entry) {
    context.error("unknown preset " + util::quoted(*preset) + util::did_you_mean(*preset, providers::preset_names()) +
                  "; presets: " + util::join(providers::preset_names(), ", "));
    return kExitUsage;
  }
  const std::string path = args.value("output").value_or("scopegate.yaml");
  std::string body(entry->starter_manifest);
  if (const auto names = args.value("commands")) {
    std::string error;
    body = starter_with_names(context, *entry, *names, path, &error);
    if (!error.empty()) {
      context.error(error);
      return kExitUsage;
    }
  }
  const std::string text = std::string(kStarterHeader) + body;
  if (path == "-") {
    context.print(text);
    return kExitOk;
  }
  if (context.file_system.exists(path) && !args.has("force")) {
    context.error(path + " already exists; use --force to overwrite it, or -o FILE");
    return kExitUsage;
  }
  std::string error;
  if (!context.write_file(path, text, &error, util::FileSystem::Mode::kShared)) {
    context.error("cannot write " + path + ": " + error);
    return kExitUsage;
  }
  context.print("wrote " + path + " (preset " + *preset + "); edit its features, then run: scopegate lint -m " +
                path + "\n");
  return kExitOk;
}

}  // namespace scopegate::cli
