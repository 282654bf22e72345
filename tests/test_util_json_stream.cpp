#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "util/json_stream.h"
#include "util/strings.h"

using namespace scopegate;

TEST_SUITE("util/json_stream") {
  TEST_CASE("indents objects and arrays of objects, keeps flat arrays on one line") {
    std::string out;
    util::JsonStream json(&out);
    json.begin_object();
    json.field("schema", "v1");
    json.field("ok", false);
    json.field("granted", std::vector<std::string>{"a", "b"});
    json.key("key");
    json.begin_object();
    json.field("name", std::optional<std::string>("CI"));
    json.field("prefix", std::optional<std::string>());
    json.end_object();
    json.field("empty_list", std::vector<std::string>{});
    json.key("empty_object");
    json.begin_object();
    json.end_object();
    json.key("features");
    json.begin_array();
    json.begin_object();
    json.field("name", "x");
    json.field("missing", std::vector<std::string>{});
    json.end_object();
    json.end_array();
    json.end_object();
    json.finish();
    const std::string expected =
        "{\n"
        "  \"schema\": \"v1\",\n"
        "  \"ok\": false,\n"
        "  \"granted\": [\"a\", \"b\"],\n"
        "  \"key\": {\n"
        "    \"name\": \"CI\",\n"
        "    \"prefix\": null\n"
        "  },\n"
        "  \"empty_list\": [],\n"
        "  \"empty_object\": {},\n"
        "  \"features\": [\n"
        "    {\n"
        "      \"name\": \"x\",\n"
        "      \"missing\": []\n"
        "    }\n"
        "  ]\n"
        "}\n";
    CHECK(out == expected);
  }

  TEST_CASE("flat arrays of mixed scalars stay on one line") {
    std::string out;
    util::JsonStream json(&out);
    json.begin_flat_array();
    json.value(1);
    json.value("two");
    json.value(true);
    json.null();
    json.end_array();
    json.finish();
    CHECK(out == "[1, \"two\", true, null]\n");
  }

  TEST_CASE("output parses back to what was written, whatever the strings hold") {
    const std::vector<std::string> texts{"",
                                         "quote\"d",
                                         "line\nbreak\ttab \\ slash",
                                         std::string("nul \0 and \x01 \x1f", 14),
                                         "caf\xC3\xA9",
                                         "key with spaces"};
    for (const std::string& text : texts) {
      CAPTURE(text);
      std::string out;
      util::JsonStream json(&out);
      json.begin_object();
      json.field(text, text);
      json.field("list", std::vector<std::string>{text, text});
      json.field("n", std::int64_t{-12});
      json.end_object();
      json.finish();
      const boost::json::value parsed = boost::json::parse(out);
      CHECK(parsed.at(text).as_string() == text);
      CHECK(parsed.at("list").as_array().at(1).as_string() == text);
      CHECK(parsed.at("n").as_int64() == -12);
      CHECK(out.back() == '\n');
    }
  }
}
