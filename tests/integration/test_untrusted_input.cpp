// Every byte from outside is untrusted: checked before it goes into a
// request (exit 2, nothing sent, the variable and position named, never the
// value), neutralised before it reaches a terminal, a log, a workflow
// command, a summary or a report. The real binary against real servers.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "support/fake_token.h"
#include "support/github_runner.h"
#include "support/mock_server.h"
#include "support/subprocess.h"

using namespace scopegate::testing;

namespace {
const std::string kBinary = SCOPEGATE_BINARY;

struct Run {
  TempDir dir;
  std::map<std::string, std::string> env{{"PATH", "/usr/bin:/bin"}};

  ProcessResult check(const std::string& yaml, std::vector<std::string> extra = {}) const {
    ProcessOptions options;
    options.args = {"check", "-m", dir.write("scopegate.yaml", yaml)};
    options.args.insert(options.args.end(), extra.begin(), extra.end());
    options.env = env;
    options.cwd = dir.path();
    return run_process(kBinary, options);
  }
};

ProcessResult run_binary(std::vector<std::string> args, const std::map<std::string, std::string>& env) {
  ProcessOptions options;
  options.args = std::move(args);
  options.env = env;
  return run_process(kBinary, options);
}

MockResponse sonar_ok(const MockRequest&) {
  return MockResponse::json(200, R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read"]})");
}

std::string sonar_manifest(const std::string& url, const std::string& token_line = "") {
  return "version: 1\nproviders:\n  sonar:\n    preset: sonar\n    base_url: " + url + "\n" + token_line +
         "features:\n  read: {requires: [documents:signed:read]}\n";
}
}  // namespace

