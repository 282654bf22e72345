#pragma once
// The scope vocabularies that ship with each preset (data, in presets.cpp).
#include <string_view>

#include "scope/vocabulary.h"

namespace scopegate::scope {

const VocabularyData& sonar_vocabulary();
const VocabularyData& socket_vocabulary();
const VocabularyData& github_vocabulary();
const VocabularyData& gitlab_vocabulary();
const VocabularyData& open_vocabulary();  // slack, oauth2, jwt, generic: no known names

}  // namespace scopegate::scope
