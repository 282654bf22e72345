#pragma once
// JSON pieces shared by the check report and `scopegate scopes --format json`.
#include "engine/report.h"
#include "util/json_stream.h"

namespace scopegate::report {

void write_provider(util::JsonStream& json, const engine::ProviderResult& provider);

}  // namespace scopegate::report
