// Google Benchmark suite for the engine's parts: scope matching, implication
// closure, manifest loading, evaluation and report rendering.
//   build/tests/scopegate_bench_engine
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/verdict.h"
#include "manifest/loader.h"
#include "providers/provider.h"
#include "report/reporter.h"
#include "scope/matcher.h"
#include "providers/presets.h"
#include "support/load_options.h"

using namespace scopegate;

namespace {
std::string scope_name(int i) { return "documents:group" + std::to_string(i / 10) + ":action" + std::to_string(i % 10); }

std::string manifest_text(int features) {
  std::string text =
      "version: 1\nproviders:\n  api:\n    preset: generic\n    token_env: API_TOKEN\n"
      "    request: {url: https://api.example.com/token}\n    scopes: /scopes\n    wildcards: \":\"\nfeatures:\n";
  for (int i = 0; i < features; ++i) {
    text += "  feature-" + std::to_string(i) + ":\n    requires: [";
    for (int j = 0; j < 20; ++j) text += (j ? ", " : "") + scope_name((i * 7 + j * 13) % 1000);
    text += "]\n";
  }
  return text;
}

// A loaded manifest, its provider resolved, and what the token was granted.
struct Fixture {
  manifest::Manifest manifest;
  std::map<std::string, engine::ResolvedProvider> resolved;
  std::map<std::string, engine::Evidence> evidence;
  std::vector<engine::SelectedFeature> features;

  explicit Fixture(int feature_count) {
    manifest::Diagnostics diagnostics;
    manifest::parse_manifest("bench.yaml", manifest_text(feature_count), scopegate::testing::load_options(), &manifest, &diagnostics);
    const manifest::ProviderSpec& spec = manifest.providers.front();
    engine::ResolvedProvider provider;
    provider.spec = &spec;
    provider.preset = providers::find_preset(spec.preset.value);
    provider.vocabulary = providers::build_vocabulary(*provider.preset, spec);
    resolved.emplace(spec.name, std::move(provider));
    engine::Evidence said;
    said.facts.scopes_listed = true;
    for (int i = 0; i < 1000; i += 2) said.facts.granted.push_back(scope_name(i));
    evidence.emplace(spec.name, std::move(said));
    for (const auto& feature : manifest.features) features.push_back({&feature, {}});
  }

  engine::Report evaluate() const {
    engine::EvaluateOptions options;
    return engine::evaluate(manifest, features, resolved, evidence, options);
  }
};

void BM_GrantIndexCovers(benchmark::State& state) {
  scope::Vocabulary vocabulary(providers::sonar_preset().vocabulary());
  std::vector<std::string> granted, required;
  for (int i = 0; i < 1000; i += 2) granted.push_back(scope_name(i));
  for (int i = 0; i < state.range(0); ++i) required.push_back(scope_name(i % 1000));
  const scope::GrantIndex index(vocabulary, granted);
  for (auto _ : state)
    for (const std::string& scope : required) benchmark::DoNotOptimize(index.covers(scope));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_GrantIndexCovers)->Arg(1000)->Arg(10000)->Arg(100000);

void BM_WildcardCovers(benchmark::State& state) {
  scope::Vocabulary vocabulary(providers::sonar_preset().vocabulary());
  const scope::GrantIndex index(vocabulary, {"documents:*"});
  std::vector<std::string> required;
  for (int i = 0; i < 10000; ++i) required.push_back(scope_name(i % 1000));
  for (auto _ : state)
    for (const std::string& scope : required) benchmark::DoNotOptimize(index.covers(scope));
  state.SetItemsProcessed(state.iterations() * 10000);
}
BENCHMARK(BM_WildcardCovers);

void BM_ClosureGithubEverything(benchmark::State& state) {
  scope::Vocabulary vocabulary(providers::github_preset().vocabulary());
  std::vector<std::string> granted;
  for (const auto& [name, label] : vocabulary.known_scopes()) granted.push_back(name);
  for (auto _ : state) benchmark::DoNotOptimize(scope::GrantIndex(vocabulary, granted));
}
BENCHMARK(BM_ClosureGithubEverything);

void BM_Excess(benchmark::State& state) {
  scope::Vocabulary vocabulary(providers::sonar_preset().vocabulary());
  std::vector<std::string> granted, required;
  for (int i = 0; i < 1000; ++i) granted.push_back(scope_name(i));
  for (int i = 0; i < 10000; ++i) required.push_back(scope_name((i * 7) % 1000));
  const scope::GrantIndex index(vocabulary, granted);
  const std::vector<std::string_view> views(required.begin(), required.end());
  for (auto _ : state) benchmark::DoNotOptimize(index.excess(views));
}
BENCHMARK(BM_Excess);

void BM_LoadManifest(benchmark::State& state) {
  const std::string text = manifest_text(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    manifest::Manifest manifest;
    manifest::Diagnostics diagnostics;
    benchmark::DoNotOptimize(manifest::parse_manifest("bench.yaml", text, scopegate::testing::load_options(), &manifest, &diagnostics));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_LoadManifest)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_Evaluate(benchmark::State& state) {
  const Fixture fixture(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(fixture.evaluate());
}
BENCHMARK(BM_Evaluate)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_Render(benchmark::State& state, const char* format) {
  const Fixture fixture(10000);
  const engine::Report report = fixture.evaluate();
  const auto reporter = report::find_format(format)->create({false});
  for (auto _ : state) benchmark::DoNotOptimize(reporter->render(report));
}
BENCHMARK_CAPTURE(BM_Render, text, "text")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, json, "json")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, sarif, "sarif")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, junit, "junit")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, markdown, "markdown")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Render, github, "github")->Unit(benchmark::kMillisecond);
}  // namespace

BENCHMARK_MAIN();
