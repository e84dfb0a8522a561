/**
 * Table-driven specs of what the user types: attach targets, breakpoint
 * arguments, path suffixes; and of listings.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkHostAllowed, isLoopbackHost, parseTargetSpec } from '../../src/debugger/connect/target-spec.js';
import { pathEndsWith } from '../../src/debugger/engine/scripts.js';
import { formatListing } from '../../src/debugger/format/listing.js';
import { parseBreakpointArgs } from '../../src/debugger/frontend/parse-breakpoint.js';
import { helpText } from '../../src/debugger/frontend/commands.js';
import { parseProtocolCall } from '../../src/debugger/frontend/protocol-call.js';

test('attach targets: pid, port, host:port, ws:// URL', () => {
  const cases: Array<[string, unknown]> = [
    [String(process.pid), { kind: 'pid', pid: process.pid, host: '127.0.0.1', port: 9229 }],
    ['65000', { kind: 'address', host: '127.0.0.1', port: 65000, bareNumber: true }],
    ['localhost:9230', { kind: 'address', host: 'localhost', port: 9230 }],
    ['[::1]:9230', { kind: 'address', host: '::1', port: 9230 }],
    ['ws://127.0.0.1:9229/abc', { kind: 'url', url: 'ws://127.0.0.1:9229/abc', host: '127.0.0.1' }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseTargetSpec(input), expected, input);
  assert.deepEqual(parseTargetSpec(String(process.pid), { port: 9300 }), {
    kind: 'pid',
    pid: process.pid,
    host: '127.0.0.1',
    port: 9300,
    portGiven: true,
  });
  for (const bad of ['', 'nonsense', 'host:99999', '999999999', 'ws://']) {
    assert.throws(() => parseTargetSpec(bad), { code: 'ERR_BALROG_DEBUG_TARGET', message: /pid|port|URL|range/ }, bad);
  }
});

test('loopback only unless --allow-remote, which warns', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
  for (const host of ['0.0.0.0', '10.0.0.1', 'example.org', '::']) assert.equal(isLoopbackHost(host), false, host);
  assert.equal(checkHostAllowed('127.0.0.1', false), undefined);
  assert.throws(() => checkHostAllowed('0.0.0.0', false), { code: 'ERR_BALROG_REMOTE_ATTACH', message: /--allow-remote/ });
  assert.match(checkHostAllowed('0.0.0.0', true)!, /^warning: .*run code/);
});

test('breakpoint arguments', () => {
  const cases: Array<[string, unknown]> = [
    ['app.ts:12', { kind: 'line', file: 'app.ts', line: 12 }],
    ['src/app.ts:3 if order.id > 2', { kind: 'line', file: 'src/app.ts', line: 3, condition: 'order.id > 2' }],
    ['C:/x/app.js:7', { kind: 'line', file: 'C:/x/app.js', line: 7 }],
    ['handler', { kind: 'function', name: 'handler' }],
    ['api.handler if req.url === "/x"', { kind: 'function', name: 'api.handler', condition: 'req.url === "/x"' }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseBreakpointArgs(input), expected, input);
  for (const bad of ['', 'app.ts:0', '1abc', 'a b c'])
    assert.throws(() => parseBreakpointArgs(bad), { code: 'ERR_BALROG_DEBUG_COMMAND', message: /usage|line numbers|cannot set/ }, bad);
});

test('path suffixes match whole segments', () => {
  const cases: Array<[string, string, boolean]> = [
    ['file:///srv/app/src/app.ts', 'app.ts', true],
    ['file:///srv/app/src/app.ts', 'src/app.ts', true],
    ['file:///srv/app/src/app.ts', './app.ts', true],
    ['file:///srv/app/src/myapp.ts', 'app.ts', false],
    ['/srv/app/src/app.ts', '/srv/app/src/app.ts', true],
    ['node:internal/main', 'main', true],
  ];
  for (const [path, suffix, expected] of cases) assert.equal(pathEndsWith(path, suffix), expected, `${path} ~ ${suffix}`);
});

test('listings number lines and mark the current one', () => {
  assert.deepEqual(formatListing('a\nb\nc\nd', 2, 1, undefined), ['  1 a', '> 2 b', '  3 c']);
  assert.deepEqual(formatListing('a\nb', 1, 5, undefined), ['> 1 a', '  2 b']);
  const lines = formatListing(Array.from({ length: 12 }, (_, i) => `line${i + 1}`).join('\n'), 10, 1, undefined);
  assert.deepEqual(lines, ['   9 line9', '> 10 line10', '  11 line11']);
});

test('help lists every command with its aliases, aligned', () => {
  const help = helpText().split('\n');
  for (const names of [
    'c, cont, continue',
    'n, next',
    's, step',
    'o, out',
    'pause',
    'b, break',
    'cb, clear',
    'breakpoints',
    'bt',
    'up',
    'down',
    'frame',
    'list',
    'locals',
    'watch',
    'unwatch',
    'p, print',
    'repl',
    'exceptions',
    'help',
  ]) {
    assert.ok(
      help.some((line) => line.trimStart().startsWith(names)),
      names,
    );
  }
  const column = help[0]!.search(/continue until/);
  assert.ok(
    help.every((line) => line.length > column && line[column - 1] === ' '),
    'help text is aligned',
  );
});

test("node inspect's raw protocol calls: the inspector's domains only, an object literal as parameters", () => {
  assert.deepEqual(parseProtocolCall("Debugger.getScriptSource({ scriptId: '63' })"), {
    method: 'Debugger.getScriptSource',
    params: { scriptId: '63' },
  });
  assert.deepEqual(parseProtocolCall('Runtime.getHeapUsage()'), { method: 'Runtime.getHeapUsage', params: {} });
  for (const code of ['Math.max(1, 2)', 'debugger.getScriptSource({})', 'Debugger.getScriptSource', 'x = Debugger.pause()']) {
    assert.equal(parseProtocolCall(code), undefined, code);
  }
  for (const bad of ['Debugger.pause(1)', 'Debugger.setBreakpointByUrl({ lineNumber: })']) {
    assert.throws(() => parseProtocolCall(bad), { code: 'ERR_BALROG_DEBUG_COMMAND' }, bad);
  }
});
