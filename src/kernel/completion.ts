/**
 * complete_request: names at the cursor, found without running anything that
 * could have side effects. After a `.`, the operand left of it (`Math`,
 * `[1, 2]`, `obj.list[0]`, `fetch("x")`) is evaluated side-effect free (see
 * side-effect-free.ts): if that cannot be done, there are no matches, never
 * a list of globals. Inside a string, template text, comment or regular
 * expression there are no matches either.
 */
import { scan, operandBefore } from './code-scanner.js';
import { codePointToIndex, indexToCodePoint } from './cursor.js';
import type { SideEffectFreeEvaluator } from './side-effect-free.js';
import { keywords } from '../repl/complete.js';

const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;

/** What a complete_reply needs, in string indices. */
export interface Completion {
  matches: string[];
  /** The replaced range: [start, end) of `code`. */
  start: number;
  end: number;
}

/** Completions for the cursor at string index `end` of `code`. */
export function completions(code: string, end: number, evaluator: SideEffectFreeEvaluator): Completion {
  const none = (start = end): Completion => ({ matches: [], start, end });
  const { tokens, inside } = scan(code.slice(0, end));
  if (inside !== 'code') return none();
  let last = tokens.at(-1);
  let partial = '';
  if (last && last.kind === 'name' && last.end === end) {
    partial = last.text;
    tokens.pop();
    last = tokens.at(-1);
  } else if (last && last.end === end && last.kind !== 'punct') {
    return none(); // right after a number, string or regex literal
  }
  const start = end - partial.length;
  if (partial.startsWith('#')) return none(start); // private names: only inside their class
  if (last && (last.text === '.' || last.text === '?.')) {
    const operand = operandBefore(tokens, tokens.length - 1);
    if (!operand) return none(start);
    const names = evaluator.propertyNames(code.slice(operand.start, operand.end));
    if (!names) return none(start);
    return { matches: matching(names, partial), start, end };
  }
  return { matches: matching([...globalNames(), ...keywords], partial), start, end };
}

/** complete_reply content; cursor positions count code points (protocol 5.2). */
export function completeReply(code: string, cursorPos: number, evaluator: SideEffectFreeEvaluator): Record<string, unknown> {
  const end = codePointToIndex(code, cursorPos);
  const completion = completions(code, end, evaluator);
  return {
    status: 'ok',
    matches: completion.matches,
    cursor_start: indexToCodePoint(code, completion.start),
    cursor_end: indexToCodePoint(code, completion.end),
    metadata: {},
  };
}

/** Names of the global object and its prototypes (the session's declarations live there); no getter runs. */
function globalNames(): string[] {
  const names: string[] = [];
  for (let o: object | null = globalThis; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    names.push(...Object.getOwnPropertyNames(o));
  }
  return names;
}

function matching(names: readonly string[], partial: string): string[] {
  const found = names.filter((n) => n.startsWith(partial) && IDENTIFIER.test(n) && !n.startsWith('$balrog'));
  return [...new Set(found)].sort();
}
