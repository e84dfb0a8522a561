/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-exec.js and
 * test-debugger-object-type-remote-object.js: `exec <expr>` and
 * `exec("<expr>")` while paused (module-scope names visible), values printed.
 * Intended differences: values print as util.inspect prints them (as the REPL
 * does: `{ a: 1, b: { c: 1 } }` where node inspect prints the preview
 * `{ a: 1, b: Object }`); `repl` prompts `repl> ` and leaves with .exit or
 * Ctrl+D (node inspect: `> `, Ctrl+C); exec while running is checked in
 * the terminal test (scripted `cont` waits for the next pause).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-exec', async () => {
  const { stdout } = await inspect('alive.js', [
    'exec [typeof heartbeat, typeof process.exit]',
    'exec("[typeof heartbeat, typeof process.exit]")',
    'repl',
    '[typeof heartbeat, typeof process.exit]',
    '.exit',
    'kill',
  ]);
  assert.equal(stdout.match(/^\[ 'function', 'function' \]$/gm)?.length, 3, 'works w/o paren, w/ paren, and in the repl');
});

test('node inspect parity: test-debugger-object-type-remote-object', async () => {
  const { code, stdout, stderr } = await inspect('empty.js', [
    'exec new Date(0)',
    'exec null',
    'exec /regex/g',
    'exec new Map()',
    'exec new Map([["a",1],["b",2]])',
    'exec new Set()',
    'exec new Set([1,2])',
    'exec new Set([{a:1},new Set([1])])',
    'exec a={}; a',
    'exec a={a:1,b:{c:1}}; a',
    'exec a=[]; a',
    'exec a=[1,2]; a',
    'c',
  ]);
  assert.equal(code, 0, stderr);
  const expected = [
    /1970-01-01T00:00:00\.000Z/,
    /null/,
    /\/regex\/g/,
    /Map\(0\) \{\}/,
    /Map\(2\) \{ 'a' => 1, 'b' => 2 \}/,
    /Set\(0\) \{\}/,
    /Set\(2\) \{ 1, 2 \}/,
    /Set\(2\) \{ \{ a: 1 \}, Set\(1\) \{ 1 \} \}/,
    /\{\}/,
    /\{ a: 1, b: \{ c: 1 \} \}/,
    /\[\]/,
    /\[ 1, 2 \]/,
  ];
  for (const pattern of expected) assert.match(stdout, pattern);
});
