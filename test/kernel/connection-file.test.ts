import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { channelAddress, parseConnectionInfo, readConnectionFile } from '../../src/kernel/connection-file.js';

const valid = {
  transport: 'tcp',
  ip: '127.0.0.1',
  shell_port: 5001,
  control_port: 5002,
  stdin_port: 5003,
  iopub_port: 5004,
  hb_port: 5005,
  key: 'k',
  signature_scheme: 'hmac-sha256',
  kernel_name: 'balrog',
};

test('a Jupyter connection file is read with its addresses', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'balrog-kernel-')), 'kernel.json');
  writeFileSync(file, JSON.stringify(valid));
  const info = readConnectionFile(file);
  assert.equal(channelAddress(info, info.shell_port), 'tcp://127.0.0.1:5001');
  assert.equal(channelAddress({ ...info, transport: 'ipc', ip: '/tmp/k' }, 7), 'ipc:///tmp/k-7');
});

test('bad connection files are clear errors with exit code 2', () => {
  assert.throws(
    () => readConnectionFile('/nonexistent/kernel.json'),
    (e: Error & { exitCode?: number }) => /cannot read the connection file/.test(e.message) && e.exitCode === 2,
  );
  assert.throws(() => parseConnectionInfo({ ...valid, hb_port: 'x' }), /"hb_port" must be an integer/);
  assert.throws(() => parseConnectionInfo({ ...valid, signature_scheme: 'hmac-md5' }), /not supported; use "hmac-sha256"/);
  assert.throws(() => parseConnectionInfo({ ...valid, transport: 'udp' }), /transport must be/);
  assert.throws(() => parseConnectionInfo([]), /invalid connection file/);
});
