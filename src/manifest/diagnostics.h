#pragma once
// Errors and warnings that point into a file: FILE:LINE:COL: error: MESSAGE.
#include <string>
#include <string_view>
#include <vector>

#include "manifest/yaml_tree.h"

namespace scopegate::manifest {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  Location where;
  std::string message;
};

class Diagnostics {
 public:
  void error(Location where, std::string message) {
    items_.push_back({Severity::kError, where, std::move(message)});
    ++errors_;
  }
  void warning(Location where, std::string message) {
    items_.push_back({Severity::kWarning, where, std::move(message)});
  }
  bool has_errors() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_; }  // constant time: the loader asks often
  const std::vector<Diagnostic>& items() const { return items_; }
  // Sorts by position so a reader meets them top to bottom.
  void sort_by_location();
  // Gives the diagnostic at `where` a message that knows more of its context;
  // false when there is none there.
  bool reword(Location where, std::string message);

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

// "scopegate.yaml:3:5: error: unknown key 'requirs' (did you mean 'requires'?)"
// followed, when `source` is given, by the offending line and a caret under the column.
std::string format_diagnostic(std::string_view file, const Diagnostic& diagnostic,
                              std::string_view source);

// Line and column (1-based) of a byte offset, for errors found before parsing.
Location location_of_offset(std::string_view text, std::size_t offset);

}  // namespace scopegate::manifest
