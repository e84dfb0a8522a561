import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { MessageFactory } from '../../src/kernel/message.js';
import { MessageSigner } from '../../src/kernel/signer.js';
import { DigestHistory } from '../../src/kernel/digest-history.js';
import { decodeMessage, encodeMessage, WireError } from '../../src/kernel/wire.js';

const key = 'a0436f6c-1916-498b-8eb9-e81ab9368e84';

function request(signer: MessageSigner) {
  const factory = new MessageFactory();
  const message = factory.make('execute_request', { code: '1+1', silent: false });
  message.identities = [Buffer.from('client-id')];
  return encodeMessage(message, signer);
}

test('frames: identities, delimiter, HMAC-SHA256 over the four JSON parts', () => {
  const frames = request(new MessageSigner(key));
  assert.equal(frames[0]!.toString(), 'client-id');
  assert.equal(frames[1]!.toString(), '<IDS|MSG>');
  const hmac = createHmac('sha256', key);
  for (const part of frames.slice(3, 7)) hmac.update(part);
  assert.equal(frames[2]!.toString(), hmac.digest('hex'));
  assert.equal(JSON.parse(frames[3]!.toString()).version, '5.3');
});

test('decode returns the message that was encoded', () => {
  const signer = new MessageSigner(key);
  const message = decodeMessage(request(signer), signer);
  assert.equal(message.header.msg_type, 'execute_request');
  assert.deepEqual(message.content, { code: '1+1', silent: false });
  assert.deepEqual(message.identities.map(String), ['client-id']);
  assert.deepEqual(message.buffers, []);
});

test('a message signed with another key is rejected as a signature error', () => {
  const frames = request(new MessageSigner('wrong key'));
  assert.throws(
    () => decodeMessage(frames, new MessageSigner(key)),
    (e: unknown) => e instanceof WireError && e.reason === 'signature',
  );
});

test('a tampered content frame is rejected', () => {
  const signer = new MessageSigner(key);
  const frames = request(signer);
  frames[6] = Buffer.from(JSON.stringify({ code: 'process.exit()' }));
  assert.throws(() => decodeMessage(frames, signer), /signature does not match/);
});

test('malformed messages are WireErrors that say what is wrong', () => {
  const signer = new MessageSigner('');
  assert.throws(() => decodeMessage([Buffer.from('x')], signer), /delimiter/);
  assert.throws(() => decodeMessage([Buffer.from('<IDS|MSG>'), Buffer.from('')], signer), /expected at least 5/);
  const bad = [Buffer.from('<IDS|MSG>'), Buffer.from(''), Buffer.from('{nope'), Buffer.from('{}'), Buffer.from('{}'), Buffer.from('{}')];
  assert.throws(
    () => decodeMessage(bad, signer),
    (e: unknown) => e instanceof WireError && /header is not valid JSON/.test(e.message),
  );
  const noType = [Buffer.from('<IDS|MSG>'), Buffer.from(''), Buffer.from('{}'), Buffer.from('{}'), Buffer.from('{}'), Buffer.from('{}')];
  assert.throws(() => decodeMessage(noType, signer), /lacks msg_type/);
});

test('an empty key means unsigned messages, as the protocol allows', () => {
  const signer = new MessageSigner('');
  const frames = request(signer);
  assert.equal(frames[2]!.toString(), '');
  assert.equal(decodeMessage(frames, signer).header.msg_type, 'execute_request');
});

test('binary buffers after the content survive a round trip; BigInt content is sent as text', () => {
  const signer = new MessageSigner(key);
  const factory = new MessageFactory();
  const message = factory.make('comm_msg', { n: 10n });
  message.buffers = [Buffer.from([1, 2, 3])];
  const decoded = decodeMessage(encodeMessage(message, signer), signer);
  assert.deepEqual(decoded.content, { n: '10' });
  assert.deepEqual([...decoded.buffers[0]!], [1, 2, 3]);
});

test('a second message with the same signature is refused as a replay (Duplicate Signature)', () => {
  const signer = new MessageSigner(key);
  const history = new DigestHistory();
  const frames = request(signer);
  assert.equal(decodeMessage(frames, signer, history).header.msg_type, 'execute_request');
  assert.throws(
    () => decodeMessage(frames, signer, history),
    (e: unknown) => e instanceof WireError && e.reason === 'replay' && /Duplicate Signature/.test(e.message),
  );
  // A fresh message (new msg_id and date) from the same client passes.
  assert.equal(decodeMessage(request(signer), signer, history).header.msg_type, 'execute_request');
});

test('a forged message does not enter the history, so it cannot block the genuine one', () => {
  const signer = new MessageSigner(key);
  const history = new DigestHistory();
  assert.throws(() => decodeMessage(request(new MessageSigner('wrong key')), signer, history), WireError);
  assert.equal(history.count, 0);
});

test('without a key (signing off) there are no signatures to compare, as in jupyter_client', () => {
  const signer = new MessageSigner('');
  const history = new DigestHistory();
  const frames = request(signer);
  decodeMessage(frames, signer, history);
  assert.doesNotThrow(() => decodeMessage(frames, signer, history));
});
