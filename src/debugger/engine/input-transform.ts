/**
 * The REPL's input transform (TypeScript, `await` anywhere), used so that an
 * expression typed at a breakpoint means what it means in the REPL: each
 * `await X` becomes a call of the target's debugger wait helper.
 */
import { BalrogError } from '../../core/errors.js';
import { waitExpression } from '../target/helper.js';

type TransformModule = {
  transformInput: (source: string, options: { waitExpression: string }) => string | { code: string };
};

let loaded: Promise<TransformModule | undefined> | undefined;

/** Turns user input into script code for `evaluateOnCallFrame` / `Runtime.evaluate`. */
export async function transformForTarget(source: string): Promise<string> {
  loaded ??= import(/* the REPL's module */ '../../repl/' + 'transform.js').then(
    (module) => module as TransformModule,
    () => undefined,
  );
  const module = await loaded;
  if (!module) {
    if (/\bawait\b/.test(source)) {
      throw new BalrogError('await needs the REPL input transform (src/repl/transform.ts), which is not built in this checkout');
    }
    return source;
  }
  const output = module.transformInput(source, { waitExpression });
  return typeof output === 'string' ? output : output.code;
}
