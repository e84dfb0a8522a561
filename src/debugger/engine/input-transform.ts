/**
 * The REPL's input transform (TypeScript, `await` anywhere), used so that an
 * expression typed at a breakpoint means what it means in the REPL: each
 * `await X` becomes a call of the target's debugger wait helper. Declarations
 * stay plain (no bindings object): they live in the evaluation's own scope.
 */
import { asObjectLiteral } from '../../repl/object-literal.js';
import { transformInput } from '../../repl/transform.js';
import { waitExpression } from '../target/helper.js';

/**
 * Turns user input into script code for `evaluateOnCallFrame` /
 * `Runtime.evaluate`; throws SyntaxError. As in Node's REPL, input that looks
 * like an object literal (`{ a: 1 }`) is read as one, not as a block.
 */
export function transformForTarget(source: string): string {
  return transformInput(asObjectLiteral(source) ?? source, { waitExpression }).code;
}
