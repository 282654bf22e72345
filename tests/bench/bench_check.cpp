// End-to-end benchmark of `scopegate check` (not a test: it prints numbers).
//
//   build/tests/scopegate_bench [--runs N] [--sizes 1000,10000,20000]
//
// For each case it runs the real binary N times and prints the median wall
// time and the peak resident memory, next to yaml-cpp's bare YAML::LoadFile
// of the same manifest: the floor any YAML-reading tool pays.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "support/subprocess.h"

using scopegate::testing::ProcessOptions;
using scopegate::testing::ProcessResult;
using scopegate::testing::TempDir;

namespace {
constexpr int kScopesPerFeature = 20;

// N features of 20 scopes each over a vocabulary of 1,000 names; the granted
// list covers every other name, so about half the features are blocked.
void generate(const TempDir& dir, int features) {
  std::string manifest =
      "version: 1\nproviders:\n  api:\n    preset: generic\n    token_env: API_TOKEN\n"
      "    request: {url: https://api.example.com/token}\n    scopes: /scopes\n    wildcards: \":\"\n"
      "features:\n";
  for (int i = 0; i < features; ++i) {
    manifest += "  feature-" + std::to_string(i) + ":\n    description: Generated feature " + std::to_string(i) +
                "\n    requires: [";
    for (int j = 0; j < kScopesPerFeature; ++j) {
      const int name = (i * 7 + j * 13) % 1000;
      manifest += (j ? ", " : "") + std::string("documents:group") + std::to_string(name / 10) + ":action" +
                  std::to_string(name % 10);
    }
    manifest += "]\n";
  }
  dir.write("scopegate.yaml", manifest);
  std::string granted;
  for (int name = 0; name < 1000; name += 2)
    granted += "documents:group" + std::to_string(name / 10) + ":action" + std::to_string(name % 10) + "\n";
  dir.write("granted.txt", granted);
}

struct Sample {
  double median_ms = 0;
  double peak_mb = 0;
  int exit_code = 0;
};

Sample measure(const std::string& program, const std::vector<std::string>& args, int runs) {
  std::vector<double> times;
  Sample sample;
  for (int i = 0; i < runs; ++i) {
    ProcessOptions options;
    options.args = args;
    options.env = {{"PATH", "/usr/bin:/bin"}};
    options.timeout_seconds = 120;
    const ProcessResult result = scopegate::testing::run_process(program, options);
    times.push_back(result.seconds * 1000);
    sample.peak_mb = std::max(sample.peak_mb, static_cast<double>(result.max_rss_kb) / 1024.0);
    sample.exit_code = result.exit_code;
  }
  std::sort(times.begin(), times.end());
  sample.median_ms = times[times.size() / 2];
  return sample;
}

std::string self_path() {
  char buffer[4096];
  const ssize_t length = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  return std::string(buffer, static_cast<std::size_t>(std::max<ssize_t>(length, 0)));
}

std::vector<int> parse_sizes(const char* text) {
  std::vector<int> sizes;
  for (const char* at = text; *at;) {
    sizes.push_back(std::atoi(at));
    const char* comma = std::strchr(at, ',');
    if (!comma) break;
    at = comma + 1;
  }
  return sizes;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--yaml-load") == 0) {
    const YAML::Node root = YAML::LoadFile(argv[2]);  // the floor: yaml-cpp alone
    return root["features"].size() > 0 ? 0 : 1;
  }
  int runs = 5;
  std::vector<int> sizes{1000, 10000, 20000};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--sizes") == 0) sizes = parse_sizes(argv[i + 1]);
  }
  const std::string binary = SCOPEGATE_BINARY;
  const std::string source = SCOPEGATE_SOURCE_DIR;
  std::printf("%-34s %9s %11s %11s %9s %9s\n", "case", "features", "median ms", "peak MiB", "x yaml t", "x yaml m");
  const Sample quickstart =
      measure(binary, {"check", "-m", source + "/examples/quickstart/scopegate.yaml", "--response-file",
                       source + "/examples/quickstart/scopes-allowed.json"}, runs * 4);
  std::printf("%-34s %9d %11.1f %11.1f %9s %9s\n", "check quickstart (offline)", 6, quickstart.median_ms,
              quickstart.peak_mb, "-", "-");
  double previous_ms = 0;
  for (int size : sizes) {
    TempDir dir;
    generate(dir, size);
    const Sample check = measure(binary, {"check", "-m", dir.file("scopegate.yaml"), "--granted-file",
                                          dir.file("granted.txt"), "--format", "json", "-o", dir.file("r.json")},
                                 runs);
    const Sample yaml = measure(self_path(), {"--yaml-load", dir.file("scopegate.yaml")}, runs);
    std::printf("%-34s %9d %11.1f %11.1f %9.2f %9.2f\n", "check generated manifest", size, check.median_ms,
                check.peak_mb, check.median_ms / yaml.median_ms, check.peak_mb / yaml.peak_mb);
    std::printf("%-34s %9d %11.1f %11.1f %9s %9s\n", "  yaml-cpp YAML::LoadFile alone", size, yaml.median_ms,
                yaml.peak_mb, "1.00", "1.00");
    if (previous_ms > 0) std::printf("%-34s %9s %11.2f\n", "  time ratio to the previous size", "", check.median_ms / previous_ms);
    previous_ms = check.median_ms;
    if (check.exit_code != 1) std::printf("  unexpected exit code %d\n", check.exit_code);
  }
  return 0;
}
