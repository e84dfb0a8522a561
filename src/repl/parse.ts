/**
 * Parsing of REPL inputs with @babel/parser, loaded on first use so that the
 * REPL's first prompt does not pay for it.
 */
import { createRequire } from 'node:module';
import vm from 'node:vm';
import type { ParseError, ParseResult, ParserOptions } from '@babel/parser';
import type { File } from '@babel/types';
import { asObjectLiteral } from './object-literal.js';

type BabelParser = typeof import('@babel/parser');

let parser: BabelParser | undefined;

/** Loads @babel/parser (synchronously: completion and isComplete are synchronous APIs). */
export function loadParser(): BabelParser {
  parser ??= createRequire(import.meta.url)('@babel/parser') as BabelParser;
  return parser;
}

const options: ParserOptions = {
  sourceType: 'script',
  // Recovery turns `await` inside a non-async function into an AwaitExpression
  // plus a recorded error, instead of failing: that is how we find those awaits.
  errorRecovery: true,
  allowAwaitOutsideFunction: true,
  allowImportExportEverywhere: true,
  allowNewTargetOutsideFunction: true,
  plugins: ['typescript'],
};

/** Recorded errors that are not errors for balrog: it turns those awaits into fiber waits. */
const acceptedErrors = new Set(['AwaitNotInAsyncContext', 'AwaitNotInAsyncFunction']);

/** A parsed input. */
export interface ParsedInput {
  ast: ParseResult<File>;
  /** Start offsets of `await` in `for await` loops of non-async functions (babel rejects those; we blanked them). */
  forAwaitAt: Set<number>;
}

/** An input that is not valid TypeScript-or-JavaScript; `pos` is the offset babel stopped at. */
export class InputSyntaxError extends SyntaxError {
  readonly pos: number;
  readonly reasonCode: string;
  /** Whether babel recovered and went on (so the input cannot be completed by more lines). */
  readonly recovered: boolean;

  constructor(error: ParseError & { pos?: number; reasonCode?: string }, recovered = false) {
    super(error.message.replace(/ \(\d+:\d+\)$/, ''));
    this.name = 'SyntaxError';
    this.pos = error.pos ?? 0;
    this.reasonCode = error.reasonCode ?? 'Unknown';
    this.recovered = recovered;
  }
}

/**
 * Parses `source` as a script where `await` may appear anywhere.
 * Throws {@link InputSyntaxError} when it is not valid.
 */
export function parseInput(source: string): ParsedInput {
  // Each input is parsed twice in a row, to tell whether it is complete and to transform
  // it: the second parse of the same text is the first one's result (babel's AST is only
  // read, never changed, by balrog).
  if (last?.source === source) {
    if ('error' in last) throw last.error;
    return last.parsed;
  }
  try {
    const parsed = parseUncached(source);
    last = { source, parsed };
    return parsed;
  } catch (error) {
    if (error instanceof InputSyntaxError) last = { source, error };
    throw error;
  }
}

let last: { source: string; parsed: ParsedInput } | { source: string; error: InputSyntaxError } | undefined;

function parseUncached(source: string): ParsedInput {
  const { parse } = loadParser();
  const forAwaitAt = new Set<number>();
  let text = source;
  for (;;) {
    let ast: ParseResult<File>;
    try {
      ast = parse(text, options);
    } catch (error) {
      const at = forAwaitInSyncFunction(text, error);
      if (at === undefined || forAwaitAt.has(at)) throw new InputSyntaxError(error as ParseError);
      // Babel cannot parse `for await` in a non-async function even with recovery:
      // hide the keyword (same length, positions unchanged) and remember where it was.
      forAwaitAt.add(at);
      text = `${text.slice(0, at)}     ${text.slice(at + 5)}`;
      continue;
    }
    const fatal = ast.errors?.find((e) => !acceptedErrors.has((e as { reasonCode?: string }).reasonCode ?? ''));
    if (fatal) throw new InputSyntaxError(fatal, true);
    return { ast, forAwaitAt };
  }
}

function forAwaitInSyncFunction(text: string, error: unknown): number | undefined {
  const pos = (error as { pos?: unknown }).pos;
  if (typeof pos !== 'number') return undefined;
  const before = text.slice(0, pos);
  const match = /\bfor\s*(await)\s*$/.exec(before) ?? (text.startsWith('await', pos) && /\bfor\s*$/.test(before) ? [] : null);
  if (!match) return undefined;
  return match[1] !== undefined ? pos - (before.length - before.lastIndexOf('await')) : pos;
}

/** Whether `source` is a complete input, one that needs more lines, or one that can never parse. */
export function classifyInput(source: string): 'complete' | 'incomplete' | 'invalid' {
  if (source.trim() === '') return 'complete';
  const verdict = classifyParsed(source);
  if (verdict === 'invalid' && /^\s*\{/.test(source)) {
    // As Node's REPL: `{ "a": 1 }` is an object literal, and `{ "a":` may be the start of one.
    if (asObjectLiteral(source) !== undefined) return 'complete';
    if (classifyParsed(`(${source}`) === 'incomplete') return 'incomplete';
  }
  if (verdict === 'invalid' && openBrackets(source) > 0) {
    // Babel can stop before the end of an unfinished TypeScript input (`async (\n a: number,\n):
    // Promise<{` is an arrow only once `=>` comes): an open bracket means more lines are coming.
    return 'incomplete';
  }
  if (verdict === 'incomplete' && /(?<![.\w$])await\s*$/.test(source) && compilesAsScript(source)) {
    // `typeof await` is complete for V8 (`await` as a name), as in Node's REPL.
    return 'complete';
  }
  return verdict;
}

function classifyParsed(source: string): 'complete' | 'incomplete' | 'invalid' {
  try {
    parseInput(source);
    return 'complete';
  } catch (error) {
    if (!(error instanceof InputSyntaxError)) throw error;
    if (error.recovered) return 'invalid';
    if (error.reasonCode === 'UnterminatedTemplate' || error.reasonCode === 'UnterminatedComment') {
      return 'incomplete';
    }
    if (error.reasonCode === 'UnterminatedString' && /\\\r?\n$/.test(source)) {
      // A backslash at the end of a line continues the string on the next one.
      return 'incomplete';
    }
    return error.pos >= source.trimEnd().length ? 'incomplete' : 'invalid';
  }
}

/** How many `(`, `[` and `{` are still open at the end of `source` (strings, templates and comments skipped). */
export function openBrackets(source: string): number {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      if (end === -1) break;
      i = end;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) return depth + 1; // an open comment continues too
      i = end + 1;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      if (j >= source.length) return depth + 1;
      i = j;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
    }
  }
  return depth;
}

/** Whether V8 compiles `source` as a classic script (nothing is run). */
export function compilesAsScript(source: string): boolean {
  try {
    new vm.Script(source);
    return true;
  } catch {
    return false;
  }
}