TEST_SUITE("integration.untrusted_input") {
  TEST_CASE("a token that is not one line of visible ASCII: exit 2 naming the variable and position, nothing sent") {
    MockServer server(sonar_ok);
    struct Case {
      std::string token;
      std::string expected;
    };
    const std::vector<Case> cases{
        {"sk_live_x\r\nX-Injected: 1", "SONAR_API_KEY contains U+000D (carriage return) at position 10"},
        {"sk_live_0123456789012345678901\xC2\xA0", "SONAR_API_KEY contains U+00A0 (no-break space) at position 31"},
        {"sk_live_caf\xE9", "SONAR_API_KEY contains the byte 0xE9 (not UTF-8; Latin-1 or another encoding?) at position 12"},
        {"Bearer sk_live_0123456789", "SONAR_API_KEY starts with 'Bearer ': store the token alone"},
        {"\"sk_live_0123456789\"", "SONAR_API_KEY is wrapped in quotes: store the token alone"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.expected);
      Run run;
      run.env["SONAR_API_KEY"] = c.token;
      const auto result = run.check(sonar_manifest(server.url()));
      CHECK(result.exit_code == 2);
      CHECK(has(result.err, c.expected));
      CHECK(has(result.err, "nothing was sent"));
      CHECK_FALSE(has(result.all(), "sk_live_x"));
      CHECK_FALSE(has(result.all(), "0123456789"));
    }
    CHECK(server.requests().empty());
  }

  TEST_CASE("one final newline is dropped from a variable, as from a file") {
    MockServer server([](const MockRequest& r) {
      if (r.header("Authorization") != std::string("Bearer ") + kFakeToken) return MockResponse::json(401, "{}");
      return sonar_ok(r);
    });
    Run run;
    run.env["SONAR_API_KEY"] = std::string(kFakeToken) + "\n";
    CHECK(run.check(sonar_manifest(server.url())).exit_code == 0);
    run.env["SONAR_API_KEY"] = std::string(kFakeToken) + "\r\n";
    CHECK(run.check(sonar_manifest(server.url())).exit_code == 0);
    CHECK(server.requests().size() == 2);
  }

  TEST_CASE("a token_file of two lines (a .env file) is exit 2 naming the file and line break, and no line is sent") {
    MockServer server(sonar_ok);
    Run run;
    const std::string file = run.dir.write("ci.env", std::string("SONAR_API_KEY=") + kFakeToken +
                                                         "\nOTHER_PROVIDER_SECRET=other-secret-0123456789\n");
    const auto result = run.check(sonar_manifest(server.url(), "    token_file: " + file + "\n"));
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "the token file " + file + " contains U+000A (line feed) at position 60 (it holds more than "
                          "one line)"));
    CHECK_FALSE(has(result.all(), kFakeToken));
    CHECK_FALSE(has(result.all(), "other-secret"));
    CHECK(server.requests().empty());
  }

  TEST_CASE("a generic header that ${VAR} would break, and a base_url that would: exit 2 at the manifest line") {
    MockServer server(sonar_ok);
    Run run;
    run.env["API_TOKEN"] = kFakeToken;
    run.env["TENANT"] = "acme\r\nX-Injected: 1";
    const auto header = run.check("version: 1\nproviders:\n  api:\n    preset: generic\n    token_env: API_TOKEN\n"
                                  "    request:\n      url: " + server.url() + "/token\n      headers:\n"
                                  "        X-Tenant: \"${TENANT}\"\n        Authorization: \"Bearer ${TOKEN}\"\n"
                                  "    scopes: /scopes\nfeatures:\n  read: {requires: [read]}\n");
    CHECK(header.exit_code == 2);
    CHECK(has(header.err, "scopegate.yaml:9:19: error: header 'X-Tenant' of provider 'api': TENANT contains U+000D "
                          "(carriage return) at position 5 (it holds more than one line); nothing was sent"));
    run.env["SONAR_API_KEY"] = kFakeToken;
    run.env["SONAR_URL"] = server.url() + "/x\r\nX-Injected: 1";
    const auto url = run.check(sonar_manifest("${SONAR_URL}"));
    CHECK(url.exit_code == 2);
    CHECK(has(url.err, "base_url of provider 'sonar': SONAR_URL contains U+000D (carriage return) at position"));
    CHECK_FALSE(has(url.all(), "\r"));  // shown escaped, never raw
    // A trailing newline in a URL variable, and a relative probe path built from
    // one, are found before anything is sent as well.
    run.env["SONAR_URL"] = server.url() + "\n";
    CHECK(run.check(sonar_manifest("${SONAR_URL}")).exit_code == 2);
    run.env["SOCKET_SECURITY_API_KEY"] = kFakeToken;
    run.env["PROBE_PATH"] = "p\r\nX-Evil: 1";
    const auto probe = run.check("version: 1\nproviders:\n  socket:\n    preset: socket\n    base_url: " + server.url() +
                                 "\n    org: acme\n    probes:\n      - {scope: custom:read, url: \"/probe/${PROBE_PATH}\"}\n"
                                 "features:\n  a: {requires: [custom:read]}\n");
    CHECK(probe.exit_code == 2);
    CHECK(has(probe.err, "a probe url of provider 'socket': PROBE_PATH contains U+000D (carriage return)"));
    CHECK(server.requests().empty());
  }

  TEST_CASE("proxy credentials that would break the request are exit 2 naming the variable, before anything is sent") {
    MockServer proxy(sonar_ok);  // stands where the proxy would be: it must see nothing
    Run run;
    run.env["SONAR_API_KEY"] = kFakeToken;
    const std::string address = "127.0.0.1:" + std::to_string(proxy.port());
    for (const std::string& value : {"http://ci:sword%0D%0Afish@" + address, "http://ci:sword\r\nfish@" + address}) {
      CAPTURE(value);
      run.env["HTTPS_PROXY"] = value;
      const auto result = run.check(sonar_manifest("https://sonar.example.com"));
      CHECK(result.exit_code == 2);
      CHECK(has(result.err, "in HTTPS_PROXY"));
      CHECK_FALSE(has(result.all(), "fish"));
    }
    CHECK(proxy.requests().empty());
  }

  TEST_CASE("a URL that would carry the token is exit 2, a configuration error, and nothing is sent") {
    MockServer server(sonar_ok);
    Run run;
    run.env["SONAR_API_KEY"] = kFakeToken;
    run.env["SONAR_URL"] = server.url() + "/?k=" + kFakeToken;
    const auto base = run.check(sonar_manifest("${SONAR_URL}"));
    CHECK(base.exit_code == 2);
    CHECK(has(base.err, "base_url of provider 'sonar' would carry the token (from SONAR_API_KEY)"));
    run.env["SOCKET_SECURITY_API_KEY"] = kFakeToken;
    run.env["P"] = kFakeToken;
    const auto probe = run.check("version: 1\nproviders:\n  socket:\n    preset: socket\n    base_url: " + server.url() +
                                 "\n    org: acme\n    probes:\n      - {scope: custom:read, url: \"/probe/${P}\"}\n"
                                 "features:\n  a: {requires: [custom:read]}\n");
    CHECK(probe.exit_code == 2);
    CHECK(has(probe.err, "the probe url for custom:read of provider 'socket' would carry the token"));
    CHECK_FALSE(has(base.all() + probe.all(), kFakeToken));
    CHECK(server.requests().empty());
  }

  TEST_CASE("a rejected token: exit 3 naming the variable and the token page, as gh auth status does") {
    MockServer server([](const MockRequest&) {
      return MockResponse::json(401, R"({"success": false, "code": "INVALID_API_KEY", "message": "invalid"})");
    });
    Run run;
    run.env["SONAR_API_KEY"] = kFakeToken;
    const auto result = run.check(sonar_manifest(server.url()));
    CHECK(result.exit_code == 3);
    CHECK(has(result.out, "replace the token in SONAR_API_KEY (create one at " + server.url() + "/settings/api-keys)"));
    const std::string file = run.dir.write("sonar.token", kFakeToken);
    const auto from_file = run.check(sonar_manifest(server.url(), "    token_file: " + file + "\n"));
    CHECK(from_file.exit_code == 3);
    CHECK(has(from_file.out, "replace the token in the token file " + file));
  }
}

