#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "providers/presets.h"
#include "scope/vocabulary.h"

using scopegate::scope::Vocabulary;

TEST_SUITE("scope.vocabulary") {
  TEST_CASE("known names, labels and the closest name") {
    const Vocabulary sonar(scopegate::providers::sonar_preset().vocabulary());
    CHECK(sonar.has_known_names());
    CHECK(sonar.is_known("documents:signed:read"));
    CHECK(sonar.is_known("documents:*"));  // wildcard patterns are not names
    CHECK_FALSE(sonar.is_known("documents:signed:exprot"));
    CHECK(sonar.closest_known("documents:signed:exprot") == std::optional<std::string>("documents:signed:export"));
    CHECK(sonar.label("documents:signed:export") == std::optional<std::string>("Documents / Signed / Export"));
    CHECK_FALSE(sonar.label("nope"));
  }

  TEST_CASE("Socket: names are checked by their group") {
    const Vocabulary socket(scopegate::providers::socket_preset().vocabulary());
    CHECK(socket.is_known("socket-basics:read"));
    CHECK(socket.is_known("full-scans"));
    CHECK_FALSE(socket.is_known("full-scan:create"));
    CHECK(socket.closest_known("full-scan:create") == std::optional<std::string>("full-scans:create"));
  }

  TEST_CASE("open vocabularies know no names and accept any") {
    const Vocabulary open(scopegate::scope::open_vocabulary());
    CHECK_FALSE(open.has_known_names());
    CHECK(open.is_known("whatever"));
  }
}
