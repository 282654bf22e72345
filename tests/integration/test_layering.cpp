// The house's rules, read off the sources (ARCHITECTURE.md, "Rules that keep
// the rooms apart"): a room includes only the rooms below it, and a preset's
// name lives in its own file and the registry's list.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {
namespace fs = std::filesystem;
const fs::path kSource = fs::path(SCOPEGATE_SOURCE_DIR) / "src";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<fs::path> sources_in(const std::string& room) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kSource / room))
    if (entry.path().extension() == ".cpp" || entry.path().extension() == ".h") files.push_back(entry.path());
  return files;
}

// The rooms a file includes from ("net" for #include "net/url.h").
std::set<std::string> included_rooms(const fs::path& file) {
  static const std::regex kInclude(R"re(#include "([a-z_]+)/)re");
  std::set<std::string> rooms;
  const std::string text = read(file);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kInclude); it != std::sregex_iterator(); ++it)
    rooms.insert((*it)[1].str());
  return rooms;
}
}  // namespace

TEST_SUITE("layering") {
  TEST_CASE("each room includes only the rooms it may depend on") {
    const std::map<std::string, std::set<std::string>> allowed{
        {"util", {"util"}},
        {"scope", {"scope", "util"}},
        {"manifest", {"manifest", "util"}},
        {"net", {"net", "util"}},
    };
    for (const auto& [room, may_include] : allowed) {
      for (const fs::path& file : sources_in(room)) {
        for (const std::string& included : included_rooms(file)) {
          CAPTURE(file.string());
          CAPTURE(included);
          CHECK(may_include.count(included) == 1);
        }
      }
    }
  }

  TEST_CASE("a preset's name is written in its own file and in the registry's list, in no other source") {
    const std::vector<std::string> presets{"sonar", "socket", "gitlab", "slack", "oauth2", "jwt", "vault", "gcp", "aws", "kubernetes", "pypi", "dockerhub"};
    // "github" and "generic" are also a report format and a plain word; the
    // others would only appear by a preset's rule leaking out of its file.
    for (const std::string& preset : presets) {
      for (const auto& entry : fs::recursive_directory_iterator(kSource)) {
        if (!entry.is_regular_file()) continue;
        const fs::path& file = entry.path();
        const std::string name = file.filename().string();
        if (name == preset + ".cpp" || name == "registry.cpp" || name == "presets.h") continue;
        CAPTURE(file.string());
        CAPTURE(preset);
        CHECK(read(file).find("\"" + preset + "\"") == std::string::npos);
      }
    }
  }
}
