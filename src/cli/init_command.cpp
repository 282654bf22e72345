// scopegate init: a commented starter manifest for one preset.
#include "cli/app.h"
#include "cli/init_templates.h"
#include "providers/provider.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::cli {

int run_init(Context& context, const ParsedArgs& args) {
  const auto preset = args.value("preset");
  if (!preset) {
    context.error("init needs --preset NAME (one of: " + util::join(providers::preset_names(), ", ") + ")");
    return kExitUsage;
  }
  const InitTemplate* entry = find_template(*preset);
  if (!entry) {
    context.error("unknown preset " + util::quoted(*preset) + util::did_you_mean(*preset, providers::preset_names()) +
                  "; presets: " + util::join(providers::preset_names(), ", "));
    return kExitUsage;
  }
  const std::string text = starter_manifest(*entry);
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
