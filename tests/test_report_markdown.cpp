#include <doctest/doctest.h>

#include <string>

#include "report/markdown.h"
#include "report/reporter.h"
#include "support/sample_report.h"
#include "util/time.h"

namespace engine = scopegate::engine;
using scopegate::report::create_markdown_reporter;
using scopegate::report::render_markdown;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

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
}  // namespace

TEST_SUITE("report.markdown") {
  TEST_CASE("the sample report as markdown in full") {
    const std::string markdown = create_markdown_reporter({})->render(scopegate::testing::sample_report());
    CHECK(markdown ==
          "### ❌ scopegate: 1 of 2 features blocked: add documents:signed:export to key 'CI key' (sk_live...) at "
          "https://session.sonar.de/acme/settings/api-keys\n"
          "\n"
          "| Feature | Status | Scopes or reason |\n"
          "|---|---|---|\n"
          "| `read-signed` | ✅ ok |  |\n"
          "| `export` | ❌ missing | `documents:signed:export`<br>hint: Ask an organisation admin. |\n"
          "| `nightly` | ⏭️ skipped | when: NIGHTLY is not set |\n"
          "\n"
          "#### Missing scopes\n"
          "\n"
          "| Scope | Label | Provider | Needed by |\n"
          "|---|---|---|---|\n"
          "| `documents:signed:export` | Documents / Signed / Export | sonar | `export` |\n"
          "\n"
          "**Fix (sonar):** add documents:signed:export to key 'CI key' (sk_live...) at "
          "<https://session.sonar.de/acme/settings/api-keys>\n"
          "\n"
          "**Excess on sonar** (granted, needed by no checked feature): `documents:uploaded:delete`\n");
    CHECK(markdown == render_markdown(scopegate::testing::sample_report()));
  }

  TEST_CASE("the title line says the outcome with its mark") {
    SUBCASE("exit 0") {
      CHECK(first_line(render_markdown(passing())) ==
            "### ✅ scopegate: all 2 checked features have the scopes they need (1 skipped)");
    }
    SUBCASE("exit 1, missing scopes") {
      CHECK(first_line(render_markdown(scopegate::testing::sample_report())) ==
            "### ❌ scopegate: 1 of 2 features blocked: add documents:signed:export to key 'CI key' (sk_live...) at "
            "https://session.sonar.de/acme/settings/api-keys");
    }
    SUBCASE("exit 1, another failure") {
      engine::Report report = passing();
      report.failures = {"the sonar token expires in 3 days"};
      report.exit_code = 1;
      CHECK(first_line(render_markdown(report)) == "### ❌ scopegate: the sonar token expires in 3 days");
    }
    SUBCASE("exit 3") {
      engine::Report report = passing();
      report.providers[0].status = engine::ProviderStatus::kTokenRejected;
      report.providers[0].error = "HTTP 401";
      report.exit_code = 3;
      CHECK(first_line(render_markdown(report)) == "### ❌ scopegate: token rejected by sonar: HTTP 401");
    }
    SUBCASE("exit 4") {
      engine::Report report = passing();
      report.providers[0].status = engine::ProviderStatus::kError;
      report.providers[0].error = "connect to s.example:443: refused";
      report.exit_code = 4;
      CHECK(first_line(render_markdown(report)) ==
            "### ❌ scopegate: could not ask sonar: connect to s.example:443: refused");
    }
    SUBCASE("exit 5") {
      engine::Report report = passing();
      report.features[1].status = engine::FeatureStatus::kUnverifiable;
      report.features[1].unverifiable = {"documents:signed:export"};
      report.providers[0].unverifiable = {"documents:signed:export"};
      report.providers[0].unverifiable_reason = "no listing";
      report.exit_code = 5;
      CHECK(first_line(render_markdown(report)) ==
            "### ❔ scopegate: 1 feature could not be verified: documents:signed:export on sonar (no listing)");
    }
  }

  TEST_CASE("a Provider column only when there are several providers") {
    engine::Report report = scopegate::testing::sample_report();
    engine::ProviderResult gitlab;
    gitlab.name = "gitlab";
    gitlab.preset = "gitlab";
    gitlab.source = "live";
    report.providers.push_back(gitlab);
    engine::FeatureResult merge = feature("merge", engine::FeatureStatus::kOk);
    merge.provider = "gitlab";
    report.features.push_back(merge);
    const std::string markdown = render_markdown(report);
    CHECK(contains(markdown,
                   "\n\n| Feature | Provider | Status | Scopes or reason |\n"
                   "|---|---|---|---|\n"
                   "| `read-signed` | sonar | ✅ ok |  |\n"
                   "| `export` | sonar | ❌ missing | `documents:signed:export`<br>hint: Ask an organisation admin. |\n"
                   "| `nightly` | sonar | ⏭️ skipped | when: NIGHTLY is not set |\n"
                   "| `merge` | gitlab | ✅ ok |  |\n\n"));
    CHECK_FALSE(contains(markdown, "| Feature | Status |"));
  }

  TEST_CASE("every status has its cell") {
    engine::Report report = passing();
    report.features.clear();
    engine::FeatureResult ok = feature("f-ok", engine::FeatureStatus::kOk);
    engine::FeatureResult missing = feature("f-missing", engine::FeatureStatus::kMissing);
    missing.missing = {"a", "b | c"};
    engine::FeatureResult optional = feature("f-optional", engine::FeatureStatus::kMissing);
    optional.optional = true;
    optional.missing = {"d"};
    engine::FeatureResult unverifiable = feature("f-unverifiable", engine::FeatureStatus::kUnverifiable);
    unverifiable.unverifiable = {"e", "f"};
    unverifiable.reason = "no listing";
    engine::FeatureResult skipped = feature("f-skipped", engine::FeatureStatus::kSkipped);
    skipped.reason = "NIGHTLY is not set";
    engine::FeatureResult error = feature("f-error", engine::FeatureStatus::kError);
    error.reason = "connect to s.example:443: refused";
    report.features = {ok, missing, optional, unverifiable, skipped, error};
    const std::string markdown = render_markdown(report);
    CHECK(contains(markdown,
                   "|---|---|---|\n"
                   "| `f-ok` | ✅ ok |  |\n"
                   "| `f-missing` | ❌ missing | `a`, `b \\| c` |\n"
                   "| `f-optional` | ⚠️ missing (optional) | `d` |\n"
                   "| `f-unverifiable` | ❔ unverifiable | `e`, `f` |\n"
                   "| `f-skipped` | ⏭️ skipped | when: NIGHTLY is not set |\n"
                   "| `f-error` | 💥 error | connect to s.example:443: refused |\n"));
  }

  TEST_CASE("the missing scopes table has labels, providers, features and optional marks") {
    engine::Report report = scopegate::testing::sample_report();
    engine::MissingScope unlabelled;
    unlabelled.provider = "sonar";
    unlabelled.scope = "a | b";
    unlabelled.features = {"export", "publish"};
    report.missing.push_back(unlabelled);
    engine::MissingScope optional;
    optional.provider = "sonar";
    optional.scope = "documents:uploaded:delete";
    optional.label = "Documents / Uploaded / Delete";
    optional.features = {"nightly"};
    optional.optional = true;
    report.missing.push_back(optional);
    CHECK(contains(render_markdown(report),
                   "\n\n#### Missing scopes\n\n"
                   "| Scope | Label | Provider | Needed by |\n"
                   "|---|---|---|---|\n"
                   "| `documents:signed:export` | Documents / Signed / Export | sonar | `export` |\n"
                   "| `a \\| b` |  | sonar | `export`, `publish` |\n"
                   "| `documents:uploaded:delete` | Documents / Uploaded / Delete | sonar | `nightly` (optional) |\n"));
    CHECK_FALSE(contains(render_markdown(passing()), "#### Missing scopes"));
  }

  TEST_CASE("the fix line links the token page") {
    engine::Report report = scopegate::testing::sample_report();
    SUBCASE("page inside the sentence") {
      report.providers[0].fix = "open https://example.com/keys and add x to key 'CI'";
      report.providers[0].token_page = "https://example.com/keys";
      CHECK(contains(render_markdown(report),
                     "\n\n**Fix (sonar):** open <https://example.com/keys> and add x to key 'CI'\n"));
    }
    SUBCASE("no page") {
      report.providers[0].token_page.clear();
      CHECK(contains(render_markdown(report),
                     "\n\n**Fix (sonar):** add documents:signed:export to key 'CI key' (sk_live...) at "
                     "https://session.sonar.de/acme/settings/api-keys\n"));
      CHECK_FALSE(contains(render_markdown(report), "<https://"));
    }
    SUBCASE("a page the sentence does not name") {
      report.providers[0].token_page = "https://elsewhere.example/keys";
      CHECK(contains(render_markdown(report), "(sk_live...) at https://session.sonar.de/acme/settings/api-keys\n"));
      CHECK_FALSE(contains(render_markdown(report), "<https://"));
    }
    SUBCASE("no fix, no line") {
      CHECK_FALSE(contains(render_markdown(passing()), "**Fix"));
    }
  }

  TEST_CASE("provider findings and run failures each get a line") {
    engine::Report report = passing();
    engine::ProviderResult& sonar = report.providers[0];
    SUBCASE("token rejected") {
      sonar.status = engine::ProviderStatus::kTokenRejected;
      sonar.error = "Sonar rejected the key: REVOKED_API_KEY";
      report.exit_code = 3;
      CHECK(contains(render_markdown(report),
                     "\n\n**Token rejected by sonar:** Sonar rejected the key: REVOKED_API_KEY\n"));
      CHECK_FALSE(contains(render_markdown(report), "**Could not ask"));
    }
    SUBCASE("could not ask") {
      sonar.status = engine::ProviderStatus::kError;
      sonar.error = "connect to s.example:443: refused";
      report.exit_code = 4;
      CHECK(contains(render_markdown(report), "\n\n**Could not ask sonar:** connect to s.example:443: refused\n"));
      CHECK_FALSE(contains(render_markdown(report), "**Token rejected"));
    }
    SUBCASE("unverifiable") {
      sonar.unverifiable = {"x"};
      sonar.unverifiable_reason = "fine-grained tokens do not list scopes";
      CHECK(contains(render_markdown(report),
                     "\n\n**Unverifiable on sonar:** fine-grained tokens do not list scopes\n"));
      sonar.unverifiable.clear();
      CHECK_FALSE(contains(render_markdown(report), "**Unverifiable"));
    }
    SUBCASE("excess") {
      sonar.excess = {"a", "b"};
      CHECK(contains(render_markdown(report),
                     "\n\n**Excess on sonar** (granted, needed by no checked feature): `a`, `b`\n"));
      sonar.excess.clear();
      CHECK_FALSE(contains(render_markdown(report), "**Excess"));
    }
    SUBCASE("expiry") {
      CHECK_FALSE(contains(render_markdown(report), "**Expiry"));
      sonar.expiring_soon = true;
      CHECK(contains(render_markdown(report), "\n\n**Expiry:** the sonar token expires 2027-01-31T00:00:00Z\n"));
    }
    SUBCASE("failures") {
      report.failures = {"the sonar token expires in 3 days", "the sonar token has scopes no feature needs: a"};
      report.exit_code = 1;
      CHECK(render_markdown(report).ends_with("\n\n**Failed:** the sonar token expires in 3 days\n"
                                              "\n**Failed:** the sonar token has scopes no feature needs: a\n"));
    }
  }

  TEST_CASE("outside text cannot split a cell or bring in HTML") {
    engine::Report report = scopegate::testing::sample_report();
    report.features[2].reason = "A|B <b>&amp;</b>";
    engine::FeatureResult error = feature("deploy", engine::FeatureStatus::kError);
    error.reason = "HTTP 500 | <html> & more";
    report.features.push_back(error);
    engine::FeatureResult tick = feature("tick", engine::FeatureStatus::kMissing);
    tick.missing = {"a`b``c"};
    report.features.push_back(tick);
    report.missing[0].label = "Read | Write <all> & more";
    report.providers[0].error = "x|y<z>&";
    report.providers[0].status = engine::ProviderStatus::kError;
    report.providers[0].excess = {"ex`cess|"};
    report.providers[0].fix = "add `a` to key '<CI> | & co' at https://session.sonar.de/acme/settings/api-keys";
    report.failures = {"a|b <c> & d"};
    const std::string markdown = render_markdown(report);
    CHECK(contains(markdown, "| `nightly` | ⏭️ skipped | when: A\\|B &lt;b&gt;&amp;amp;&lt;/b&gt; |\n"));
    CHECK(contains(markdown, "| `deploy` | 💥 error | HTTP 500 \\| &lt;html&gt; &amp; more |\n"));
    CHECK(contains(markdown, "| `tick` | ❌ missing | `a'b''c` |\n"));
    CHECK(contains(markdown,
                   "| `documents:signed:export` | Read \\| Write &lt;all&gt; &amp; more | sonar | `export` |\n"));
    CHECK(contains(markdown, "\n**Could not ask sonar:** x\\|y&lt;z&gt;&amp;\n"));
    CHECK(contains(markdown, "): `ex'cess\\|`\n"));
    CHECK(contains(markdown,
                   "\n**Fix (sonar):** add 'a' to key '&lt;CI&gt; \\| &amp; co' at "
                   "<https://session.sonar.de/acme/settings/api-keys>\n"));
    CHECK(contains(markdown, "\n**Failed:** a\\|b &lt;c&gt; &amp; d\n"));
    // No raw HTML anywhere, and every table row still has its cells.
    std::size_t rows = 0;
    for (std::size_t at = 0; at < markdown.size();) {
      const std::size_t end = markdown.find('\n', at);
      const std::string line = markdown.substr(at, end - at);
      at = end + 1;
      std::string without_autolink = line.starts_with("**Fix") ? line.substr(0, line.find("<https://")) : line;
      // scopegate's own line break inside a cell is the one tag allowed.
      for (std::size_t br = without_autolink.find("<br>"); br != std::string::npos; br = without_autolink.find("<br>"))
        without_autolink.erase(br, 4);
      CHECK_MESSAGE(without_autolink.find('<') == std::string::npos, line);
      CHECK_MESSAGE(without_autolink.find('>') == std::string::npos, line);
      if (!line.starts_with("| `")) continue;
      ++rows;
      std::size_t pipes = 0;
      for (std::size_t i = 0; i < line.size(); ++i)
        if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++pipes;
      const bool missing_row = line.starts_with("| `documents:");
      CHECK_MESSAGE(pipes == (missing_row ? 5u : 4u), line);
      std::size_t ticks = 0;
      for (char c : line) ticks += c == '`' ? 1 : 0;
      CHECK_MESSAGE(ticks % 2 == 0, line);
    }
    CHECK(rows == 6);
  }
}
