#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/reporter.h"
#include "support/sample_report.h"

namespace engine = scopegate::engine;
namespace testing = scopegate::testing;
using scopegate::report::create_junit_reporter;

namespace {
// A small XML 1.0 reader that insists on well-formedness: one root element,
// balanced and matching tags, quoted attributes without a raw '<', no raw '<'
// or stray '&' in text or attributes, no "]]>" in text, no duplicate
// attributes, only characters XML 1.0 allows. It also builds a tree the tests
// can query, with entity references decoded.
struct Element {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<std::unique_ptr<Element>> children;
  std::string text;  // all character data directly inside, decoded

  const std::string* attribute(std::string_view key) const {
    for (const auto& [attribute_name, value] : attributes)
      if (attribute_name == key) return &value;
    return nullptr;
  }
  std::string at(std::string_view key) const {
    const std::string* value = attribute(key);
    return value ? *value : "<absent>";
  }
  std::vector<const Element*> all(std::string_view child_name) const {
    std::vector<const Element*> out;
    for (const auto& child : children)
      if (child->name == child_name) out.push_back(child.get());
    return out;
  }
  const Element* first(std::string_view child_name) const {
    const auto found = all(child_name);
    return found.empty() ? nullptr : found.front();
  }
};

class XmlReader {
 public:
  explicit XmlReader(std::string_view text) : text_(text) {}

  // The root element, or nullptr with error() saying why.
  std::unique_ptr<Element> read() {
    if (!check_characters()) return nullptr;
    if (text_.starts_with("<?xml")) {
      const std::size_t end = text_.find("?>");
      if (end == std::string_view::npos) return fail("unterminated XML declaration");
      at_ = end + 2;
    }
    skip_space();
    auto root = element();
    if (!root) return nullptr;
    skip_space();
    if (at_ != text_.size()) return fail("content after the root element");
    return root;
  }
  const std::string& error() const { return error_; }

 private:
  std::nullptr_t fail(const std::string& why) {
    if (error_.empty()) error_ = why + " at byte " + std::to_string(at_);
    return nullptr;
  }

  bool check_characters() {
    for (std::size_t i = 0; i < text_.size(); ++i) {
      const auto byte = static_cast<unsigned char>(text_[i]);
      if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') {
        at_ = i;
        fail("control character " + std::to_string(byte));
        return false;
      }
    }
    return true;
  }

