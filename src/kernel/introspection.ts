/**
 * inspect_request and is_complete_request, answered from the evaluator (its
 * parser) and from the session's values, read without side effects.
 * complete_request is in completion.ts.
 */
import { inspect } from 'node:util';
import type { CellEvaluator } from './cell-evaluator.js';
import { codePointToIndex, indexToCodePoint } from './cursor.js';
import { nextLineIndent } from './indent.js';
import type { SideEffectFreeEvaluator } from './side-effect-free.js';

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
 * inspect_reply content for the dotted name at the cursor. The name is first
 * evaluated side-effect free (see side-effect-free.ts): a getter that would
 * do anything is never run, and the reply says so. Functions show their
 * signature as written in the cell, TypeScript types included (`sources`:
 * the cells run so far).
 */
export function inspectAt(
  code: string,
  cursorPos: number,
  detailLevel: number,
  evaluator: SideEffectFreeEvaluator,
  sources: readonly string[],
): Record<string, unknown> {
  const notFound = { status: 'ok', found: false, data: {}, metadata: {} };
  const path = expressionAt(code, cursorPos);
  if (!path) return notFound;
  const checked = evaluator.evaluate(path);
  evaluator.release();
  const found = (text: string): Record<string, unknown> => ({ status: 'ok', found: true, data: { 'text/plain': text }, metadata: {} });
  if (!checked.ok) {
    return checked.reason === 'side-effect'
      ? found(`${path}: not evaluated: reading it would run code that may have side effects (a getter, or a Proxy trap)`)
      : notFound;
  }
  // Known to be side-effect free: read it here, where util.inspect can show the value itself.
  let value: unknown = globalThis;
  try {
    for (const key of path.split('.')) {
      if (value === null || value === undefined || !(key in Object(value))) return notFound;
      value = (value as Record<string, unknown>)[key];
    }
  } catch {
    return notFound;
  }
  return found(describe(path, value, detailLevel, sources));
}

function describe(path: string, value: unknown, detailLevel: number, sources: readonly string[]): string {
  const type = value === null ? 'null' : typeof value;
  const lines = [`${path}: ${type}`];
  if (typeof value === 'function') {
    const source = Function.prototype.toString.call(value);
    const written = sourceAsWritten(source, sources) ?? source;
    // `written` may start with type parameters the engine's source lacks: the rest lines up.
    lines.push(detailLevel > 0 ? written : written.slice(0, written.length - source.length + signatureEnd(source)).trim());
  } else {
    const constructorName = (value as { constructor?: { name?: string } } | null)?.constructor?.name;
    if (typeof value === 'object' && constructorName) lines[0] += ` (${constructorName})`;
    // customInspect off: a [util.inspect.custom] method is user code.
    lines.push(
      inspect(value, {
        depth: detailLevel > 0 ? 4 : 1,
        colors: false,
        customInspect: false,
        getters: false,
        maxArrayLength: detailLevel > 0 ? 100 : 10,
      }),
    );
  }
  return lines.join('\n');
}

/**
 * Where the head of a function's source ends: `function f(a, b)`, `(x) =>`,
 * `class C extends D`. Measured on the source the engine has, in which
 * TypeScript types are blanked, so that a `{` inside a type does not count.
 */
function signatureEnd(source: string): number {
  if (source.includes('[native code]')) return source.replace(/\s*\{\s*\[native code\]\s*\}\s*$/, '').length;
  const brace = source.indexOf('{');
  const arrow = source.indexOf('=>');
  const cut = arrow >= 0 && (brace < 0 || arrow < brace) ? arrow + 2 : brace;
  return cut >= 0 ? cut : source.length;
}

/**
 * A function's source as the user wrote it. The evaluator strips TypeScript
 * by blanking types with spaces (positions are kept), so the function's
 * engine source has the same length as the written text, with the same
 * characters wherever it is not blank: look for that text among the cells,
 * newest first. Undefined when not found (code the transform rewrote).
 */
export function sourceAsWritten(source: string, sources: readonly string[]): string | undefined {
  const head = /^\S+/.exec(source)?.[0];
  if (!head) return undefined;
  for (let n = sources.length - 1; n >= 0; n--) {
    const cell = sources[n]!;
    for (let at = cell.indexOf(head); at >= 0 && at + source.length <= cell.length; at = cell.indexOf(head, at + 1)) {
      if (blankCompatible(source, cell, at)) return typeParametersBefore(cell, at) + cell.slice(at, at + source.length);
    }
  }
  return undefined;
}

/** A generic arrow function's `<T>` sits before the source the engine keeps, which starts at `(`. */
function typeParametersBefore(cell: string, at: number): string {
  if (cell[at] !== '(' || cell[at - 1] !== '>') return '';
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    if (cell[i] === '>') depth++;
    else if (cell[i] === '<' && --depth === 0) return cell.slice(i, at);
  }
  return '';
}

function blankCompatible(source: string, cell: string, at: number): boolean {
  for (let i = 0; i < source.length; i++) {
    const s = source[i];
    const c = cell[at + i];
    if (s !== c && !(s === ' ' && c !== '\n')) return false;
  }
  return true;
}
