// --format junit: one testsuite per provider, one testcase per feature, for
// GitLab CI, Jenkins and Azure test reports. A missing scope is a <failure>,
// a skipped feature <skipped>, an unverifiable one <skipped> saying why, and
// a provider that could not be asked (or rejected the token) an <error>.
#include <algorithm>

#include "report/reporter.h"
#include "report/summary.h"
#include "util/strings.h"

namespace scopegate::report {

// XML 1.0 attribute and text escaping; characters XML cannot carry are dropped.
std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (byte >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
    }
  }
  return out;
}

namespace {
using engine::FeatureStatus;

std::string attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_escape(value) + "\"";
}

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  void add(const engine::FeatureResult& feature) {
    ++tests;
    if (feature.status == FeatureStatus::kMissing && !feature.optional) ++failures;
    if (feature.status == FeatureStatus::kError) ++errors;
    if (feature.status == FeatureStatus::kSkipped || feature.status == FeatureStatus::kUnverifiable) ++skipped;
  }
  std::string attributes() const {
    return attribute("tests", std::to_string(tests)) + attribute("failures", std::to_string(failures)) +
           attribute("errors", std::to_string(errors)) + attribute("skipped", std::to_string(skipped));
  }
};

std::string details(const engine::FeatureResult& feature) {
  std::vector<std::string> lines;
  if (!feature.description.empty()) lines.push_back(feature.description);
  if (!feature.missing.empty()) lines.push_back("missing: " + util::join(engine::scope_names(feature.missing), ", "));
  if (!feature.unverifiable.empty()) lines.push_back("unverifiable: " + util::join(engine::scope_names(feature.unverifiable), ", "));
  if (!feature.reason.empty()) lines.push_back("why: " + feature.reason);
  if (!feature.hint.empty()) lines.push_back("hint: " + feature.hint);
  if (!feature.fix.empty()) lines.push_back("fix: " + feature.fix);
  return util::join(lines, "\n");
}

std::string testcase(const engine::Report& report, const engine::FeatureResult& feature) {
  std::string out = "    <testcase" + attribute("classname", "scopegate." + feature.provider) + attribute("name", feature.name) +
                    attribute("file", report.manifest_path) + attribute("line", std::to_string(feature.where.line)) +
                    attribute("time", "0");
  switch (feature.status) {
    case FeatureStatus::kOk:
      return out + "/>\n";
    case FeatureStatus::kMissing:
      if (feature.optional)
        return out + ">\n      <system-out>" + xml_escape("optional, so not a failure\n" + details(feature)) +
               "</system-out>\n    </testcase>\n";
      return out + ">\n      <failure" + attribute("type", "missing-scope") +
             attribute("message", "missing " + util::join(engine::scope_names(feature.missing), ", ")) + ">" + xml_escape(details(feature)) +
             "</failure>\n    </testcase>\n";
    case FeatureStatus::kUnverifiable:
      return out + ">\n      <skipped" + attribute("message", "unverifiable: " + util::join(engine::scope_names(feature.unverifiable), ", ")) +
             ">" + xml_escape(details(feature)) + "</skipped>\n    </testcase>\n";
    case FeatureStatus::kSkipped:
      return out + ">\n      <skipped" + attribute("message", "when: " + feature.reason) + "/>\n    </testcase>\n";
    case FeatureStatus::kError:
      return out + ">\n      <error" + attribute("type", "provider") + attribute("message", feature.reason) + ">" +
             xml_escape(details(feature)) + "</error>\n    </testcase>\n";
  }
  return out + "/>\n";
}

class JunitReporter final : public Reporter {
 public:
  std::string render(const engine::Report& report) const override {
    std::vector<std::string> providers;  // in order of first appearance
    for (const auto& feature : report.features)
      if (std::find(providers.begin(), providers.end(), feature.provider) == providers.end())
        providers.push_back(feature.provider);
    Counts total;
    std::string suites;
    for (const std::string& provider : providers) {
      Counts counts;
      std::string cases;
      for (const auto& feature : report.features) {
        if (feature.provider != provider) continue;
        counts.add(feature);
        total.add(feature);
        cases += testcase(report, feature);
      }
      suites += "  <testsuite" + attribute("name", provider) + counts.attributes() + attribute("time", "0") + ">\n" +
                suite_properties(report, provider) + cases + "  </testsuite>\n";
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" + attribute("name", "scopegate") + total.attributes() +
           ">\n" + suites + "</testsuites>\n";
  }

 private:
  static std::string suite_properties(const engine::Report& report, const std::string& name) {
    const engine::ProviderResult* provider = report.find_provider(name);
    if (!provider) return {};
    std::string out = "    <properties>\n";
    out += "      <property" + attribute("name", "status") + attribute("value", engine::to_string(provider->status)) + "/>\n";
    out += "      <property" + attribute("name", "source") + attribute("value", provider->source) + "/>\n";
    if (!provider->error.empty()) out += "      <property" + attribute("name", "error") + attribute("value", provider->error) + "/>\n";
    if (!provider->fix.empty()) out += "      <property" + attribute("name", "fix") + attribute("value", provider->fix) + "/>\n";
    return out + "    </properties>\n";
  }
};
}  // namespace

std::unique_ptr<Reporter> create_junit_reporter(const RenderOptions&) { return std::make_unique<JunitReporter>(); }

}  // namespace scopegate::report
