#include <doctest/doctest.h>

#include "scope/resource.h"

using namespace scopegate;

// scope/resource.cpp: "PERMISSION on RESOURCE", read apart and grouped.
TEST_SUITE("scope.resource") {
  TEST_CASE("a scope on a resource, else on the default") {
    const auto on = scope::split_resource_scope("s3:PutObject on arn:aws:s3:::b/*", "*");
    CHECK(on.permission == "s3:PutObject");
    CHECK(on.resource == "arn:aws:s3:::b/*");
    const auto plain = scope::split_resource_scope("run.services.update", "projects/acme");
    CHECK(plain.permission == "run.services.update");
    CHECK(plain.resource == "projects/acme");
  }

  TEST_CASE("grouped by resource in the order first seen, a full group starting another") {
    const auto groups = scope::group_by_resource({"a", "b on x", "c", "d", "e on x"}, "p", 2);
    REQUIRE(groups.size() == 3);
    CHECK(groups[0].resource == "p");
    CHECK(groups[0].permissions == std::vector<std::string>{"a", "c"});
    CHECK(groups[1].resource == "x");
    CHECK(groups[1].scopes == std::vector<std::string>{"b on x", "e on x"});
    CHECK(groups[1].permissions == std::vector<std::string>{"b", "e"});
    CHECK(groups[2].resource == "p");
    CHECK(groups[2].permissions == std::vector<std::string>{"d"});
    CHECK(scope::group_by_resource({}, "p").empty());
  }
}
