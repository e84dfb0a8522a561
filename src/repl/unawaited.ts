/**
 * The wrapper for a thenable result that autoAwait left alone, in a module of
 * its own so that the terminal can recognise it without loading the evaluator
 * (and the fiber addon) before its first prompt.
 */
import type { InspectOptions } from 'node:util';

// Not `import`: on the way to the first prompt (docs/repl.md, "Start-up").
const { inspect } = process.getBuiltinModule('node:util');

/**
 * The completion value of an input that is a thenable left alone (autoAwait
 * off): `evaluate()` resolves with this wrapper, because resolving with the
 * thenable itself would await it. It inspects as the thenable does
 * (`Promise { 1 }`).
 */
export class Unawaited {
  constructor(readonly value: PromiseLike<unknown>) {}

  [inspect.custom](_depth: number, options: InspectOptions): string {
    return inspect(this.value, options);
  }
}
