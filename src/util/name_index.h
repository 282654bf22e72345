#pragma once
// Finds an element of a vector by its `name` member in constant time: the
// manifest's providers and features and a report's provider rows, looked up
// once per feature, must not cost a scan each (40,000 providers made `check`
// quadratic). The map is built on first use and rebuilt when the vector's
// size has changed; the owner must not rename or reorder elements in between.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace scopegate::util {

template <typename Item>
class NameIndex {
 public:
  const Item* find(const std::vector<Item>& items, std::string_view name) const {
    if (indexed_ != items.size() || items_ != items.data()) rebuild(items);
    const auto found = positions_.find(name);
    return found == positions_.end() ? nullptr : &items[found->second];
  }

 private:
  void rebuild(const std::vector<Item>& items) const {
    positions_.clear();
    positions_.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) positions_.emplace(items[i].name, i);  // the first wins
    indexed_ = items.size();
    items_ = items.data();
  }

  mutable std::unordered_map<std::string_view, std::size_t> positions_;  // views into the items' names
  mutable std::size_t indexed_ = 0;
  mutable const Item* items_ = nullptr;
};

}  // namespace scopegate::util
