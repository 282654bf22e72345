#pragma once
// The one fake token every test hands to scopegate: recognisable, so a test
// can assert that it appears in no output, file, URL or foreign request.

namespace scopegate::testing {

inline constexpr const char* kFakeToken = "sk_live_FAKE_TOKEN_must_never_leak_0123456789";

}  // namespace scopegate::testing
