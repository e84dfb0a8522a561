/**
 * Node's REPL rule for an input that starts with `{`: `{ a: 1 }` is an object
 * literal, not a block (lib/internal/repl/utils.js `isObjectLiteral` and
 * `isValidSyntax`, lib/repl.js `defaultEval`, Node 20). The REPL, the Jupyter
 * kernel and the debugger's console all read such input this one way.
 */
import { InputSyntaxError, parseInput } from './parse.js';

/**
 * The input as Node's REPL runs it: `(${input.trim()})` when it starts with
 * `{`, does not end with `;`, parses (as a program, or as `_=` + it), and
 * parses once wrapped; undefined when it runs as written (`{ a: 1 };` is a
 * block, as is `{ let x = 1 }`, which Node unwraps again when the wrapped form
 * does not compile).
 */
export function asObjectLiteral(input: string): string | undefined {
  if (!/^\s*\{/.test(input) || /;\s*$/.test(input)) return undefined;
  if (!parses(input) && !parses(`_=${input}`)) return undefined;
  const wrapped = `(${input.trim()})`;
  return parses(wrapped) ? wrapped : undefined;
}

function parses(source: string): boolean {
  try {
    parseInput(source);
    return true;
  } catch (error) {
    if (error instanceof InputSyntaxError) return false;
    throw error;
  }
}
