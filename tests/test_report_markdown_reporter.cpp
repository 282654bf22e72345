#include <doctest/doctest.h>

#include <string>

#include "report/markdown.h"
#include "report/reporter.h"
#include "support/sample_report.h"
#include "util/time.h"

namespace engine = scopegate::engine;
namespace testing = scopegate::testing;
using scopegate::report::create_markdown_reporter;
using scopegate::report::render_markdown;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// The line of the Tokens section for `provider`.
std::string token_line(const std::string& markdown, const std::string& provider) {
  const std::size_t at = markdown.find("\n- **" + provider + "**", markdown.find("### Tokens"));
  if (at == std::string::npos) return "(no token line for " + provider + ")";
  return first_line(markdown.substr(at + 1));
}

// The sample report with its one missing scope granted.
engine::Report passing() {
  engine::Report report = scopegate::testing::sample_report();
  report.features[1].status = engine::FeatureStatus::kOk;
  report.features[1].missing.clear();
  report.features[1].fix.clear();
  report.providers[0].missing.clear();
  report.providers[0].fix.clear();
  report.missing.clear();
  report.exit_code = 0;
  return report;
}

engine::FeatureResult feature(const std::string& name, engine::FeatureStatus status) {
  engine::FeatureResult result;
  result.name = name;
  result.provider = "sonar";
  result.status = status;
  return result;
}

engine::ProviderResult provider(const std::string& name) {
  engine::ProviderResult result;
  result.name = name;
  result.preset = name;
  result.source = "live";
  result.blocking = true;
  return result;
}

// `count` features of `provider` that each miss `scopes`, with the provider's one fix.
void add_missing(engine::Report& report, const std::string& provider, int count, std::vector<std::string> scopes) {
  for (int i = 0; i < count; ++i) {
    engine::FeatureResult f = feature(provider + "-feature-" + std::to_string(i), engine::FeatureStatus::kMissing);
    f.provider = provider;
    f.missing = testing::findings(scopes);
    f.fix = "add " + scopes.front() + " to the key at https://" + provider + ".example/keys";
    report.features.push_back(f);
  }
}
}  // namespace

