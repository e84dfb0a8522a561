/**
 * A small JavaScript/TypeScript tokenizer for the text before the cursor,
 * which is usually not a complete program (so no parser): it says whether
 * the cursor is inside a string, template text, comment or regular
 * expression (no completion there), and gives the tokens before it, from
 * which the expression left of a `.` is found.
 */

export type TokenKind = 'name' | 'number' | 'string' | 'template' | 'regex' | 'punct';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  text: string;
}

/** Where the end of the scanned text is. */
export type Inside = 'code' | 'string' | 'template' | 'comment' | 'regex';

export interface Scan {
  tokens: Token[];
  inside: Inside;
}

const ID_START = /[\p{ID_Start}$_#]/u;
const ID_CONTINUE = /[\p{ID_Continue}$\u200c\u200d]/u;
const NUMBER = /^(?:0[xXbBoO][\da-fA-F_]+n?|\d[\d_]*(?:\.[\d_]*)?(?:[eE][+-]?\d+)?n?|\.\d[\d_]*(?:[eE][+-]?\d+)?)/;
/** Keywords after which a `/` starts a regular expression, not a division. */
const BEFORE_EXPRESSION = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

/** Tokenizes `code` to its end. */
export function scan(code: string): Scan {
  const tokens: Token[] = [];
  // For each open `{`: whether it is a template's `${` (its `}` resumes the template text).
  const braces: boolean[] = [];
  const push = (kind: TokenKind, start: number, end: number): void => {
    tokens.push({ kind, start, end, text: code.slice(start, end) });
  };
  let i = 0;
  // Template text from `from` (just after a backtick or a `}` closing `${`); returns the next index, or -1 at the end.
  const templateText = (from: number, start: number): number => {
    for (let j = from; j < code.length; j++) {
      if (code[j] === '\\') j++;
      else if (code[j] === '`') {
        push('template', start, j + 1);
        return j + 1;
      } else if (code[j] === '$' && code[j + 1] === '{') {
        braces.push(true);
        return j + 2;
      }
    }
    return -1;
  };
  while (i < code.length) {
    const c = code[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      if (end < 0) return { tokens, inside: 'comment' };
      i = end + 1;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      if (end < 0) return { tokens, inside: 'comment' };
      i = end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < code.length && code[j] !== c && code[j] !== '\n') j += code[j] === '\\' ? 2 : 1;
      if (j >= code.length) return { tokens, inside: 'string' };
      // An unterminated string ends at the line break (a syntax error the evaluator reports).
      push('string', i, code[j] === c ? j + 1 : j);
      i = code[j] === c ? j + 1 : j;
    } else if (c === '`') {
      i = templateText(i + 1, i);
      if (i < 0) return { tokens, inside: 'template' };
    } else if (c === '/' && regexAllowed(tokens.at(-1))) {
      let j = i + 1;
      let inClass = false;
      for (; j < code.length && code[j] !== '\n'; j++) {
        if (code[j] === '\\') j++;
        else if (code[j] === '[') inClass = true;
        else if (code[j] === ']') inClass = false;
        else if (code[j] === '/' && !inClass) break;
      }
      if (j >= code.length) return { tokens, inside: 'regex' };
      j++;
      while (j < code.length && ID_CONTINUE.test(code[j]!)) j++;
      push('regex', i, j);
      i = j;
    } else if (ID_START.test(c) || (c === '\\' && code[i + 1] === 'u')) {
      let j = i + 1;
      while (j < code.length && ID_CONTINUE.test(code[j]!)) j++;
      push('name', i, j);
      i = j;
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(code[i + 1] ?? ''))) {
      const length = NUMBER.exec(code.slice(i))?.[0].length ?? 1;
      push('number', i, i + length);
      i += length;
    } else if (c === '?' && code[i + 1] === '.' && !/\d/.test(code[i + 2] ?? '')) {
      push('punct', i, i + 2);
      i += 2;
    } else if (c === '.' && code.startsWith('...', i)) {
      push('punct', i, i + 3);
      i += 3;
    } else if (c === '{') {
      braces.push(false);
      push('punct', i, i + 1);
      i++;
    } else if (c === '}' && braces.at(-1) === true) {
      braces.pop();
      i = templateText(i + 1, i);
      if (i < 0) return { tokens, inside: 'template' };
    } else {
      if (c === '}') braces.pop();
      push('punct', i, i + 1);
      i++;
    }
  }
  return { tokens, inside: 'code' };
}

function regexAllowed(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'name') return BEFORE_EXPRESSION.has(previous.text);
  if (previous.kind === 'punct') return ![')', ']', '}'].includes(previous.text);
  return false;
}

/** Words that cannot be (part of) the operand left of a `.`. */
const STOP_WORDS = new Set([
  ...BEFORE_EXPRESSION,
  'break',
  'const',
  'continue',
  'debugger',
  'default',
  'export',
  'extends',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'let',
  'switch',
  'try',
  'var',
  'while',
  'with',
  'class',
  'catch',
  'async',
]);
const OPENERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * The expression that ends just before token `end` (exclusive), as the range
 * [start, end) of the source: a chain of names, dots, calls and index
 * accesses (`a.b(c)[0]`), or a literal (`[1, 2]`, `"text"`, `(x + 1)`).
 * Undefined when there is none (`= .`, `1 + .`).
 */
export function operandBefore(tokens: readonly Token[], end: number): { start: number; end: number } | undefined {
  let k = end - 1;
  let start: number | undefined;
  const stop = tokens[k]?.end;
  while (k >= 0) {
    const token = tokens[k]!;
    if (token.kind === 'name') {
      if (STOP_WORDS.has(token.text)) break;
      start = token.start;
      k--;
      const dot = tokens[k];
      if (dot && (dot.text === '.' || dot.text === '?.')) {
        k--;
        continue;
      }
      break;
    }
    if (token.kind !== 'punct') {
      start = token.start; // a literal: nothing can come before it in the chain
      break;
    }
    const opener = OPENERS[token.text];
    if (!opener || opener === '{') break;
    const match = matchingOpener(tokens, k, opener, token.text);
    if (match < 0) break;
    start = tokens[match]!.start;
    k = match - 1;
    const before = tokens[k];
    // A call or an index access continues the chain; otherwise this was a literal or parentheses.
    const chained = before && ((before.kind === 'name' && !STOP_WORDS.has(before.text)) || before.text === ')' || before.text === ']');
    if (!chained) break;
  }
  return start === undefined || stop === undefined ? undefined : { start, end: stop };
}

function matchingOpener(tokens: readonly Token[], close: number, opener: string, closer: string): number {
  let depth = 0;
  for (let k = close; k >= 0; k--) {
    const text = tokens[k]!.kind === 'punct' ? tokens[k]!.text : '';
    if (text === closer) depth++;
    else if (text === opener && --depth === 0) return k;
  }
  return -1;
}
