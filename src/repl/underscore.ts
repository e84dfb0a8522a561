/**
 * `_` (the last result) and `_error` (the last error), as in Node's REPL:
 * assigning to either turns its automatic update off.
 */

/** The session side of `_` and `_error`. */
export interface Underscore {
  setResult(value: unknown): void;
  setError(error: unknown): void;
}

/**
 * Defines `_` and `_error` on `target` and returns the handle that updates
 * them. `notice` gets Node's messages for the first assignment to either
 * (`Expression assignment to _ now disabled.`), for the REPL to print.
 */
export function installUnderscore(target: object, notice: (message: string) => void = () => {}): Underscore {
  const state = { last: undefined as unknown, lastError: undefined as unknown, lastSet: false, errorSet: false };
  Object.defineProperty(target, '_', {
    configurable: true,
    enumerable: false,
    get: () => state.last,
    set: (value: unknown) => {
      state.last = value;
      if (!state.lastSet) notice('Expression assignment to _ now disabled.');
      state.lastSet = true;
    },
  });
  Object.defineProperty(target, '_error', {
    configurable: true,
    enumerable: false,
    get: () => state.lastError,
    set: (value: unknown) => {
      state.lastError = value;
      if (!state.errorSet) notice('Expression assignment to _error now disabled.');
      state.errorSet = true;
    },
  });
  return {
    setResult(value) {
      if (!state.lastSet) state.last = value;
    },
    setError(error) {
      if (!state.errorSet) state.lastError = error;
    },
  };
}
