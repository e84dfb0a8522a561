/**
 * The REPL's input transform (TypeScript, `await` anywhere), used so that an
 * expression typed at a breakpoint means what it means in the REPL: each
 * `await X` becomes a call of the target's debugger wait helper. Declarations
 * stay plain (no bindings object): they live in the evaluation's own scope.
 */
import { asObjectLiteral } from '../../repl/object-literal.js';
import { transformInput } from '../../repl/transform.js';
import { waitExpression } from '../target/helper.js';
import type { Evaluation } from './evaluator.js';

/**
 * Turns user input into script code for `evaluateOnCallFrame` /
 * `Runtime.evaluate`; throws SyntaxError. As in Node's REPL, input that looks
 * like an object literal (`{ a: 1 }`) is read as one, not as a block.
 */
export function transformForTarget(source: string): string {
  return transformInput(asObjectLiteral(source) ?? source, { waitExpression }).code;
}

/** Inputs like the ones typed at a breakpoint, for {@link warmUpTransform}. */
const WARM_UP_INPUTS = [
  'await new Promise((resolve) => setTimeout(resolve, 100, 1))',
  'order.items.map((item) => item.price * 2)',
  '(total as number) + 1',
  'const row = await db.get(1); row',
  '{ id: 7, note }',
];

/**
 * Runs the transform over typical inputs, so that its parser is compiled and
 * optimized before the first real input: cold, the first input takes ~130 ms,
 * the next ten ~1.1 ms each, then ~0.25 ms, and 0.04 ms after some 200 (measured
 * on Node 20). For idle moments: a front end calls it a few rounds at a time.
 */
export function warmUpTransform(rounds = 200): void {
  for (let i = 0; i < rounds; i++) {
    try {
      transformForTarget(WARM_UP_INPUTS[i % WARM_UP_INPUTS.length]!);
    } catch {
      // A syntax error is a result too; warming up is all this is for.
    }
  }
}

/**
 * `transformForTarget`, with a syntax error turned into the failed evaluation
 * the prompt shows (its first line, as `node inspect` prints it).
 */
export function codeForTarget(input: string): { code: string } | { failed: Evaluation } {
  try {
    return { code: transformForTarget(input) };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { failed: { ok: false, text: `Uncaught SyntaxError: ${error.message.split('\n')[0]}`, undefined: false } };
  }
}
