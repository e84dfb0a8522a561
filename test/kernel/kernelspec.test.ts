import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { test } from 'node:test';
import { installKernelspec, userDataDir } from '../../src/kernel/kernelspec.js';

const bin = new URL('../../../bin/balrog.js', import.meta.url).pathname;

/** Width, height and the alpha channel of an RGBA PNG written by png.ts. */
function readPng(file: string): { width: number; height: number; alpha: number[] } {
  const png = readFileSync(file);
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idatLength = png.readUInt32BE(33);
  assert.equal(png.toString('ascii', 37, 41), 'IDAT');
  const rows = inflateSync(png.subarray(41, 41 + idatLength));
  const alpha: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) alpha.push(rows[y * (width * 4 + 1) + 1 + x * 4 + 3]!);
  return { width, height, alpha };
}

test('--prefix installs into <prefix>/share/jupyter/kernels/<name> with kernel.json and logos', () => {
  const prefix = mkdtempSync(join(tmpdir(), 'balrog-spec-'));
  const out = execFileSync(process.execPath, [bin, 'kernel', 'install', '--prefix', prefix, '--name', 'balrog-test'], { encoding: 'utf8' });
  const dir = join(prefix, 'share', 'jupyter', 'kernels', 'balrog-test');
  assert.match(out, new RegExp(`Installed kernelspec balrog-test in ${dir}`));
  const spec = JSON.parse(readFileSync(join(dir, 'kernel.json'), 'utf8'));
  assert.deepEqual(spec.argv.slice(2), ['kernel', '--connection-file', '{connection_file}']);
  assert.equal(spec.argv[1], bin);
  assert.ok(existsSync(spec.argv[0]));
  assert.equal(spec.interrupt_mode, 'signal');
  assert.equal(spec.language, 'typescript');
  assert.deepEqual(spec.metadata.balrog.languages, ['typescript', 'javascript']);
  for (const size of [32, 64]) {
    const logo = readPng(join(dir, `logo-${size}x${size}.png`));
    assert.equal(logo.width, size);
    assert.equal(logo.height, size);
    // A disc: transparent corners, opaque centre.
    assert.equal(logo.alpha[0], 0);
    assert.equal(logo.alpha[(size / 2) * size + 2], 255);
  }
});

test('--user follows JUPYTER_DATA_DIR, as jupyter_core does', () => {
  const data = mkdtempSync(join(tmpdir(), 'balrog-data-'));
  assert.equal(userDataDir({ JUPYTER_DATA_DIR: data }), data);
  execFileSync(process.execPath, [bin, 'kernel', 'install', '--user'], { env: { ...process.env, JUPYTER_DATA_DIR: data } });
  assert.ok(existsSync(join(data, 'kernels', 'balrog', 'kernel.json')));
});

test('bad install arguments are usage errors (exit 2) that say what to do', () => {
  const run = (args: string[]) => {
    try {
      execFileSync(process.execPath, [bin, 'kernel', ...args], { stdio: 'pipe', encoding: 'utf8' });
      return { status: 0, stderr: '' };
    } catch (error) {
      const e = error as { status: number; stderr: string };
      return { status: e.status, stderr: e.stderr };
    }
  };
  const both = run(['install', '--user', '--prefix', '/tmp/x']);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--user and --prefix cannot be used together/);
  const badName = run(['install', '--prefix', tmpdir(), '--name', 'no/slash']);
  assert.equal(badName.status, 2);
  assert.match(badName.stderr, /invalid kernel name/);
  const missing = run([]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /missing --connection-file/);
  // A prefix under a regular file cannot be created.
  const file = join(mkdtempSync(join(tmpdir(), 'balrog-spec-')), 'a-file');
  writeFileSync(file, '');
  assert.throws(() => installKernelspec({ prefix: join(file, 'sub') }), /cannot write the kernelspec .* choose another place/);
});
