/**
 * complete_request, inspect_request and is_complete_request, answered from
 * the evaluator (its completer, its parser, and the values in its scope).
 */
import { inspect } from 'node:util';
import type { CellEvaluator } from './cell-evaluator.js';
import { codePointToIndex, indexToCodePoint } from './cursor.js';
import { nextLineIndent } from './indent.js';

/** complete_reply content for `code` with the cursor at code point `cursorPos`. */
export function complete(evaluator: CellEvaluator, code: string, cursorPos: number): Record<string, unknown> {
  const end = codePointToIndex(code, cursorPos);
  const [matches, replaced] = evaluator.complete(code.slice(0, end));
  const start = end - replaced.length;
  return {
    status: 'ok',
    matches: [...new Set(matches.filter((m) => m !== ''))],
    cursor_start: indexToCodePoint(code, start),
    cursor_end: indexToCodePoint(code, end),
    metadata: {},
  };
}

/** is_complete_reply content: complete, incomplete (with an indent), or invalid. */
export function isComplete(evaluator: CellEvaluator, code: string): Record<string, unknown> {
  const status = evaluator.isComplete(code);
  return status === 'incomplete' ? { status, indent: nextLineIndent(code) } : { status };
}

const PATH = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*(?:\.[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*)*$/u;
const PATH_CHAR = /[\p{ID_Continue}$.\u200c\u200d]/u;

/** The dotted name around the cursor (`Math.ma|x` gives `Math.max`), or undefined. */
export function expressionAt(code: string, cursorPos: number): string | undefined {
  const at = codePointToIndex(code, cursorPos);
  let start = at;
  let end = at;
  while (start > 0 && PATH_CHAR.test(code[start - 1]!)) start--;
  while (end < code.length && PATH_CHAR.test(code[end]!)) end++;
  const path = code.slice(start, end).replace(/^\.+|\.+$/g, '');
  if (PATH.test(path)) return path;
  // With the cursor just after `foo(`, inspect `foo`, as IPython does.
  return code[at - 1] === '(' ? expressionAt(code, indexToCodePoint(code, at - 1)) : undefined;
}

/**
 * inspect_reply content. The session's top-level bindings live on
 * globalThis, so a dotted name is looked up property by property: no user
 * code runs beyond getters, and `_` keeps the last cell's result.
 */
export function inspectAt(code: string, cursorPos: number, detailLevel: number): Record<string, unknown> {
  const notFound = { status: 'ok', found: false, data: {}, metadata: {} };
  const path = expressionAt(code, cursorPos);
  if (!path) return notFound;
  let value: unknown = globalThis;
  try {
    for (const key of path.split('.')) {
      if (value === null || value === undefined || !(key in Object(value))) return notFound;
      value = (value as Record<string, unknown>)[key];
    }
  } catch {
    return notFound;
  }
  return { status: 'ok', found: true, data: { 'text/plain': describe(path, value, detailLevel) }, metadata: {} };
}

function describe(path: string, value: unknown, detailLevel: number): string {
  const type = value === null ? 'null' : typeof value;
  const lines = [`${path}: ${type}`];
  if (typeof value === 'function') {
    const source = Function.prototype.toString.call(value);
    lines.push(detailLevel > 0 ? source : signatureOf(source));
  } else {
    const constructorName = (value as { constructor?: { name?: string } } | null)?.constructor?.name;
    if (typeof value === 'object' && constructorName) lines[0] += ` (${constructorName})`;
    lines.push(inspect(value, { depth: detailLevel > 0 ? 4 : 1, colors: false, maxArrayLength: detailLevel > 0 ? 100 : 10 }));
  }
  return lines.join('\n');
}

/** The head of a function's source: `function f(a, b)`, `(x) =>`, `class C extends D`. */
function signatureOf(source: string): string {
  if (source.includes('[native code]')) return source.replace(/\s*\{\s*\[native code\]\s*\}\s*$/, '');
  const brace = source.indexOf('{');
  const arrow = source.indexOf('=>');
  const cut = arrow >= 0 && (brace < 0 || arrow < brace) ? arrow + 2 : brace;
  return (cut >= 0 ? source.slice(0, cut) : source).trim();
}
