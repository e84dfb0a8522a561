/**
 * Every error the debugger raises on purpose carries a specific code from
 * the registry (src/core/error-codes.ts), never the generic ERR_BALROG: a
 * script driving `balrog attach` branches on the code, not on the wording.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { errorCodes } from '../../src/core/error-codes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const debuggerSources = join(root, 'src/debugger');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The argument text of each `BalrogError(...)` in `text`, parentheses balanced. */
function constructions(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf('BalrogError('); start >= 0; start = text.indexOf('BalrogError(', start + 1)) {
    let depth = 0;
    let end = start + 'BalrogError'.length;
    do {
      if (text[end] === '(') depth++;
      else if (text[end] === ')') depth--;
      end++;
    } while (depth > 0 && end < text.length);
    found.push(text.slice(start, end));
  }
  return found;
}

test('every BalrogError raised in src/debugger has a specific, registered code', () => {
  const missing: string[] = [];
  let count = 0;
  for (const file of sourceFiles(debuggerSources)) {
    for (const construction of constructions(readFileSync(file, 'utf8'))) {
      count++;
      const code = /code: '(ERR_\w+)'/.exec(construction)?.[1];
      if (code === undefined || !Object.hasOwn(errorCodes, code)) {
        missing.push(`${relative(root, file)}: ${construction.split('\n')[0]}`);
      }
    }
  }
  assert.ok(count >= 40, `found only ${count} BalrogError constructions: is the scan still right?`);
  assert.deepEqual(missing, [], 'give these errors a specific code from src/core/error-codes.ts');
});
