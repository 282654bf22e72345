// The Dockerfile's shape, and that every shared library the built binary
// loads belongs to a package the runtime stage has: quick checks for every
// test run. CI also builds the image and runs it (tests/docker/smoke.sh).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/bounds.h"
#include "support/subprocess.h"
#include "util/strings.h"

using namespace scopegate::testing;

namespace {
const std::string kSource = SCOPEGATE_SOURCE_DIR;
const std::string kBinary = SCOPEGATE_BINARY;

// The Dockerfile's logical lines (continuations joined), comments dropped.
std::vector<std::string> instructions(const std::string& dockerfile) {
  std::vector<std::string> lines;
  std::istringstream in(dockerfile);
  std::string line, current;
  while (std::getline(in, line)) {
    const std::string trimmed(scopegate::util::trim(line));
    if (trimmed.starts_with("#") && current.empty()) continue;
    if (trimmed.ends_with("\\")) {
      current += trimmed.substr(0, trimmed.size() - 1) + " ";
      continue;
    }
    current += trimmed;
    if (!current.empty()) lines.push_back(current);
    current.clear();
  }
  return lines;
}

// The instructions of the last stage (the runtime image).
std::vector<std::string> runtime_stage(const std::vector<std::string>& all) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].starts_with("FROM ")) start = i;
  return {all.begin() + static_cast<long>(start), all.end()};
}

// Package names after "apt-get install" in a RUN instruction.
std::set<std::string> installed_packages(const std::vector<std::string>& stage) {
  std::set<std::string> packages;
  for (const std::string& instruction : stage) {
    const std::size_t at = instruction.find("apt-get install");
    if (at == std::string::npos) continue;
    for (const std::string& word : scopegate::util::split_any(instruction.substr(at + 15), " ")) {
      if (word == "&&") break;
      if (!word.starts_with("-")) packages.insert(word);
    }
  }
  return packages;
}

// What debian:bookworm-slim itself carries that a C++ program links against
// (Priority: required, plus apt's dependencies), from its package list.
const std::set<std::string> kBookwormSlim{"libc6", "libgcc-s1", "libstdc++6", "zlib1g", "libzstd1", "liblz4-1",
                                          "libgnutls30", "libgcrypt20", "libsystemd0", "libudev1", "libcrypt1",
                                          "libselinux1", "libpcre2-8-0", "libacl1", "libattr1", "liblzma5",
                                          "libbz2-1.0", "libtinfo6", "libmd0", "libseccomp2", "libxxhash0"};

// The Debian package that owns a file, resolving /lib vs /usr/lib (merged /usr).
std::string owner_of(const std::string& path) {
  std::vector<std::string> candidates{path};
  if (path.starts_with("/lib")) candidates.push_back("/usr" + path);
  if (path.starts_with("/usr/lib")) candidates.push_back(path.substr(4));
  for (const std::string& candidate : candidates) {
    ProcessOptions options;
    options.args = {"-S", candidate};
    options.env = {{"PATH", "/usr/bin:/bin"}};
    const ProcessResult result = run_process("/usr/bin/dpkg-query", options);
    if (result.exit_code == 0) return result.out.substr(0, result.out.find_first_of(":\n"));
  }
  return "(no package owns " + path + ")";
}

std::vector<std::string> shared_libraries(const std::string& binary) {
  ProcessOptions options;
  options.args = {binary};
  // The binary's own needs: not faketime's preload when the suite runs under it.
  options.env = {{"PATH", "/usr/bin:/bin"}, {"LD_PRELOAD", ""}};
  const ProcessResult result = run_process("/usr/bin/ldd", options);
  REQUIRE(result.exit_code == 0);
  std::vector<std::string> paths;
  std::istringstream lines(result.out);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find("linux-vdso") != std::string::npos) continue;  // the kernel's, not a file
    const std::size_t arrow = line.find("=> ");
    std::string path = arrow == std::string::npos ? std::string(scopegate::util::trim(line)) : line.substr(arrow + 3);
    path = path.substr(0, path.find(' '));
    if (!path.empty()) paths.push_back(path);
  }
  return paths;
}

// The key="value" pairs of the LABEL instructions.
std::map<std::string, std::string> labels(const std::vector<std::string>& stage) {
  std::map<std::string, std::string> found;
  for (const std::string& instruction : stage) {
    if (!instruction.starts_with("LABEL ")) continue;
    std::size_t at = 6;
    while (at < instruction.size()) {
      if (instruction[at] == ' ') {
        ++at;
        continue;
      }
      const std::size_t equals = instruction.find('=', at);
      REQUIRE(equals != std::string::npos);
      const std::string key = instruction.substr(at, equals - at);
      std::string value;
      at = equals + 1;
      if (at < instruction.size() && instruction[at] == '"') {
        const std::size_t close = instruction.find('"', at + 1);
        REQUIRE(close != std::string::npos);
        value = instruction.substr(at + 1, close - at - 1);
        at = close + 1;
      } else {
        const std::size_t end = std::min(instruction.find(' ', at), instruction.size());
        value = instruction.substr(at, end - at);
        at = end;
      }
      found[key] = value;
    }
  }
  return found;
}

