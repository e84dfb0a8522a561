/**
 * `_` (the last result) and `_error` (the last error), as in Node's REPL:
 * assigning to either turns its automatic update off.
 */

/** The session side of `_` and `_error`. */
export interface Underscore {
  setResult(value: unknown): void;
  setError(error: unknown): void;
}

/** Defines `_` and `_error` on `target` and returns the handle that updates them. */
export function installUnderscore(target: object): Underscore {
  const state = { last: undefined as unknown, lastError: undefined as unknown, lastSet: false, errorSet: false };
  Object.defineProperty(target, '_', {
    configurable: true,
    enumerable: false,
    get: () => state.last,
    set: (value: unknown) => {
      state.last = value;
      state.lastSet = true;
    },
  });
  Object.defineProperty(target, '_error', {
    configurable: true,
    enumerable: false,
    get: () => state.lastError,
    set: (value: unknown) => {
      state.lastError = value;
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