  void skip_space() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\t' || text_[at_] == '\r'))
      ++at_;
  }

  static bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
  static bool name_char(char c) {
    return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  }

  std::string name() {
    const std::size_t start = at_;
    if (at_ >= text_.size() || !name_start(text_[at_])) return {};
    while (at_ < text_.size() && name_char(text_[at_])) ++at_;
    return std::string(text_.substr(start, at_ - start));
  }

  // Decodes character data up to `stop`; '&' must start a known or numeric reference.
  bool decode(std::string_view raw, std::string* out) {
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '<') return false;
      if (raw[i] != '&') {
        *out += raw[i];
        continue;
      }
      const std::size_t semi = raw.find(';', i);
      if (semi == std::string_view::npos) return false;
      const std::string_view ref = raw.substr(i + 1, semi - i - 1);
      if (ref == "amp") *out += '&';
      else if (ref == "lt") *out += '<';
      else if (ref == "gt") *out += '>';
      else if (ref == "quot") *out += '"';
      else if (ref == "apos") *out += '\'';
      else if (ref.size() > 1 && ref[0] == '#' && std::all_of(ref.begin() + 1, ref.end(), ::isdigit)) *out += '?';
      else return false;
      i = semi;
    }
    return true;
  }

  std::unique_ptr<Element> element() {
    if (at_ >= text_.size() || text_[at_] != '<') return fail("expected '<'");
    ++at_;
    auto result = std::make_unique<Element>();
    result->name = name();
    if (result->name.empty()) return fail("bad element name");
    while (true) {
      const std::size_t before = at_;
      skip_space();
      if (text_.substr(at_).starts_with("/>")) {
        at_ += 2;
        return result;
      }
      if (text_.substr(at_).starts_with(">")) {
        ++at_;
        break;
      }
      if (at_ == before) return fail("attributes need white space before them");
      std::string key = name();
      if (key.empty()) return fail("bad attribute name");
      if (result->attribute(key)) return fail("duplicate attribute " + key);
      if (at_ >= text_.size() || text_[at_] != '=') return fail("attribute without '='");
      ++at_;
      if (at_ >= text_.size() || (text_[at_] != '"' && text_[at_] != '\'')) return fail("unquoted attribute");
      const char quote = text_[at_++];
      const std::size_t end = text_.find(quote, at_);
      if (end == std::string_view::npos) return fail("unterminated attribute");
      std::string value;
      if (!decode(text_.substr(at_, end - at_), &value)) return fail("raw '<' or bad '&' in attribute " + key);
      result->attributes.emplace_back(std::move(key), std::move(value));
      at_ = end + 1;
    }
    // Content: text and child elements up to the matching end tag.
    while (true) {
      const std::size_t lt = text_.find('<', at_);
      if (lt == std::string_view::npos) return fail("unclosed element " + result->name);
      const std::string_view raw = text_.substr(at_, lt - at_);
      if (raw.find("]]>") != std::string_view::npos) return fail("']]>' in text");
      if (!decode(raw, &result->text)) return fail("bad '&' in text");
      at_ = lt;
      if (text_.substr(at_).starts_with("</")) {
        at_ += 2;
        const std::string closing = name();
        if (closing != result->name) return fail("</" + closing + "> closes <" + result->name + ">");
        skip_space();
        if (at_ >= text_.size() || text_[at_] != '>') return fail("bad end tag");
        ++at_;
        return result;
      }
      auto child = element();
      if (!child) return nullptr;
      result->children.push_back(std::move(child));
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::string error_;
};

struct Parsed {
  std::string xml;
  std::unique_ptr<Element> root;
};

// Renders and reads the JUnit report; every test goes through here, so every
// output is checked for well-formedness.
Parsed render(const engine::Report& report) {
  Parsed parsed;
  parsed.xml = create_junit_reporter({})->render(report);
  XmlReader reader(parsed.xml);
  parsed.root = reader.read();
  CHECK_MESSAGE(parsed.root != nullptr, reader.error());
  CHECK(parsed.xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
  REQUIRE(parsed.root);
  CHECK(parsed.root->name == "testsuites");
  return parsed;
}

bool well_formed(std::string_view xml) { return XmlReader(xml).read() != nullptr; }

engine::FeatureResult feature(const std::string& name, const std::string& provider, engine::FeatureStatus status,
                              int line) {
  engine::FeatureResult result;
  result.name = name;
  result.provider = provider;
  result.status = status;
  result.where = {line, 3};
  return result;
}

engine::ProviderResult provider(const std::string& name) {
  engine::ProviderResult result;
  result.name = name;
  result.preset = name;
  result.source = "live";
  return result;
}

// Two providers, features of every status, interleaved.
engine::Report mixed() {
  engine::Report report;
  report.manifest_path = "ci/scopegate.yaml";
  report.providers = {provider("sonar"), provider("gitlab")};
  engine::FeatureResult read = feature("read", "gitlab", engine::FeatureStatus::kOk, 10);
  engine::FeatureResult exp = feature("export", "sonar", engine::FeatureStatus::kMissing, 20);
  exp.missing = testing::findings({"documents:signed:export", "a | b"});
  exp.hint = "Ask an admin.";
  exp.fix = "add them at https://example.com/keys";
  engine::FeatureResult extra = feature("extra", "gitlab", engine::FeatureStatus::kMissing, 30);
  extra.optional = true;
  extra.missing = testing::findings({"admin"});
  engine::FeatureResult deploy = feature("deploy", "sonar", engine::FeatureStatus::kUnverifiable, 40);
  deploy.unverifiable = testing::findings({"repo:write"});
  deploy.reason = "fine-grained tokens do not list scopes";
  engine::FeatureResult nightly = feature("nightly", "gitlab", engine::FeatureStatus::kSkipped, 50);
  nightly.reason = "NIGHTLY is not set";
  engine::FeatureResult merge = feature("merge", "gitlab", engine::FeatureStatus::kError, 60);
  merge.reason = "connect to gitlab.example:443: refused";
  engine::FeatureResult publish = feature("publish", "gitlab", engine::FeatureStatus::kMissing, 70);
  publish.missing = testing::findings({"api"});
  report.features = {read, exp, extra, deploy, nightly, merge, publish};
  report.exit_code = 1;
  return report;
}

long number(const Element& element, std::string_view key) { return std::stol(element.at(key)); }
}  // namespace

TEST_SUITE("report.junit") {
  TEST_CASE("the well-formedness checker rejects broken XML") {
    CHECK(well_formed("<a x=\"1\" y='2'><b/>text &amp; &lt;more&gt;</a>"));
    CHECK_FALSE(well_formed("<a><b></a></b>"));
    CHECK_FALSE(well_formed("<a>"));
    CHECK_FALSE(well_formed("<a x=1/>"));
    CHECK_FALSE(well_formed("<a x=\"<\"/>"));
    CHECK_FALSE(well_formed("<a x=\"&\"/>"));
    CHECK_FALSE(well_formed("<a x=\"1\" x=\"2\"/>"));
    CHECK_FALSE(well_formed("<a x=\"1\"y=\"2\"/>"));
    CHECK_FALSE(well_formed("<a>&</a>"));
    CHECK_FALSE(well_formed("<a>&nbsp;</a>"));
    CHECK_FALSE(well_formed("<a>]]></a>"));
    CHECK_FALSE(well_formed("<a>\x01</a>"));
    CHECK_FALSE(well_formed("<a/><b/>"));
  }

  TEST_CASE("the sample report as JUnit XML in full") {
    const Parsed parsed = render(scopegate::testing::sample_report());
    CHECK(parsed.xml ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<testsuites name=\"scopegate\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\">\n"
          "  <testsuite name=\"sonar\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"0\">\n"
          "    <properties>\n"
          "      <property name=\"status\" value=\"offline\"/>\n"
          "      <property name=\"source\" value=\"--response-file answer.json\"/>\n"
          "      <property name=\"fix\" value=\"add documents:signed:export to key &apos;CI key&apos; (sk_live...) at "
          "https://session.sonar.de/acme/settings/api-keys\"/>\n"
          "    </properties>\n"
          "    <testcase classname=\"scopegate.sonar\" name=\"read-signed\" file=\"scopegate.yaml\" line=\"10\" "
          "time=\"0\"/>\n"
          "    <testcase classname=\"scopegate.sonar\" name=\"export\" file=\"scopegate.yaml\" line=\"13\" "
          "time=\"0\">\n"
          "      <failure type=\"missing-scope\" message=\"missing documents:signed:export\">missing: "
          "documents:signed:export\n"
          "hint: Ask an organisation admin.\n"
          "fix: add documents:signed:export to key &apos;CI key&apos; (sk_live...) at "
          "https://session.sonar.de/acme/settings/api-keys</failure>\n"
          "    </testcase>\n"
          "    <testcase classname=\"scopegate.sonar\" name=\"nightly\" file=\"scopegate.yaml\" line=\"17\" "
          "time=\"0\">\n"
          "      <skipped message=\"when: NIGHTLY is not set\"/>\n"
          "    </testcase>\n"
          "  </testsuite>\n"
          "</testsuites>\n");
  }

  TEST_CASE("one testsuite per provider in order of first appearance, totals the sum") {
    const Parsed parsed = render(mixed());
    const Element& root = *parsed.root;
    CHECK(root.at("name") == "scopegate");
    const auto suites = root.all("testsuite");
    REQUIRE(suites.size() == 2);
    CHECK(root.children.size() == 2);
    CHECK(suites[0]->at("name") == "gitlab");
    CHECK(suites[1]->at("name") == "sonar");
    for (const char* key : {"tests", "failures", "errors", "skipped"}) {
      CAPTURE(key);
      CHECK(number(root, key) == number(*suites[0], key) + number(*suites[1], key));
    }
    CHECK(root.at("tests") == "7");
    CHECK(root.at("failures") == "2");
    CHECK(root.at("errors") == "1");
    CHECK(root.at("skipped") == "2");
    CHECK(suites[0]->at("tests") == "5");
    CHECK(suites[0]->at("failures") == "1");
    CHECK(suites[0]->at("errors") == "1");
    CHECK(suites[0]->at("skipped") == "1");
    CHECK(suites[1]->at("tests") == "2");
    CHECK(suites[1]->at("failures") == "1");
    CHECK(suites[1]->at("errors") == "0");
    CHECK(suites[1]->at("skipped") == "1");

    std::vector<std::string> gitlab_cases, sonar_cases;
    for (const Element* testcase : suites[0]->all("testcase")) gitlab_cases.push_back(testcase->at("name"));
    for (const Element* testcase : suites[1]->all("testcase")) sonar_cases.push_back(testcase->at("name"));
    CHECK(gitlab_cases == std::vector<std::string>{"read", "extra", "nightly", "merge", "publish"});
    CHECK(sonar_cases == std::vector<std::string>{"export", "deploy"});

    const Element& exp = *suites[1]->all("testcase")[0];
    CHECK(exp.at("classname") == "scopegate.sonar");
    CHECK(exp.at("file") == "ci/scopegate.yaml");
    CHECK(exp.at("line") == "20");
    CHECK(suites[0]->all("testcase")[4]->at("classname") == "scopegate.gitlab");
    CHECK(suites[0]->all("testcase")[4]->at("line") == "70");
  }

  TEST_CASE("each status has its element") {
    const Parsed parsed = render(mixed());
    const auto gitlab = parsed.root->all("testsuite")[0]->all("testcase");
    const auto sonar = parsed.root->all("testsuite")[1]->all("testcase");

    SUBCASE("ok: an empty testcase") { CHECK(gitlab[0]->children.empty()); }
    SUBCASE("missing: a failure") {
      REQUIRE(sonar[0]->children.size() == 1);
      const Element* failure = sonar[0]->first("failure");
      REQUIRE(failure);
      CHECK(failure->at("type") == "missing-scope");
      CHECK(failure->at("message") == "missing documents:signed:export, a | b");
      CHECK(failure->text ==
            "missing: documents:signed:export, a | b\nhint: Ask an admin.\nfix: add them at https://example.com/keys");
      REQUIRE(gitlab[4]->first("failure"));
      CHECK(gitlab[4]->first("failure")->at("message") == "missing api");
    }
    SUBCASE("optional miss: no failure, a note in system-out") {
      REQUIRE(gitlab[1]->children.size() == 1);
      CHECK(gitlab[1]->first("failure") == nullptr);
      REQUIRE(gitlab[1]->first("system-out"));
      CHECK(gitlab[1]->first("system-out")->text == "optional, so not a failure\nmissing: admin");
    }
    SUBCASE("unverifiable: skipped, saying why") {
      REQUIRE(sonar[1]->children.size() == 1);
      const Element* skipped = sonar[1]->first("skipped");
      REQUIRE(skipped);
      CHECK(skipped->at("message") == "unverifiable: repo:write");
      CHECK(skipped->text == "unverifiable: repo:write\nwhy: fine-grained tokens do not list scopes");
    }
    SUBCASE("skipped: skipped with the condition") {
      REQUIRE(gitlab[2]->children.size() == 1);
      const Element* skipped = gitlab[2]->first("skipped");
      REQUIRE(skipped);
      CHECK(skipped->at("message") == "when: NIGHTLY is not set");
      CHECK(skipped->children.empty());
      CHECK(skipped->text.empty());
    }
    SUBCASE("error: an error with the reason") {
      REQUIRE(gitlab[3]->children.size() == 1);
      const Element* error = gitlab[3]->first("error");
      REQUIRE(error);
      CHECK(error->at("type") == "provider");
      CHECK(error->at("message") == "connect to gitlab.example:443: refused");
      CHECK(error->text == "why: connect to gitlab.example:443: refused");
    }
  }

  TEST_CASE("suite properties name the provider's status, source, error and fix") {
    engine::Report report = mixed();
    report.providers[1].status = engine::ProviderStatus::kError;
    report.providers[1].error = "connect to gitlab.example:443: refused";
    report.providers[0].fix = "add x";
    const Parsed parsed = render(report);
    const auto suites = parsed.root->all("testsuite");
    auto properties = [](const Element* suite) {
      std::vector<std::string> out;
      const Element* list = suite->first("properties");
      if (!list) return out;
      for (const Element* property : list->all("property"))
        out.push_back(property->at("name") + "=" + property->at("value"));
      return out;
    };
    CHECK(properties(suites[0]) ==
          std::vector<std::string>{"status=error", "source=live", "error=connect to gitlab.example:443: refused"});
    CHECK(properties(suites[1]) == std::vector<std::string>{"status=ok", "source=live", "fix=add x"});
    report.providers.erase(report.providers.begin());
    CHECK(render(report).root->all("testsuite")[1]->first("properties") == nullptr);
  }

  TEST_CASE("no features, still a document") {
    engine::Report report;
    report.manifest_path = "scopegate.yaml";
    const Parsed parsed = render(report);
    CHECK(parsed.xml ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<testsuites name=\"scopegate\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
          "</testsuites>\n");
  }

  TEST_CASE("markup characters are escaped and control characters dropped") {
    const std::string hostile = "<script>&\"'";
    engine::Report report = mixed();
    report.manifest_path = "ci/<a>&\"b'.yaml";
    report.providers[0].name = "so&nar";
    report.providers[0].source = "--granted <x>&\"'";
    report.providers[0].error = "bad\x01 \x1b[31mred\x1b[0m";
    report.providers[0].fix = hostile;
    for (engine::FeatureResult& f : report.features) {
      if (f.provider == "sonar") f.provider = "so&nar";
      f.name += hostile;
      f.description = hostile + "\x02\x7f tab\tend";
      f.hint = hostile + "\x1b[1m";
      f.reason = hostile + "\x01";
      for (engine::ScopeFinding& finding : f.missing) finding.scope += hostile;
      for (engine::ScopeFinding& finding : f.unverifiable) finding.scope += hostile;
    }
    const Parsed parsed = render(report);
    // Escaped as XML wants, in attributes and in text alike.
    CHECK(parsed.xml.find("name=\"read&lt;script&gt;&amp;&quot;&apos;\"") != std::string::npos);
    CHECK(parsed.xml.find("classname=\"scopegate.so&amp;nar\"") != std::string::npos);
    CHECK(parsed.xml.find("file=\"ci/&lt;a&gt;&amp;&quot;b&apos;.yaml\"") != std::string::npos);
    CHECK(parsed.xml.find(">&lt;script&gt;&amp;&quot;&apos;\x7f tab\tend\nmissing: ") != std::string::npos);
    CHECK(parsed.xml.find("value=\"bad [31mred[0m\"") != std::string::npos);
    for (char c : parsed.xml) {
      const auto byte = static_cast<unsigned char>(c);
      CHECK_MESSAGE((byte >= 0x20 || c == '\n' || c == '\t'), ("control byte " + std::to_string(int(byte))));
    }
    // And read back as the strings they were, less the control characters.
    const auto suites = parsed.root->all("testsuite");
    REQUIRE(suites.size() == 2);
    CHECK(suites[1]->at("name") == "so&nar");
    const Element& exp = *suites[1]->all("testcase")[0];
    CHECK(exp.at("name") == "export" + hostile);
    CHECK(exp.at("classname") == "scopegate.so&nar");
    CHECK(exp.at("file") == "ci/<a>&\"b'.yaml");
    REQUIRE(exp.first("failure"));
    CHECK(exp.first("failure")->at("message") == "missing documents:signed:export" + hostile + ", a | b" + hostile);
    CHECK(exp.first("failure")->text == hostile + "\x7f tab\tend\nmissing: documents:signed:export" + hostile +
                                            ", a | b" + hostile + "\nwhy: " + hostile + "\nhint: " + hostile +
                                            "[1m\nfix: add them at https://example.com/keys");
    const Element& merge = *suites[0]->all("testcase")[3];
    REQUIRE(merge.first("error"));
    CHECK(merge.first("error")->at("message") == hostile);
    const Element& nightly = *suites[0]->all("testcase")[2];
    REQUIRE(nightly.first("skipped"));
    CHECK(nightly.first("skipped")->at("message") == "when: " + hostile);
    const Element* properties = suites[1]->first("properties");
    REQUIRE(properties);
    std::vector<std::string> values;
    for (const Element* property : properties->all("property")) values.push_back(property->at("value"));
    CHECK(values == std::vector<std::string>{"ok", "--granted <x>&\"'", "bad [31mred[0m", hostile});
  }

  TEST_CASE("text that would end character data stays inside it") {
    engine::Report report = mixed();
    report.features[1].hint = "]]> </failure></testcase><testcase name=\"fake\">";
    const Parsed parsed = render(report);
    const auto sonar = parsed.root->all("testsuite")[1]->all("testcase");
    REQUIRE(sonar.size() == 2);
    REQUIRE(sonar[0]->first("failure"));
    CHECK(sonar[0]->first("failure")->text.find("hint: ]]> </failure></testcase><testcase name=\"fake\">\n") !=
          std::string::npos);
  }
}