namespace {
// One payload that tries every way into a CI log: a bare CR and an LF before
// a command, ESC sequences (a window title, concealed text), the runner's
// escaped line break, the legacy form, and Azure's.
const std::string kHostile =
    "x\r::error title=Injected::cr\n::error title=Injected::lf \x1b]0;title\x07\x1b[8m %0A::error title=Injected::pct "
    "##[error title=Injected]legacy ##vso[task.complete result=Failed]";
// The same as a YAML double-quoted scalar.
const std::string kHostileYaml =
    R"("x\r::error title=Injected::cr\n::error title=Injected::lf \e]0;title\a\e[8m %0A::error title=Injected::pct ##[error title=Injected]legacy ##vso[task.complete result=Failed]")";

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += std::string("\\") + c;
    else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else out += c;
  }
  return out + "\"";
}

// Nothing any output holds may start a command but the tool's own: error,
// warning and notice annotations whose titles scopegate wrote, and masks.
// A log (stdout, stderr) holds no legacy "##[" either; a file is not read
// for those.
void only_own_commands(const std::string& what, const std::string& text, bool is_log = true) {
  CAPTURE(what);
  const RunnerLog log = parse_runner_stdout(text);
  for (const RunnerCommand& command : log.commands) {
    CAPTURE(command.name);
    CAPTURE(command.data);
    if (command.legacy && !is_log) continue;
    CHECK_FALSE(command.legacy);
    CHECK((command.name == "error" || command.name == "warning" || command.name == "notice" ||
           command.name == "add-mask"));
    CHECK(command.property("title") != "Injected");
    const bool injected_data =
        command.data.starts_with("cr") || command.data.starts_with("lf") || command.data.starts_with("pct");
    CHECK_FALSE(injected_data);
  }
  CHECK_FALSE(has(text, "\r"));
  CHECK_FALSE(has(text, "\x1b"));
  CHECK_FALSE(has(text, "\x07"));
  if (!is_log) return;
  CHECK_FALSE(has(text, "##["));
  CHECK_FALSE(has(text, "##vso["));
}
}  // namespace

