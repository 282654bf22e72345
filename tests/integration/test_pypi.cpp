// The real binary with PyPI tokens built at test time (tests/support/pypi_tokens.h):
// read locally, nothing sent, the token in no output; dates from this
// process's clock, which faketime moves with the binary's.
#include <doctest/doctest.h>

#include <string>

#include "support/dates.h"
#include "support/live_world.h"
#include "support/pypi_tokens.h"

using namespace scopegate::testing;

namespace {
std::string pypi_manifest(const std::string& provider_extra = "") {
  return "version: 1\nproviders:\n  pypi: {preset: pypi" + provider_extra +
         "}\nfeatures:\n  publish: {requires: [\"upload on project/acme-tools\"]}\n";
}

// A token valid from yesterday for `days` more days.
std::string expiry(int days) { return expiry_caveat(days_from_now(days), days_from_now(-1)); }

// PYPI_TOKEN holding `token`, and no other token: every run checks it reached no output.
void hold(World& world, const std::string& token) {
  world.env.erase("SONAR_API_KEY");
  if (!token.empty()) world.env["PYPI_TOKEN"] = token;
}
}  // namespace

TEST_SUITE("integration.pypi") {
  TEST_CASE("a project token: ok for its project, nothing sent, no network needed") {
    World world;
    hold(world, pypi_token({projects_caveat({"acme-tools"}), expiry(30)}));
    const auto result = world.run({"check", "-m", world.manifest(pypi_manifest())});
    CHECK(result.exit_code == 0);
    CHECK(has(result.out, "  ok          publish"));
  }

  TEST_CASE("another project's token: missing, with the fix and PyPI's token page") {
    World world;
    hold(world, pypi_token({projects_caveat({"other-project"})}));
    const auto result = world.run({"check", "-m", world.manifest(pypi_manifest())});
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "  MISSING     publish"));
    CHECK(has(result.out, "create a token at https://pypi.org/manage/account/token/ with the scope \"Project: "
                          "acme-tools\" (PyPI cannot change an existing token's scope)"));
  }

  TEST_CASE("a user-wide token covers the project, and --format json lists upload on user") {
    World world;
    hold(world, pypi_token({user_caveat()}));
    const auto result = world.run({"check", "-m", world.manifest(pypi_manifest()), "--format", "json"});
    CHECK(result.exit_code == 0);
    CHECK(has(result.out, R"("granted": ["upload on user"])"));
  }

  TEST_CASE("an expired token is rejected (exit 3), saying when, where to replace it and create one") {
    const auto expired_at = days_from_now(-1);
    World world;
    hold(world, pypi_token({projects_caveat({"acme-tools"}), expiry_caveat(expired_at, days_from_now(-3))}));
    const auto result = world.run({"check", "-m", world.manifest(pypi_manifest())});
    CHECK(result.exit_code == 3);
    CHECK(has(result.all(), "the token expired at " + iso_timestamp(expired_at)));
    CHECK(has(result.all(), "replace the token in PYPI_TOKEN (create one at https://pypi.org/manage/account/token/)"));
  }

  TEST_CASE("a token that does not decode is a usage error (exit 2) naming the variable and the part, not the token") {
    const std::string broken = "pypi-AgEIcHlwaS5vcmc!CONFIDENTIAL-remainder-of-the-token";
    World world;
    hold(world, broken);
    const auto result = world.run({"check", "-m", world.manifest(pypi_manifest())});
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "PYPI_TOKEN"));
    CHECK(has(result.err, "cannot be decoded: it is not URL-safe base64 (position 15)"));
    CHECK_FALSE(has(result.all(), "CONFIDENTIAL"));
  }

  TEST_CASE("--response-file: the token saved in a file, read as live, and not printed either") {
    World world;
    hold(world, "");
    const std::string token = pypi_token({projects_caveat({"other-project"})});
    const std::string file = world.dir.write("token.txt", token + "\n");
    const auto result = world.run({"check", "-m", world.manifest(pypi_manifest()), "--response-file", file});
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "  MISSING     publish"));
    CHECK_FALSE(has(result.all(), token));
  }

  TEST_CASE("twine's TWINE_PASSWORD named with token_env, and a non-normalised name is a manifest error") {
    World world;
    hold(world, "");
    const std::string token = pypi_token({projects_caveat({"acme-tools"})});
    world.env["TWINE_PASSWORD"] = token;  // not a *TOKEN* name: checked by hand
    const auto result = world.run({"check", "-m", world.manifest(pypi_manifest(", token_env: TWINE_PASSWORD"))});
    CHECK(result.exit_code == 0);
    CHECK_FALSE(has(result.all(), token));

    const auto lint = world.run({"lint", "-m", world.manifest("version: 1\nproviders:\n  pypi: {preset: pypi}\n"
                                                              "features:\n  publish: {requires: [\"upload on project/Acme_Tools\"]}\n")});
    CHECK(lint.exit_code == 2);
    CHECK(has(lint.err, "scopegate.yaml:5:"));
    CHECK(has(lint.err, "error: PyPI compares project names PEP 503-normalised"));
    CHECK(has(lint.err, "write 'upload on project/acme-tools'"));
  }
}
