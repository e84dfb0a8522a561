/**
 * The error-code registry (src/core/error-codes.ts) is the one list of codes:
 * the sources use no code missing from it, it holds no code nobody raises,
 * and docs/core.md's table lists exactly it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorCodes } from '../../src/core/error-codes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const registry = Object.keys(errorCodes);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Codes the sources (src/, the addon's loader) give errors (`code: 'ERR_...'`, `.code = '...'`) or name as
 * balrog's (`'ERR_BALROG...'`), by file.
 */
function codesInSources(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of [...sourceFiles(join(root, 'src')), join(root, 'native/index.js')]) {
    if (file.endsWith(join('core', 'error-codes.ts'))) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/code(?::| =) '(ERR_\w+)'|'(ERR_BALROG\w*)'/g)) {
      const code = match[1] ?? match[2]!;
      found.set(code, [...(found.get(code) ?? []), relative(root, file)]);
    }
  }
  return found;
}

function codesInNativeHeader(): string[] {
  const header = readFileSync(join(root, 'native/src/error_codes.h'), 'utf8');
  return [...header.matchAll(/constexpr const char\* k\w+ = "(ERR_\w+)";/g)].map((match) => match[1]!);
}

test('every code the sources use is in the registry', () => {
  const sources = codesInSources();
  assert.ok(sources.size >= 10, `found only ${sources.size} codes in src/: is the pattern still right?`);
  const missing = [...sources].filter(([code]) => !registry.includes(code)).map(([code, files]) => `${code} (${files.join(', ')})`);
  assert.deepEqual(missing, [], 'add these codes to src/core/error-codes.ts');
});

test("every code of the addon's header is in the registry", () => {
  const native = codesInNativeHeader();
  assert.ok(native.length >= 5, `found only ${native.length} codes in native/src/error_codes.h`);
  assert.deepEqual(
    native.filter((code) => !registry.includes(code)),
    [],
    'add these codes to src/core/error-codes.ts',
  );
});

test('every registered code is raised somewhere', () => {
  const used = new Set([...codesInSources().keys(), ...codesInNativeHeader()]);
  assert.deepEqual(
    registry.filter((code) => !used.has(code)),
    [],
    'remove these codes from src/core/error-codes.ts, or raise them',
  );
});

test('every registered code has a one-line meaning', () => {
  for (const [code, meaning] of Object.entries(errorCodes)) {
    assert.match(code, /^ERR_[A-Z_]+$/);
    assert.ok(meaning.length > 20 && !meaning.includes('\n'), `${code}: ${JSON.stringify(meaning)}`);
  }
});

test("docs/core.md's Error codes table lists exactly the registry, in its order", () => {
  const docs = readFileSync(join(root, 'docs/core.md'), 'utf8');
  const section = /\n## Error codes\n([\s\S]*?)(?=\n## |$)/.exec(docs);
  assert.ok(section, 'docs/core.md has no "## Error codes" section');
  const rows = [...section[1]!.matchAll(/^\| `(ERR_\w+)` \| (.*) \|$/gm)].map((match) => [match[1]!, match[2]!.replaceAll('\\|', '|')]);
  assert.deepEqual(rows, Object.entries(errorCodes));
});
