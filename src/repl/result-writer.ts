/**
 * How results are printed, as Node's standalone REPL prints them: util.inspect
 * with options the session can change through `util.inspect.replDefaults`
 * (`util.inspect.replDefaults.depth = 0`), which the eager-evaluation preview
 * follows too (node:repl reads the writer's `options`).
 */
import type { InspectOptions } from 'node:util';

// Not `import`: on the way to the first prompt (docs/repl.md, "Start-up").
const { inspect } = process.getBuiltinModule('node:util');

/** A result printer with its options, as node:repl's own `repl.writer` is. */
export interface ResultWriter {
  (value: unknown): string;
  readonly options: InspectOptions;
}

/**
 * The session's result printer; `util.inspect.replDefaults` reads and changes
 * its options from then on (Node defines it for its standalone REPL only, as
 * balrog does for its own).
 */
export function createResultWriter(colors: boolean): ResultWriter {
  const options: InspectOptions = { ...inspect.defaultOptions, showProxy: true, colors };
  const writer = Object.assign((value: unknown) => inspect(value, options), { options });
  Object.defineProperty(inspect, 'replDefaults', {
    get: () => options,
    set(changes: unknown) {
      if (changes === null || typeof changes !== 'object') throw invalidOptions(changes);
      Object.assign(options, changes);
    },
    enumerable: true,
    configurable: true,
  });
  return writer;
}

/** Node's own error for this setter (`TypeError [ERR_INVALID_ARG_TYPE]: ...`, its code a property), as Node's REPL throws it. */
function invalidOptions(received: unknown): TypeError {
  const error = Object.assign(new TypeError(`The "options" argument must be of type object. Received ${inspect(received)}`), {
    code: 'ERR_INVALID_ARG_TYPE',
  });
  error.stack = error.stack?.replace(/^TypeError/, 'TypeError [ERR_INVALID_ARG_TYPE]');
  return error;
}