TEST_SUITE("report.markdown") {
  TEST_CASE("the sample report as markdown in full") {
    const std::string markdown = create_markdown_reporter({})->render(scopegate::testing::sample_report());
    CHECK(markdown ==
          "## ❌ scopegate: 1 of 2 features blocked\n"
          "\n"
          "| Feature | Provider | Status | Details |\n"
          "|---|---|---|---|\n"
          "| `read-signed` | sonar | ✅ ok | has `documents:signed:read` |\n"
          "| `export` | sonar | ❌ missing | needs `documents:signed:export` (Documents / Signed / Export)"
          "<br>hint: Ask an organisation admin. |\n"
          "| `nightly` | sonar | ⏭️ skipped | when: NIGHTLY is not set |\n"
          "\n"
          "### How to fix\n"
          "\n"
          "- **sonar**: add documents:signed:export to key 'CI key' (sk_live...) at "
          "<https://session.sonar.de/acme/settings/api-keys>\n"
          "\n"
          "### Tokens\n"
          "\n"
          "- **sonar**: key 'CI key' (`sk_live...`), expires 2027-01-31 (in 31 days), from --response-file answer.json\n"
          "  - granted but needed by no checked feature: `documents:uploaded:delete`\n");
    CHECK(markdown == render_markdown(scopegate::testing::sample_report()));
  }

  TEST_CASE("the heading is the verdict alone, with its mark") {
    SUBCASE("exit 0") {
      CHECK(first_line(render_markdown(passing())) == "## ✅ scopegate: all 2 features ok, 1 skipped");
    }
    SUBCASE("exit 0, an optional feature short of a scope") {
      const engine::Report report = scopegate::testing::optional_miss_report();
      CHECK(first_line(render_markdown(report)) == "## ⚠️ scopegate: 2 of 3 features ok (1 optional blocked)");
    }
    SUBCASE("exit 1, missing scopes: no fix sentence, no URL") {
      const std::string heading = first_line(render_markdown(scopegate::testing::sample_report()));
      CHECK(heading == "## ❌ scopegate: 1 of 2 features blocked");
      CHECK_FALSE(contains(heading, "https://"));
      CHECK_FALSE(contains(heading, "add documents:signed:export"));
    }
    SUBCASE("exit 1, a run-level check failed besides") {
      engine::Report report = passing();
      report.failures = {"the sonar token expires in 3 days (2027-01-31T00:00:00Z), sooner than --min-ttl 7d"};
      report.exit_code = 1;
      CHECK(first_line(render_markdown(report)) == "## ❌ scopegate: all 2 features ok, 1 skipped, 1 check failed");
    }
    SUBCASE("exit 3") {
      engine::Report report = passing();
      report.providers[0].status = engine::ProviderStatus::kTokenRejected;
      report.providers[0].error = "HTTP 401; replace the token in SONAR_API_KEY (create one at https://s.example/keys)";
      report.exit_code = 3;
      CHECK(first_line(render_markdown(report)) == "## ❌ scopegate: token rejected by sonar");
    }
    SUBCASE("exit 4") {
      engine::Report report = passing();
      report.providers[0].status = engine::ProviderStatus::kError;
      report.providers[0].error = "connect to s.example:443: refused";
      report.exit_code = 4;
      CHECK(first_line(render_markdown(report)) == "## ❌ scopegate: could not ask sonar");
    }
    SUBCASE("exit 5") {
      engine::Report report = passing();
      report.features[1].status = engine::FeatureStatus::kUnverifiable;
      report.features[1].unverifiable = testing::findings({"documents:signed:export"});
      report.providers[0].unverifiable = {"documents:signed:export"};
      report.providers[0].unverifiable_reason = "no listing";
      report.exit_code = 5;
      CHECK(first_line(render_markdown(report)) == "## ❔ scopegate: 1 of 2 features could not be verified");
    }
  }

  TEST_CASE("one table with a Provider column, whatever the number of providers") {
    engine::Report report = scopegate::testing::sample_report();
    CHECK(contains(render_markdown(report), "| Feature | Provider | Status | Details |\n|---|---|---|---|\n"));
    report.providers.push_back(provider("gitlab"));
    engine::FeatureResult merge = feature("merge", engine::FeatureStatus::kOk);
    merge.provider = "gitlab";
    merge.required = {"api"};
    report.features.push_back(merge);
    const std::string markdown = render_markdown(report);
    CHECK(contains(markdown, "| `merge` | gitlab | ✅ ok | has `api` |\n\n"));
    CHECK(occurrences(markdown, "| Feature |") == 1);
  }

  TEST_CASE("every status has its cell, and no cell is empty") {
    engine::Report report = passing();
    report.features.clear();
    engine::FeatureResult ok = feature("f-ok", engine::FeatureStatus::kOk);
    ok.required = {"a", "b | c"};
    engine::FeatureResult many = feature("f-many", engine::FeatureStatus::kOk);
    many.required = {"a", "b", "c", "d"};
    engine::FeatureResult none = feature("f-none", engine::FeatureStatus::kOk);
    engine::FeatureResult missing = feature("f-missing", engine::FeatureStatus::kMissing);
    missing.missing = testing::findings({"a", "b | c"});
    engine::FeatureResult optional = feature("f-optional", engine::FeatureStatus::kMissing);
    optional.optional = true;
    optional.missing = testing::findings({"d"});
    engine::FeatureResult unverifiable = feature("f-unverifiable", engine::FeatureStatus::kUnverifiable);
    unverifiable.unverifiable = testing::findings({"e", "f"});
    unverifiable.reason = "no listing";
    engine::FeatureResult skipped = feature("f-skipped", engine::FeatureStatus::kSkipped);
    skipped.reason = "NIGHTLY is not set";
    engine::FeatureResult error = feature("f-error", engine::FeatureStatus::kError);
    error.reason = "no answer from provider 'sonar'";
    report.features = {ok, many, none, missing, optional, unverifiable, skipped, error};
    const std::string markdown = render_markdown(report);
    CHECK(contains(markdown,
                   "|---|---|---|---|\n"
                   "| `f-ok` | sonar | ✅ ok | has `a`, (`b` or `c`) |\n"
                   "| `f-many` | sonar | ✅ ok | has all 4 scopes it needs |\n"
                   "| `f-none` | sonar | ✅ ok | needs no scopes |\n"
                   "| `f-missing` | sonar | ❌ missing | needs `a`, (`b` or `c`) |\n"
                   "| `f-optional` | sonar | ⚠️ missing (optional) | needs `d` |\n"
                   "| `f-unverifiable` | sonar | ❔ unverifiable | cannot verify `e`, `f`, see Tokens |\n"
                   "| `f-skipped` | sonar | ⏭️ skipped | when: NIGHTLY is not set |\n"
                   "| `f-error` | sonar | 💥 error | no answer from provider 'sonar' |\n"));
    CHECK_FALSE(contains(markdown, "|  |"));
    CHECK_FALSE(contains(markdown, "| |"));
  }

  TEST_CASE("a missing scope shows its label, a missing any-group its alternatives") {
    engine::Report report = scopegate::testing::sample_report();
    report.features[1].missing = testing::findings({"documents:signed:export", "a | b"});
    engine::MissingScope group;
    group.provider = "sonar";
    group.scope = "a | b";
    group.features = {"export"};
    report.missing.push_back(group);
    testing::link_missing(report);
    CHECK(contains(render_markdown(report),
                   "| `export` | sonar | ❌ missing | needs `documents:signed:export` (Documents / Signed / Export), "
                   "(`a` or `b`)<br>hint: Ask an organisation admin. |\n"));
  }

  TEST_CASE("the fix is said once per provider, however many features and scopes need it") {
    engine::Report report = scopegate::testing::sample_report();
    report.features.clear();
    report.missing.clear();
    report.providers[0].fix = "add a, b to key 'CI key' (sk_live...) at https://session.sonar.de/acme/settings/api-keys";
    add_missing(report, "sonar", 3, {"a", "b"});
    engine::ProviderResult gitlab = provider("gitlab");
    gitlab.token_page = "https://gitlab.example/keys";
    gitlab.fix = "add api to the token at https://gitlab.example/keys";
    report.providers.push_back(gitlab);
    add_missing(report, "gitlab", 2, {"api"});
    const std::string markdown = render_markdown(report);
    CHECK(contains(markdown,
                   "\n### How to fix\n\n"
                   "- **sonar**: add a, b to key 'CI key' (sk_live...) at "
                   "<https://session.sonar.de/acme/settings/api-keys>\n"
                   "- **gitlab**: add api to the token at <https://gitlab.example/keys>\n\n"));
    CHECK(occurrences(markdown, "add a, b to key") == 1);
    CHECK(occurrences(markdown, "add api to the token") == 1);
    CHECK(occurrences(markdown, "### How to fix") == 1);
  }

  TEST_CASE("the fix line links the token page") {
    engine::Report report = scopegate::testing::sample_report();
    SUBCASE("page inside the sentence") {
      report.providers[0].fix = "open https://example.com/keys and add x to key 'CI'";
      report.providers[0].token_page = "https://example.com/keys";
      CHECK(contains(render_markdown(report), "\n- **sonar**: open <https://example.com/keys> and add x to key 'CI'\n"));
    }
    SUBCASE("no page") {
      report.providers[0].token_page.clear();
      CHECK(contains(render_markdown(report),
                     "\n- **sonar**: add documents:signed:export to key 'CI key' (sk_live...) at "
                     "https://session.sonar.de/acme/settings/api-keys\n"));
      CHECK_FALSE(contains(render_markdown(report), "<https://"));
    }
    SUBCASE("a page the sentence does not name") {
      report.providers[0].token_page = "https://elsewhere.example/keys";
      CHECK(contains(render_markdown(report), "(sk_live...) at https://session.sonar.de/acme/settings/api-keys\n"));
      CHECK_FALSE(contains(render_markdown(report), "<https://"));
    }
    SUBCASE("nothing to fix, no section") {
      CHECK_FALSE(contains(render_markdown(passing()), "### How to fix"));
    }
  }

  TEST_CASE("misses of optional features have their own fix line, marked optional") {
    engine::Report report = scopegate::testing::optional_miss_report();
    report.providers[0].optional_fix =
        "add documents:uploaded:delete to key 'CI key' (sk_live...) at https://session.sonar.de/acme/settings/api-keys";
    CHECK(contains(render_markdown(report),
                   "\n### How to fix\n\n"
                   "- **sonar**, for optional features only: add documents:uploaded:delete to key 'CI key' (sk_live...) "
                   "at <https://session.sonar.de/acme/settings/api-keys>\n"));
  }

  TEST_CASE("one line per provider for its key and expiry, counted from the time of the check") {
    engine::Report report = passing();
    engine::ProviderResult& sonar = report.providers[0];
    const auto days = [&](int n) { return report.checked_at + std::chrono::hours(24) * n; };
    SUBCASE("name, prefix, expiry and an offline source") {
      CHECK(token_line(render_markdown(report), "sonar") ==
            "- **sonar**: key 'CI key' (`sk_live...`), expires 2027-01-31 (in 31 days), from --response-file answer.json");
    }
    SUBCASE("live, with an account and no key name") {
      sonar.source = "live";
      sonar.key_name.reset();
      sonar.key_prefix.reset();
      sonar.account = "octocat";
      sonar.expires_at = days(400);
      CHECK(token_line(render_markdown(report), "sonar") == "- **sonar**: account octocat, expires 2028-02-04 (in 400 days)");
    }
    SUBCASE("never expires") {
      sonar.expires_at.reset();
      CHECK(contains(token_line(render_markdown(report), "sonar"), "(`sk_live...`), never expires, from "));
    }
    SUBCASE("expiry unknown") {
      sonar.expires_at.reset();
      sonar.expiry_known = false;
      CHECK(contains(token_line(render_markdown(report), "sonar"), "(`sk_live...`), expiry unknown, from "));
    }
    SUBCASE("soon: marked") {
      sonar.expires_at = days(3);
      sonar.expiring_soon = true;
      CHECK(contains(token_line(render_markdown(report), "sonar"), ", expires 2027-01-03 (in 3 days) ⚠️, from "));
    }
    SUBCASE("within the day") {
      sonar.expires_at = report.checked_at + std::chrono::hours(5);
      CHECK(contains(token_line(render_markdown(report), "sonar"), ", expires 2026-12-31 (in 5 hours), from "));
    }
    SUBCASE("expired") {
      sonar.expires_at = days(-3);
      CHECK(contains(token_line(render_markdown(report), "sonar"), ", expired 2026-12-28 (3 days ago), from "));
    }
    SUBCASE("a provider named other than its preset says the preset") {
      sonar.name = "docs";
      for (auto& f : report.features) f.provider = "docs";
      CHECK(token_line(render_markdown(report), "docs").starts_with("- **docs** (sonar): key 'CI key'"));
    }
    SUBCASE("every provider gets its line") {
      report.providers.push_back(provider("gitlab"));
      const std::string markdown = render_markdown(report);
      CHECK(token_line(markdown, "gitlab") == "- **gitlab**: expiry unknown");
      CHECK(occurrences(markdown, "\n- **sonar**: key") == 1);
    }
  }

  TEST_CASE("the unverifiable reason is said once per provider, however many scopes and features") {
    engine::Report report = passing();
    report.features.clear();
    for (const char* name : {"deploy", "release", "publish"}) {
      engine::FeatureResult f = feature(name, engine::FeatureStatus::kUnverifiable);
      f.unverifiable = testing::findings({"repo", "workflow"});
      f.reason = "fine-grained tokens do not list their scopes";
      report.features.push_back(f);
    }
    report.providers[0].unverifiable = {"repo", "workflow", "packages"};
    report.providers[0].unverifiable_reason = "fine-grained tokens do not list their scopes";
    report.exit_code = 5;
    const std::string markdown = render_markdown(report);
    CHECK(occurrences(markdown, "fine-grained tokens do not list their scopes") == 1);
    CHECK(contains(markdown, "\n  - ❔ 3 scopes cannot be verified: fine-grained tokens do not list their scopes\n"));
    CHECK(contains(markdown, "| `deploy` | sonar | ❔ unverifiable | cannot verify `repo`, `workflow`, see Tokens |\n"));
    report.providers[0].unverifiable.clear();
    CHECK_FALSE(contains(render_markdown(report), "cannot be verified:"));
  }

  TEST_CASE("a rejected token or a provider not reached is said once, under Tokens") {
    engine::Report report = passing();
    engine::ProviderResult& sonar = report.providers[0];
    for (auto& f : report.features)
      if (f.status == engine::FeatureStatus::kOk) f.status = engine::FeatureStatus::kError;
    SUBCASE("token rejected") {
      sonar.status = engine::ProviderStatus::kTokenRejected;
      sonar.error = "Sonar rejected the key: REVOKED_API_KEY; replace the token in SONAR_API_KEY (create one at "
                    "https://session.sonar.de/acme/settings/api-keys)";
      for (auto& f : report.features) f.reason = f.status == engine::FeatureStatus::kError ? sonar.error : f.reason;
      report.exit_code = 3;
      const std::string markdown = render_markdown(report);
      CHECK(contains(markdown, "\n  - ❌ token rejected: Sonar rejected the key: REVOKED_API_KEY; replace the token in "
                               "SONAR_API_KEY (create one at <https://session.sonar.de/acme/settings/api-keys>)\n"));
      CHECK(contains(markdown, "| `read-signed` | sonar | 💥 error | token rejected, see Tokens |\n"));
      CHECK(occurrences(markdown, "REVOKED_API_KEY") == 1);
    }
    SUBCASE("could not ask") {
      sonar.status = engine::ProviderStatus::kError;
      sonar.error = "connect to s.example:443: refused";
      for (auto& f : report.features) f.reason = f.status == engine::FeatureStatus::kError ? sonar.error : f.reason;
      report.exit_code = 4;
      const std::string markdown = render_markdown(report);
      CHECK(contains(markdown, "\n  - 💥 could not ask: connect to s.example:443: refused\n"));
      CHECK(contains(markdown, "| `export` | sonar | 💥 error | could not ask sonar, see Tokens |\n"));
      CHECK(occurrences(markdown, "connect to s.example:443: refused") == 1);
    }
  }

  TEST_CASE("excess scopes, notes and run-level failures each get a line") {
    engine::Report report = passing();
    engine::ProviderResult& sonar = report.providers[0];
    SUBCASE("excess") {
      sonar.excess = {"a", "b"};
      CHECK(contains(render_markdown(report), "\n  - granted but needed by no checked feature: `a`, `b`\n"));
      sonar.excess.clear();
      CHECK_FALSE(contains(render_markdown(report), "granted but needed"));
    }
    SUBCASE("notes") {
      sonar.notes = {"the token's expiry is unknown, so --min-ttl could not be checked"};
      CHECK(contains(render_markdown(report),
                     "\n  - note: the token's expiry is unknown, so --min-ttl could not be checked\n"));
    }
    SUBCASE("failures") {
      report.failures = {"the sonar token expires in 3 days", "the sonar token has scopes no feature needs: a"};
      report.exit_code = 1;
      CHECK(contains(render_markdown(report),
                     "\n\n### Failed checks\n\n"
                     "- the sonar token expires in 3 days\n"
                     "- the sonar token has scopes no feature needs: a\n"));
      report.failures.clear();
      CHECK_FALSE(contains(render_markdown(report), "### Failed checks"));
    }
  }

  TEST_CASE("outside text cannot split a cell, bring in HTML or make a link") {
    engine::Report report = scopegate::testing::sample_report();
    report.features[2].reason = "A|B <b>&amp;</b>";
    engine::FeatureResult error = feature("deploy", engine::FeatureStatus::kError);
    error.reason = "HTTP 500 | <html> & more";
    report.features.push_back(error);
    engine::FeatureResult tick = feature("tick", engine::FeatureStatus::kMissing);
    tick.missing = testing::findings({"a`b``c"});
    tick.hint = "see [the docs](https://evil.example) ![x](https://evil.example/p.png)";
    report.features.push_back(tick);
    report.missing[0].label = "Read | Write <all> & more";
    report.providers[0].error = "x|y<z>&";
    report.providers[0].status = engine::ProviderStatus::kError;
    report.providers[0].excess = {"ex`cess|"};
    report.providers[0].key_name = "<CI> | [k](https://evil.example)";
    report.providers[0].fix = "add `a` to key '<CI> | & co' at https://session.sonar.de/acme/settings/api-keys";
    report.failures = {"a|b <c> & d"};
    const std::string markdown = render_markdown(report);
    CHECK(contains(markdown, "| `nightly` | sonar | ⏭️ skipped | when: A\\|B &lt;b&gt;&amp;amp;&lt;/b&gt; |\n"));
    CHECK(contains(markdown, "| `deploy` | sonar | 💥 error | HTTP 500 \\| &lt;html&gt; &amp; more |\n"));
    CHECK(contains(markdown, "| `tick` | sonar | ❌ missing | needs `a'b''c`<br>hint: see \\[the docs\\](https://evil.example) "
                             "!\\[x\\](https://evil.example/p.png) |\n"));
    CHECK(contains(markdown, "needs `documents:signed:export` (Read \\| Write &lt;all&gt; &amp; more)"));
    CHECK(contains(markdown, "\n  - 💥 could not ask: x\\|y&lt;z&gt;&amp;\n"));
    CHECK(contains(markdown, "no checked feature: `ex'cess\\|`\n"));
    CHECK(contains(markdown, "key '&lt;CI&gt; \\| \\[k\\](https://evil.example)'"));
    CHECK(contains(markdown,
                   "\n- **sonar**: add 'a' to key '&lt;CI&gt; \\| &amp; co' at "
                   "<https://session.sonar.de/acme/settings/api-keys>\n"));
    CHECK(contains(markdown, "\n- a\\|b &lt;c&gt; &amp; d\n"));
    // No raw HTML or link anywhere, and every table row still has its cells.
    std::size_t rows = 0;
    for (std::size_t at = 0; at < markdown.size();) {
      const std::size_t end = markdown.find('\n', at);
      const std::string line = markdown.substr(at, end - at);
      at = end + 1;
      std::string own_markup = line;
      // scopegate's own line break in a cell and its own link to the token page are the markup allowed.
      for (const std::string allowed : {"<br>", "<https://session.sonar.de/acme/settings/api-keys>"})
        for (std::size_t found = own_markup.find(allowed); found != std::string::npos; found = own_markup.find(allowed))
          own_markup.erase(found, allowed.size());
      CHECK_MESSAGE(own_markup.find('<') == std::string::npos, line);
      CHECK_MESSAGE(own_markup.find('>') == std::string::npos, line);
      for (std::size_t i = 0; i < line.size(); ++i)
        if (line[i] == '[' || line[i] == ']') CHECK_MESSAGE((i > 0 && line[i - 1] == '\\'), line);
      if (!line.starts_with("| `")) continue;
      ++rows;
      std::size_t pipes = 0;
      for (std::size_t i = 0; i < line.size(); ++i)
        if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++pipes;
      CHECK_MESSAGE(pipes == 5u, line);
      std::size_t ticks = 0;
      for (char c : line) ticks += c == '`' ? 1 : 0;
      CHECK_MESSAGE(ticks % 2 == 0, line);
    }
    CHECK(rows == 5);
  }
}