TEST_SUITE("integration.untrusted_input") {
  TEST_CASE("CR, LF, ESC, %0A and the command markers in every field of every format: no line starts a command but the tool's own") {
    const std::string answer = R"({"keyPrefix": )" + json_string(kHostile) + R"(, "name": )" + json_string(kHostile) +
                               R"(, "scopes": ["documents:signed:read", )" + json_string(kHostile) + "]}";
    MockServer server([&](const MockRequest& request) {
      if (request.target.ends_with("/scopes-allowed/all"))
        return MockResponse::json(200, R"([{"id": "d", "label": )" + json_string(kHostile) +
                                           R"(, "types": [{"id": "t", "label": "T", "scopes": [{"value": )" +
                                           json_string(kHostile) + R"(, "label": )" + json_string(kHostile) + "}]}]}]");
      return MockResponse::json(200, answer);
    });
    MockServer broken([&](const MockRequest&) {
      return MockResponse::json(500, R"({"message": )" + json_string(kHostile) + "}");
    });
    Run run;
    // The manifest's own path carries the payload's line break and command too.
    const std::string folder = run.dir.path() + "/a\n::error title=Injected::path ##[x]";
    std::filesystem::create_directories(folder);
    const std::string manifest_text =
        "version: 1\nproviders:\n  sonar:\n    preset: sonar\n    base_url: " + server.url() +
        "\n    token_page: " + server.url() + "/keys?x=%0A::error::Injected\n"
        "  other: {preset: sonar, base_url: \"" + broken.url() + "\"}\n"
        "features:\n"
        "  read:\n    provider: sonar\n    requires: [documents:signed:read]\n    description: " + kHostileYaml + "\n"
        "  \"f%0A::error::Injected\":\n    provider: sonar\n    requires: [documents:signed:export]\n    hint: " +
        kHostileYaml + "\n"
        "  down: {provider: other, requires: [documents:signed:read], description: " + kHostileYaml + "}\n";
    const std::string manifest = folder + "/scopegate.yaml";
    run.dir.write("a\n::error title=Injected::path ##[x]/scopegate.yaml", manifest_text);
    run.env["SONAR_API_KEY"] = kFakeToken;
    run.env["GITHUB_ACTIONS"] = "true";
    run.env["GITHUB_OUTPUT"] = run.dir.file("output");
    run.env["GITHUB_STEP_SUMMARY"] = run.dir.file("summary.md");
    run.env["RUNNER_TEMP"] = run.dir.path();
    for (const char* format : {"text", "json", "github", "junit", "markdown", "sarif"}) {
      CAPTURE(format);
      const auto result = run_binary({"check", "-m", manifest, "--format", format, "-v"}, run.env);
      CHECK(result.exit_code == 1);  // a missing scope (1) wins over the provider that answered 500 (4)
      only_own_commands("stdout and stderr", result.out + result.err);
      if (std::string(format) == "text" || std::string(format) == "github")  // shown escaped, not dropped
        CHECK(has(result.out, "\\r::error title=Injected::cr\\n::error"));
      for (const char* file : {"output", "summary.md"}) only_own_commands(file, run.dir.read(file), false);
      // The report to a file as well, with the human account on stderr.
      const auto to_file =
          run_binary({"check", "-m", manifest, "--format", format, "-o", run.dir.file(std::string("report.") + format)},
                     run.env);
      only_own_commands("stderr with -o", to_file.out + to_file.err);
      only_own_commands("the report file", run.dir.read(std::string("report.") + format), false);
    }
    // scopes and catalog print what the server says, too.
    for (const std::vector<std::string>& args : {std::vector<std::string>{"scopes", "-m", manifest},
                                                 std::vector<std::string>{"catalog", "-m", manifest, "--provider", "sonar"}}) {
      const auto result = run_binary(args, run.env);
      only_own_commands(args.front(), result.out + result.err);
      if (args.front() == "catalog") CHECK(has(result.out, "\\r::error title=Injected::cr\\n::error"));  // on one line
    }
  }

  TEST_CASE("diagnostics of a broken manifest quote nothing raw: its path, its keys, its lines") {
    Run run;
    run.env["GITHUB_ACTIONS"] = "true";
    run.env["GITHUB_STEP_SUMMARY"] = run.dir.file("summary.md");
    const std::string manifest = run.dir.write(
        "m.yaml", "version: 1\nproviders:\n  sonar:\n    preset: sonar\n    base_url: https://x.example\n"
                  "    \"tokn_env\\r\\n::error title=Injected::key\": SONAR_API_KEY\n"
                  "features:\n  read: {requires: [\"documents:signed:read\\e[8m\"]}\n");
    for (const char* format : {"text", "github"}) {
      CAPTURE(format);
      const auto result = run_binary({"check", "-m", manifest, "--format", format}, run.env);
      CHECK(result.exit_code == 2);
      only_own_commands("stdout and stderr", result.out + result.err);
      CHECK(has(result.err, "unknown key 'tokn_env\\r\\n::error title=Injected::key'"));
      CHECK(has(result.err, "scope 'documents:signed:read\\x1b[8m' contains U+001B (escape) at position 22"));
    }
    only_own_commands("summary", run.dir.read("summary.md"), false);
    // The key's line break reaches neither the summary nor an annotation raw (nor as %0A).
    CHECK_FALSE(has(run.dir.read("summary.md"), "\n::error title=Injected"));
    CHECK(has(run.dir.read("summary.md"), "tokn_env\\\\r\\\\n::error title=Injected::key"));  // markdown doubles each backslash
    const auto path = run_binary({"check", "-m", "a\n::error title=Injected::m.yaml"}, run.env);
    CHECK(path.exit_code == 2);
    only_own_commands("a manifest path with a line break", path.out + path.err);
  }
}
