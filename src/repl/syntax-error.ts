/**
 * V8's own SyntaxError for an input that does not parse, so that messages read
 * like Node's (`Unexpected token '.'`) rather than like babel's.
 */
import vm from 'node:vm';
import type { InputSyntaxError } from './parse.js';

/**
 * Compiles `source` without running it, first as the body of an async function
 * (where `await` is a keyword, as balrog treats it) and then as a script, and
 * returns the first SyntaxError V8 reports; babel's error if V8 accepts both.
 */
export function compileError(source: string, name: string, babelError: InputSyntaxError): SyntaxError {
  // Input that ends too early would close the async wrapper wrongly: V8 says this for a script.
  if (!babelError.recovered && babelError.pos >= source.trimEnd().length) {
    return bareSyntaxError('Unexpected end of input');
  }
  for (const code of [`(async () => {\n${source}\n})`, source]) {
    try {
      new vm.Script(code, { filename: name });
    } catch (error) {
      if (error instanceof SyntaxError) return withArrow(bareSyntaxError(error.message), arrowOf(error, source));
    }
  }
  return bareSyntaxError(babelError.message);
}

/**
 * For a SyntaxError that V8 raised compiling the input itself (the code ran
 * no further): the same error with the input's line and a caret under the
 * offending token, as Node's REPL prints it. `error` is returned as it is when
 * compiling `source` does not raise that same error.
 */
export function decorateCompileError(error: SyntaxError, source: string, name: string): SyntaxError {
  for (const code of [`(async () => {\n${source}\n})`, source]) {
    try {
      new vm.Script(code, { filename: name });
    } catch (compiled) {
      if (compiled instanceof SyntaxError && compiled.message === error.message) {
        return withArrow(error, arrowOf(compiled, source));
      }
      if (compiled instanceof SyntaxError) continue;
    }
  }
  return error;
}

/**
 * The `line\n   ^^^` that V8 put at the head of the stack of a SyntaxError from
 * vm.Script (`REPL1:1\n/(/;\n^^^\n\nSyntaxError: ...`), if the line is one of the input's.
 */
function arrowOf(error: SyntaxError, source: string): string | undefined {
  const lines = (error.stack ?? '').split('\n');
  if (!/^\S+:\d+$/.test(lines[0] ?? '') || lines[3] !== '' || !/^\s*\^+\s*$/.test(lines[2] ?? '')) return undefined;
  if (!source.split(/\r?\n/).includes(lines[1]!)) return undefined;
  return `${lines[1]}\n${lines[2]}`;
}

/** Node's REPL shows the arrow above the error (its stack starts with it); frames never show for a SyntaxError. */
function withArrow(error: SyntaxError, arrow: string | undefined): SyntaxError {
  if (arrow === undefined) return error;
  try {
    error.stack = `${arrow}\n\n${error.name}: ${error.message}`;
  } catch {
    // A frozen error keeps its stack.
  }
  return error;
}

/** A SyntaxError without frames: the frames would be balrog's, not the user's. */
export function bareSyntaxError(message: string): SyntaxError {
  const error = new SyntaxError(message);
  error.stack = `SyntaxError: ${message}`;
  return error;
}
