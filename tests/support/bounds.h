#pragma once
// Time and memory bounds for the integration tests. Under AddressSanitizer
// (SCOPEGATE_SANITIZE=ON) a process carries shadow memory and runs slower,
// so the bounds widen by fixed factors: still bounds, still catching growth
// without limit, but not tripping on the instrumentation itself.
namespace scopegate::testing {

#ifdef SCOPEGATE_SANITIZED
inline constexpr double kTimeScale = 3.0;
inline constexpr long kMemoryScale = 4;
inline constexpr bool kSanitized = true;
#else
inline constexpr double kTimeScale = 1.0;
inline constexpr long kMemoryScale = 1;
inline constexpr bool kSanitized = false;
#endif

inline double seconds_bound(double seconds) { return seconds * kTimeScale; }
inline long mib_bound(long mib) { return mib * kMemoryScale; }
inline long kib_bound(long kib) { return kib * kMemoryScale; }

}  // namespace scopegate::testing
