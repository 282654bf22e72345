#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "util/edit_distance.h"
#include "util/strings.h"
#include "support/check_strings.h"

using namespace scopegate;

namespace {
using testing::Strings;

}  // namespace

TEST_SUITE("util/edit_distance") {
  TEST_CASE("edit_distance is the Levenshtein distance") {
    CHECK(util::edit_distance("kitten", "sitting", 10) == 3);
    CHECK(util::edit_distance("flaw", "lawn", 10) == 2);
    CHECK(util::edit_distance("", "abc", 10) == 3);
    CHECK(util::edit_distance("abc", "", 10) == 3);
    CHECK(util::edit_distance("", "", 0) == 0);
    CHECK(util::edit_distance("same", "same", 0) == 0);
    CHECK(util::edit_distance("read", "raed", 10) == 2);  // a swap is two edits
    CHECK(util::edit_distance("abc", "abd", 10) == 1);
  }

  TEST_CASE("edit_distance stops at limit + 1") {
    CHECK(util::edit_distance("kitten", "sitting", 1) == 2);
    CHECK(util::edit_distance("kitten", "sitting", 2) == 3);
    CHECK(util::edit_distance("kitten", "sitting", 3) == 3);
    CHECK(util::edit_distance("a", "abcdef", 2) == 3);  // length gap alone exceeds it
    CHECK(util::edit_distance("abcdef", "uvwxyz", 0) == 1);
  }

  TEST_CASE("closest_match suggests plausible typos") {
    const Strings sonar = {"documents:signed:read", "documents:signed:export",
                           "documents:generated:read"};
    CHECK(util::closest_match("documents:signed:raed", sonar) == std::optional<std::string>("documents:signed:read"));
    CHECK(util::closest_match("documents:signd:export", sonar) ==
          std::optional<std::string>("documents:signed:export"));
    CHECK(util::closest_match("wrte", Strings{"read", "write"}) == std::optional<std::string>("write"));
  }

  TEST_CASE("closest_match picks the closest candidate, first on ties") {
    CHECK(util::closest_match("abcdefgh", Strings{"abcdexyz", "abcdefgx"}) ==
          std::optional<std::string>("abcdefgx"));
    CHECK(util::closest_match("abcd", Strings{"abce", "abcf"}) == std::optional<std::string>("abce"));
  }

  TEST_CASE("closest_match's typo budget grows with the word") {
    SUBCASE("up to 3 letters: one edit") {
      CHECK(util::closest_match("abc", Strings{"abd"}) == std::optional<std::string>("abd"));
      CHECK(util::closest_match("abc", Strings{"axd"}) == std::nullopt);
      CHECK(util::closest_match("rep", Strings{"repo"}) == std::optional<std::string>("repo"));
    }
    SUBCASE("4 to 6 letters: two edits") {
      CHECK(util::closest_match("gitlab", Strings{"gatlob"}) == std::optional<std::string>("gatlob"));
      CHECK(util::closest_match("abcdef", Strings{"abxyzf"}) == std::nullopt);
      CHECK(util::closest_match("abcd", Strings{"axyd"}) == std::optional<std::string>("axyd"));
      CHECK(util::closest_match("abcd", Strings{"xyzd"}) == std::nullopt);
    }
    SUBCASE("7 letters and more: three edits") {
      CHECK(util::closest_match("abcdefg", Strings{"abcxyzg"}) == std::optional<std::string>("abcxyzg"));
      CHECK(util::closest_match("abcdefg", Strings{"awxyzfg"}) == std::nullopt);
    }
  }

  TEST_CASE("closest_match gives nothing for unrelated words or exact matches") {
    CHECK(util::closest_match("deploy", Strings{"read", "write", "admin"}) == std::nullopt);
    CHECK(util::closest_match("anything", Strings{}) == std::nullopt);
    CHECK(util::closest_match("repo", Strings{"repo"}) == std::nullopt);
    // The exact match is skipped, the next plausible one is still offered.
    CHECK(util::closest_match("repo", Strings{"repo", "repos"}) == std::optional<std::string>("repos"));
  }

  TEST_CASE("closest_match compares case-insensitively but returns the candidate's spelling") {
    CHECK(util::closest_match("REPO:Status", Strings{"repo:status"}) ==
          std::optional<std::string>("repo:status"));
  }

  TEST_CASE("did_you_mean") {
    CHECK(util::did_you_mean("wrte", Strings{"read", "write"}) == " (did you mean 'write'?)");
    CHECK(util::did_you_mean("deploy", Strings{"read", "write"}) == "");
    CHECK(util::did_you_mean("read", Strings{"read"}) == "");
  }
}
