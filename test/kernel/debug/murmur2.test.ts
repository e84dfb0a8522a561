/**
 * The cell-file hash must be the one JupyterLab and ipykernel compute
 * (MurmurHash2 of the UTF-8 bytes, ipykernel's seed): the expected values were
 * printed by ipykernel's own `ipykernel.compiler.murmur2_x86` (Debian's
 * python3-ipykernel), and test/kernel/python/debugger.py checks a cell's path
 * against it live.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CELL_HASH_SEED, cellFilePath, cellFilePrefix } from '../../../src/kernel/debug/cell-files.js';
import { murmur2 } from '../../../src/kernel/debug/murmur2.js';

const ipykernel: Array<[string, number]> = [
  ['', 3990065800],
  ['a', 2167009006],
  ['ab', 2805137849],
  ['abc', 3350977461],
  ['abcd', 804720481],
  ['x = 1\nprint(x)', 4252719672],
  ['é€😀 unicode', 4293240558],
  ['const a = 1\nlet b = a + 1\n', 1770014489],
];

test('murmur2 matches ipykernel for every tail length and for multi-byte UTF-8', () => {
  for (const [text, expected] of ipykernel) assert.equal(murmur2(text, CELL_HASH_SEED), expected, JSON.stringify(text));
});

test('a cell file is <tmp>/balrog_<pid>/<hash>.ts', () => {
  assert.equal(cellFilePath('abcd'), `${cellFilePrefix()}804720481.ts`);
  assert.match(cellFilePrefix(), new RegExp(`balrog_${process.pid}[/\\\\]$`));
});
