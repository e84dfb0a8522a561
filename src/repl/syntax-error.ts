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
      if (error instanceof SyntaxError) return bareSyntaxError(error.message);
    }
  }
  return bareSyntaxError(babelError.message);
}

/** A SyntaxError without frames: the frames would be balrog's, not the user's. */
export function bareSyntaxError(message: string): SyntaxError {
  const error = new SyntaxError(message);
  error.stack = `SyntaxError: ${message}`;
  return error;
}
