// The `code` of every error the addon throws, in one place. src/core/error-codes.ts
// lists them with the TypeScript layer's own codes and what each means (a test
// checks that every code here is there); docs/core.md has the table.
#ifndef BALROG_ERROR_CODES_H_
#define BALROG_ERROR_CODES_H_

namespace balrog::codes {

// An argument of the wrong type or value (Node's own codes, as its APIs use them).
constexpr const char* kInvalidArgType = "ERR_INVALID_ARG_TYPE";
constexpr const char* kInvalidArgValue = "ERR_INVALID_ARG_VALUE";
// resume() of a finished fiber, or of one that is running.
constexpr const char* kFiberState = "ERR_BALROG_FIBER_STATE";
// The OS refused a thread for a new fiber.
constexpr const char* kThreadLimit = "ERR_BALROG_THREAD_LIMIT";
// yield() outside a fiber.
constexpr const char* kNotInFiber = "ERR_BALROG_NOT_IN_FIBER";

}  // namespace balrog::codes

#endif  // BALROG_ERROR_CODES_H_
