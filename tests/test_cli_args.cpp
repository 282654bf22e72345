#include <doctest/doctest.h>

#include "cli/args.h"

using namespace scopegate::cli;

namespace {
const std::vector<OptionSpec> kSpecs{
    {"manifest", 'm', "FILE", "the manifest"},
    {"feature", 'f', "FEATURE", "a feature", true},
    {"fail-on-excess", 0, "", "flag"},
    {"format", 0, "FMT", "format"},
};

ParsedArgs parse_ok(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  std::string error;
  REQUIRE_MESSAGE(parse_args(args, kSpecs, &parsed, &error), error);
  return parsed;
}

std::string parse_error(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  std::string error;
  CHECK_FALSE(parse_args(args, kSpecs, &parsed, &error));
  return error;
}
}  // namespace

TEST_SUITE("cli.args") {
  TEST_CASE("long and short forms, with and without =") {
    CHECK(parse_ok({"--manifest", "a.yaml"}).value("manifest") == std::optional<std::string>("a.yaml"));
    CHECK(parse_ok({"--manifest=a.yaml"}).value("manifest") == std::optional<std::string>("a.yaml"));
    CHECK(parse_ok({"-m", "a.yaml"}).value("manifest") == std::optional<std::string>("a.yaml"));
    CHECK(parse_ok({"-ma.yaml"}).value("manifest") == std::optional<std::string>("a.yaml"));
    CHECK(parse_ok({"--format="}).value("format") == std::optional<std::string>(""));
  }

  TEST_CASE("flags, repeatable options, positionals and --") {
    const ParsedArgs parsed = parse_ok({"-f", "a", "--feature=b,c", "--fail-on-excess", "extra", "--", "-m"});
    CHECK(parsed.values("feature") == std::vector<std::string>{"a", "b,c"});
    CHECK(parsed.has("fail-on-excess"));
    CHECK_FALSE(parsed.has("manifest"));
    CHECK(parsed.positionals() == std::vector<std::string>{"extra", "-m"});
  }

  TEST_CASE("errors say what is wrong, with did-you-mean") {
    CHECK(parse_error({"--formt", "json"}) == "unknown option '--formt' (did you mean '--format'?)");
    CHECK(parse_error({"-x"}) == "unknown option '-x'");
    CHECK(parse_error({"--manifest"}) == "option '--manifest' needs a value (FILE)");
    CHECK(parse_error({"--fail-on-excess=yes"}) == "option '--fail-on-excess' takes no value");
    CHECK(parse_error({"-m", "a", "-m", "b"}) == "option '--manifest' is given more than once");
  }

  TEST_CASE("describe_options aligns the help column") {
    const std::string help = describe_options(kSpecs);
    CHECK(help.find("  -m, --manifest FILE    the manifest\n") == 0);
    CHECK(help.find("      --fail-on-excess   flag\n") != std::string::npos);
  }
}