// A value from a CMakeCache.txt: NAME:TYPE=VALUE.
std::string cache_value(const std::string& cache, const std::string& name) {
  std::istringstream lines(cache);
  std::string line;
  while (std::getline(lines, line))
    if (line.starts_with(name + ":")) return line.substr(line.find('=') + 1);
  return "";
}
}  // namespace

TEST_SUITE("integration.dockerfile") {
  TEST_CASE("the image: multi-stage, Debian 12, non-root, exec-form entrypoint, labels, /work") {
    const auto all = instructions(read_file(kSource + "/Dockerfile"));
    int stages = 0;
    for (const std::string& instruction : all) stages += instruction.starts_with("FROM ") ? 1 : 0;
    CHECK(stages >= 2);
    CHECK(all.front().starts_with("FROM debian:bookworm "));
    const auto runtime = runtime_stage(all);
    CHECK((runtime.front() == "FROM debian:bookworm-slim" ||
           runtime.front().starts_with("FROM gcr.io/distroless/cc-debian12")));
    bool user = false, entrypoint = false, workdir = false, labels = false, static_build = false;
    for (const std::string& instruction : runtime) {
      if (instruction.starts_with("USER ")) user = instruction.find("root") == std::string::npos && instruction != "USER 0";
      if (instruction == R"(ENTRYPOINT ["/usr/local/bin/scopegate"])") entrypoint = true;
      if (instruction == "WORKDIR /work") workdir = true;
      if (instruction.find("org.opencontainers.image.title") != std::string::npos) labels = true;
    }
    for (const std::string& instruction : all)
      if (instruction.find("-DSCOPEGATE_STATIC_DEPS=ON") != std::string::npos) static_build = true;
    CHECK(user);
    CHECK(entrypoint);
    CHECK(workdir);
    CHECK(labels);
    CHECK(static_build);
  }

  TEST_CASE("the image's user and group both exist as USER names them, and the build context is small") {
    const auto runtime = runtime_stage(instructions(read_file(kSource + "/Dockerfile")));
    std::string user, setup;
    for (const std::string& instruction : runtime) {
      if (instruction.starts_with("USER ")) user = instruction.substr(5);
      if (instruction.find("useradd") != std::string::npos) setup = instruction;
    }
    REQUIRE(user.find(':') != std::string::npos);
    const std::string uid = user.substr(0, user.find(':')), gid = user.substr(user.find(':') + 1);
    CHECK(has(setup, "groupadd --system --gid " + gid + " "));
    CHECK(has(setup, "useradd --system --uid " + uid + " --gid " + gid + " "));
    // apt quiet in both stages: an ARG, so it is not left in the image's environment.
    CHECK(count(read_file(kSource + "/Dockerfile"), "\nARG DEBIAN_FRONTEND=noninteractive\n") == 2);
    const std::string ignored = read_file(kSource + "/.dockerignore");
    for (const char* entry : {".git", "build*/", "tests/"}) CHECK(has(ignored, std::string("\n") + entry + "\n"));
  }

  TEST_CASE("every shared library the binary loads comes from the runtime stage or its base image") {
    const auto runtime = runtime_stage(instructions(read_file(kSource + "/Dockerfile")));
    std::set<std::string> available = installed_packages(runtime);
    CHECK(available.count("libssl3"));
    CHECK(available.count("ca-certificates"));
    available.insert(kBookwormSlim.begin(), kBookwormSlim.end());
    const std::vector<std::string> libraries = shared_libraries(kBinary);
    CHECK(libraries.size() >= 4);  // libssl, libcrypto, libstdc++, libc at least
    for (const std::string& library : libraries) {
      CAPTURE(library);
      // Statically linked, so the image does not need them.
      CHECK(library.find("yaml-cpp") == std::string::npos);
      CHECK(library.find("boost") == std::string::npos);
      const std::string package = owner_of(library);
      CAPTURE(package);
      // A sanitizer build carries the sanitizers' runtimes; the image never does.
      if (kSanitized && (package.starts_with("libasan") || package.starts_with("libubsan"))) continue;
      CHECK(available.count(package) == 1);
    }
  }

  TEST_CASE("the image's OCI labels: source, url and documentation URLs, revision and created from build args") {
    const std::string dockerfile = read_file(kSource + "/Dockerfile");
    const auto runtime = runtime_stage(instructions(dockerfile));
    auto found = labels(runtime);
    for (const char* key : {"title", "description", "version", "source", "url", "documentation", "revision", "created",
                            "base.name"}) {
      CAPTURE(key);
      CHECK(found.count(std::string("org.opencontainers.image.") + key) == 1);
    }
    // Expanded from build args that the runtime stage declares (an ARG before FROM would not reach it).
    std::set<std::string> args;
    for (const std::string& instruction : runtime)
      if (instruction.starts_with("ARG ")) args.insert(instruction.substr(4, instruction.find('=') - 4));
    CHECK(found["org.opencontainers.image.revision"] == "${VCS_REF}");
    CHECK(found["org.opencontainers.image.created"] == "${BUILD_DATE}");
    CHECK(args.count("VCS_REF") == 1);
    CHECK(args.count("BUILD_DATE") == 1);
    // The comment shows how a build passes them.
    CHECK(dockerfile.find("--build-arg VCS_REF=\"$(git rev-parse HEAD)\"") != std::string::npos);
    CHECK(dockerfile.find("--build-arg BUILD_DATE=\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"") != std::string::npos);
    // URLs, not file names: the default value of a build arg they use counts.
    for (const char* key : {"source", "url", "documentation"}) {
      CAPTURE(key);
      std::string value = found[std::string("org.opencontainers.image.") + key];
      for (const std::string& instruction : runtime) {
        if (!instruction.starts_with("ARG ") || instruction.find('=') == std::string::npos) continue;
        const std::string name = instruction.substr(4, instruction.find('=') - 4);
        const std::string reference = "${" + name + "}";
        if (const std::size_t at = value.find(reference); at != std::string::npos)
          value.replace(at, reference.size(), instruction.substr(instruction.find('=') + 1));
      }
      CHECK(value.starts_with("https://"));
    }
    // A licenses label only for a license the repository has.
    bool license = false;
    for (const auto& entry : std::filesystem::directory_iterator(kSource)) {
      const std::string name = scopegate::util::to_lower(entry.path().filename().string());
      license = license || name.starts_with("license") || name.starts_with("licence") || name.starts_with("copying");
    }
    CHECK(found.count("org.opencontainers.image.licenses") == (license ? 1U : 0U));
  }

  TEST_CASE("the default build refuses a shared yaml-cpp instead of linking it, and names the way out") {
    // The build under test was configured with the static archive; configure the
    // source again with the directory that holds it hidden from find_library.
    const std::string build_dir = std::filesystem::path(kBinary).parent_path().string();
    const std::string cache = read_file(build_dir + "/CMakeCache.txt");
    const std::string archive = cache_value(cache, "SCOPEGATE_YAML_STATIC");
    REQUIRE_MESSAGE(archive.ends_with("/libyaml-cpp.a"), "the build under test has no static yaml-cpp");
    std::string hidden = std::filesystem::path(archive).parent_path().string();
    hidden += ";" + (hidden.starts_with("/usr/") ? hidden.substr(4) : "/usr" + hidden);  // merged /usr
    const std::string cmake = cache_value(cache, "CMAKE_COMMAND");
    std::vector<std::string> common{"-G", cache_value(cache, "CMAKE_GENERATOR"), "-DSCOPEGATE_TESTS=OFF",
                                    "-DCMAKE_IGNORE_PATH=" + hidden};
    // Everything else as the build under test found it (OpenSSL lives in the hidden directory too).
    for (const char* name : {"CMAKE_C_COMPILER", "CMAKE_CXX_COMPILER", "OPENSSL_SSL_LIBRARY", "OPENSSL_CRYPTO_LIBRARY",
                             "OPENSSL_INCLUDE_DIR", "Boost_DIR", "yaml-cpp_DIR", "CMAKE_MAKE_PROGRAM"})
      if (const std::string value = cache_value(cache, name); !value.empty())
        common.push_back(std::string("-D") + name + "=" + value);

    TempDir dir;
    ProcessOptions options;
    options.env = {{"PATH", "/usr/bin:/bin"}, {"HOME", dir.path()}};
    options.timeout_seconds = 50;
    options.args = {"-S", kSource, "-B", dir.file("static")};
    options.args.insert(options.args.end(), common.begin(), common.end());
    const ProcessResult refused = run_process(cmake, options);
    CHECK(refused.exit_code != 0);
    CHECK(refused.err.find("libyaml-cpp.a") != std::string::npos);
    CHECK(refused.err.find("libyaml-cpp-dev") != std::string::npos);
    CHECK(refused.err.find("-DSCOPEGATE_STATIC_DEPS=OFF") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.file("static/Makefile")));
    CHECK_FALSE(std::filesystem::exists(dir.file("static/build.ninja")));

    options.args = {"-S", kSource, "-B", dir.file("shared"), "-DSCOPEGATE_STATIC_DEPS=OFF"};
    options.args.insert(options.args.end(), common.begin(), common.end());
    const ProcessResult shared = run_process(cmake, options);
    CHECK_MESSAGE(shared.exit_code == 0, shared.err);
  }
}
