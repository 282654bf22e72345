// scopegate init: a commented starter manifest for one preset (each preset
// brings its own; each must pass `scopegate lint` with no warning).
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
  const std::string text = std::string(kStarterHeader) + std::string(entry->starter_manifest);
  const std::string path = args.value("output").value_or("scopegate.yaml");
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
