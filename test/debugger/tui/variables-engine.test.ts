/**
 * The engine's lazy variables (src/debugger/engine/variables.ts, through DebugSession) against a
 * real `node --inspect-brk` target: scopes of a paused frame, one-line
 * summaries from previews, properties fetched on demand, the fiber probe.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CdpClient } from '../../../src/debugger/cdp/client.js';
import { startChildTarget, type ChildTarget } from '../../../src/debugger/connect/child-target.js';
import { DebugSession } from '../../../src/debugger/engine/session.js';
import type { Variable } from '../../../src/debugger/engine/variables.js';
import { PassThrough } from 'node:stream';

const fixture = fileURLToPath(new URL('../../../../test/debugger/tui/fixtures/values.js', import.meta.url));
let target: ChildTarget;
let session: DebugSession;

before(async () => {
  target = await startChildTarget(fixture, [], { plainNode: true, stdout: new PassThrough(), stderr: new PassThrough() });
  session = await DebugSession.attach(await CdpClient.connect(target.url));
  const stop = await session.continue();
  assert.equal(stop.kind, 'paused');
});

after(async () => {
  await session.detach();
  await target.exited;
});

const byName = (variables: Variable[]) => new Map(variables.map((v) => [v.name, v]));

test('scopes of the paused frame, innermost first, global last', () => {
  const scopes = session.scopes();
  assert.equal(scopes[0]!.label, 'Local show');
  assert.equal(scopes.at(-1)!.type, 'global');
  assert.ok(scopes.every((scope) => scope.objectId));
});

test('one-line summaries of every kind of value, objects openable', async () => {
  const local = session.scopes()[0]!;
  const variables = byName(await session.children(local.objectId!));
  const summary = (name: string) => variables.get(name)?.summary;
  assert.equal(summary('text'), "'it\\'s'");
  assert.equal(summary('count'), '42');
  assert.equal(summary('show'), undefined, "only the frame's own locals");
  assert.equal(summary('big'), '10n');
  assert.equal(summary('nothing'), 'null');
  assert.equal(summary('list'), "[ 1, 'two', {…} ]");
  assert.equal(summary('map'), "Map(1) { 'a' => 1 }");
  assert.equal(summary('point'), 'Point { x: 1, y: 2 }');
  assert.equal(summary('nested'), '{ inner: {…}, run: [Function] }');
  assert.equal(variables.get('count')!.objectId, undefined, 'primitives have nothing to open');

  const nested = byName(await session.children(variables.get('nested')!.objectId!));
  assert.equal(nested.get('inner')!.summary, '{ deep: true }');
  assert.equal(nested.get('run')!.summary, '[Function] () => 1');
  assert.ok(nested.has('[[Prototype]]'));
});

test('the fiber probe: a plain node frame is not in a fiber', async () => {
  assert.equal(await session.inFiber(), false);
});
