#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <string>

#include "util/file_system.h"
#include "util/strings.h"

using namespace scopegate;

TEST_SUITE("util/file_system") {
  TEST_CASE("a report into folders that do not exist yet: checked writable, then created, as CI reporters do") {
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / ("scopegate-fs-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
    util::RealFileSystem files;
    const std::string report = (root / "reports" / "scopegate" / "report.json").string();
    std::string error;
    CHECK(files.check_writable(report, &error));
    CHECK(files.write_file(report, "{}", util::FileSystem::Mode::kPrivate, &error));
    CHECK(fs::is_regular_file(report));
    // A file where a folder would go cannot become one.
    std::ofstream(root / "plain") << "x";
    const std::string under_file = (root / "plain" / "sub" / "r.json").string();
    CHECK_FALSE(files.check_writable(under_file, &error));
    CHECK(error.find("ot a directory") != std::string::npos);
    CHECK_FALSE(files.write_file(under_file, "{}", util::FileSystem::Mode::kPrivate, &error));
    fs::remove_all(root);
  }
}
