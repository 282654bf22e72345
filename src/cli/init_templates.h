#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace scopegate::cli {

struct InitTemplate {
  std::string_view preset;
  std::string_view body;  // after the common header
};

const InitTemplate* find_template(std::string_view preset);
std::string starter_manifest(const InitTemplate& entry);

}  // namespace scopegate::cli
