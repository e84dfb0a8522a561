import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copiedFrame, ZERO_COPY_THRESHOLD } from '../../src/kernel/worker-frames.js';

// zeromq.js copies strings and Buffers of up to 128 bytes; a longer Buffer would be sent
// zero-copy, referencing the worker's addon instance after the worker is gone.
test('short frames stay bytes (zeromq.js copies them)', () => {
  const frame = Buffer.from([0, 1, 2, 255]);
  const copied = copiedFrame(frame);
  assert.ok(Buffer.isBuffer(copied));
  assert.deepEqual(copied, frame);
  assert.equal(ZERO_COPY_THRESHOLD, 128);
});

test('long UTF-8 frames (JSON, signatures) become strings with exactly the same bytes', () => {
  const json = Buffer.from(JSON.stringify({ msg_type: 'shutdown_reply', text: 'é😀'.repeat(40) }));
  assert.ok(json.length > ZERO_COPY_THRESHOLD);
  const copied = copiedFrame(new Uint8Array(json.buffer, json.byteOffset, json.length));
  assert.equal(typeof copied, 'string');
  assert.deepEqual(Buffer.from(copied as string, 'utf8'), json);
});

test('long frames that are not valid UTF-8 stay bytes, unchanged', () => {
  const binary = Buffer.alloc(200, 0xff);
  const copied = copiedFrame(binary);
  assert.ok(Buffer.isBuffer(copied));
  assert.deepEqual(copied, binary);
});
