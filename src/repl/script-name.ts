/**
 * The names inputs can be evaluated under (`evaluate(source, { filename })`):
 * a name goes into `//# sourceURL=` and comes back in stack frames, where the
 * REPL finds it again to map positions into the input.
 */
import { BalrogError } from '../core/errors.js';

/** A script name balrog cannot carry: empty, more than one line, or with parentheses. */
export class InvalidScriptNameError extends BalrogError {
  constructor(filename: unknown) {
    super(
      `cannot evaluate under the file name ${JSON.stringify(filename)}: give a non-empty string on one line without parentheses, ` +
        'such as "cell-1a2b3c.ts" or "/tmp/notebook/cell-1a2b3c.ts"',
      { code: 'ERR_BALROG_REPL_SCRIPT_NAME' },
    );
  }
}

/**
 * Throws {@link InvalidScriptNameError} unless `filename` can be a script's
 * name: a line break would end the `sourceURL` comment early, and a stack
 * frame shows its location in parentheses (`at f (cell.ts:2:3)`).
 */
export function checkScriptName(filename: unknown): asserts filename is string {
  if (typeof filename !== 'string' || filename === '' || /[\r\n\u2028\u2029()]/.test(filename)) {
    throw new InvalidScriptNameError(filename);
  }
}
