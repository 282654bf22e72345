#pragma once
// JSON pieces shared by the check report and `scopegate scopes --format json`.
#include <boost/json/object.hpp>

#include "engine/report.h"

namespace scopegate::report {

boost::json::object provider_object(const engine::ProviderResult& provider);

}  // namespace scopegate::report
