// A minimal check harness for the V8-free parts of the core (no test framework to
// install): CHECK records a failure with its line, and main() ends with
// "N passed, N failed" and the exit code.
#ifndef BALROG_TEST_CHECK_H_
#define BALROG_TEST_CHECK_H_

#include <cstdio>

namespace balrog::test {
inline int passed = 0;
inline int failed = 0;
inline int Finish() {
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
}  // namespace balrog::test

#define CHECK(condition)                                                                 \
  do {                                                                                   \
    if (condition) {                                                                     \
      ::balrog::test::passed++;                                                          \
    } else {                                                                             \
      ::balrog::test::failed++;                                                          \
      std::fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #condition); \
    }                                                                                    \
  } while (0)

#endif  // BALROG_TEST_CHECK_H_
