// `balrog run` argument parsing, table-driven.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost, parseInspectAddress } from '../../src/runtime/inspect-address.js';
import { nodeOptionTokens } from '../../src/runtime/node-options.js';
import { parseRunArgs } from '../../src/runtime/run-args.js';

const parsed: Array<[string[], unknown]> = [
  [['app.js'], { entry: 'app.js', args: [], warnings: [] }],
  [['app.js', '--inspect', '-x'], { entry: 'app.js', args: ['--inspect', '-x'], warnings: [] }],
  [['--', '--weird.js', 'a'], { entry: '--weird.js', args: ['a'], warnings: [] }],
  [['--inspect', 'a.ts'], { inspect: { host: '127.0.0.1', port: 9229, brk: false }, entry: 'a.ts', args: [], warnings: [] }],
  [['--inspect=0', 'a.js'], { inspect: { host: '127.0.0.1', port: 0, brk: false }, entry: 'a.js', args: [], warnings: [] }],
  [
    ['--inspect-brk=localhost:9300', 'a.js'],
    { inspect: { host: 'localhost', port: 9300, brk: true }, entry: 'a.js', args: [], warnings: [] },
  ],
  [['--inspect=[::1]:9301', 'a.js'], { inspect: { host: '::1', port: 9301, brk: false }, entry: 'a.js', args: [], warnings: [] }],
];

for (const [argv, expected] of parsed) {
  test(`balrog run ${argv.join(' ')}`, () => assert.deepEqual(parseRunArgs(argv, {}), expected));
}

test('help', () => {
  assert.equal(parseRunArgs(['--help']), null);
  assert.equal(parseRunArgs(['-h', 'app.js']), null);
});

const refused: Array<[string[], RegExp]> = [
  [[], /needs an entry file/],
  [['--inspect'], /needs an entry file/],
  [['--verbose', 'a.js'], /unknown option '--verbose'/],
  [['-x.js'], /unknown option '-x\.js'.*goes after '--': balrog run -- -x\.js\)/],
  [['--inspect=99999', 'a.js'], /'99999' is not a port/],
  [['--inspect=host:abc', 'a.js'], /'abc' is not a port/],
  [['--inspect=:9229', 'a.js'], /the host is empty/],
  [['--inspect=0.0.0.0:9229', 'a.js'], /refusing to open the inspector on '0\.0\.0\.0'/],
  [['--inspect-brk=example.com', 'a.js'], /refusing to open the inspector on 'example\.com'/],
];

for (const [argv, message] of refused) {
  test(`balrog run ${argv.join(' ')} is refused`, () => {
    assert.throws(
      () => parseRunArgs(argv, {}),
      (error: { message: string; exitCode: number }) => {
        assert.match(error.message, message);
        assert.equal(error.exitCode, 9);
        return true;
      },
    );
  });
}

test('--allow-remote-inspect lets a remote host through, with a warning', () => {
  const options = parseRunArgs(['--allow-remote-inspect', '--inspect=0.0.0.0:9229', 'a.js'], {})!;
  assert.deepEqual(options.inspect, { host: '0.0.0.0', port: 9229, brk: false });
  assert.equal(options.warnings.length, 1);
  assert.match(options.warnings[0]!, /beyond this machine.*run any code/);
});

test('loopback hosts', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', 'LOCALHOST']) assert.ok(isLoopbackHost(host), host);
  for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1']) assert.ok(!isLoopbackHost(host), host);
});

test('a bare host keeps the default port', () => {
  assert.deepEqual(parseInspectAddress('localhost'), { host: 'localhost', port: 9229 });
});

test('an entry after -- is taken as is, even when it starts with a dash', () => {
  assert.deepEqual(parseRunArgs(['--', '--inspect=0.0.0.0:0', 'x'], {}), { entry: '--inspect=0.0.0.0:0', args: ['x'], warnings: [] });
  assert.deepEqual(parseRunArgs(['--', '--eval=1'], {}), { entry: '--eval=1', args: [], warnings: [] });
});

// An inspector opened through NODE_OPTIONS is checked as --inspect is.
const fromNodeOptions: Array<[string, RegExp | null]> = [
  ['--inspect=0.0.0.0:0', /refusing to open the inspector on '0\.0\.0\.0' \(NODE_OPTIONS=--inspect=0\.0\.0\.0:0\)/],
  ['--max-old-space-size=100 --inspect-brk=example.com:9229', /on 'example\.com'/],
  ['--inspect-wait=[::]:0', /on '::'/],
  ['--inspect --inspect-port 0.0.0.0:9230', /on '0\.0\.0\.0' \(NODE_OPTIONS=--inspect-port=0\.0\.0\.0:9230\)/],
  ['"--inspect-port=10.1.2.3:9230"', /on '10\.1\.2\.3'/],
  ['--inspect', null],
  ['--inspect=127.0.0.1:0 --inspect-port=localhost:9300', null],
  ['--title="has --inspect=0.0.0.0 inside"', null],
];

for (const [nodeOptions, refused] of fromNodeOptions) {
  test(`NODE_OPTIONS='${nodeOptions}' balrog run a.js ${refused ? 'is refused' : 'is accepted'}`, () => {
    const env = { NODE_OPTIONS: nodeOptions };
    if (!refused) {
      assert.deepEqual(parseRunArgs(['a.js'], env), { entry: 'a.js', args: [], warnings: [] });
      return;
    }
    assert.throws(
      () => parseRunArgs(['a.js'], env),
      (error: { message: string; exitCode: number }) => {
        assert.match(error.message, refused);
        assert.match(error.message, /--allow-remote-inspect/);
        assert.equal(error.exitCode, 9);
        return true;
      },
    );
    const allowed = parseRunArgs(['--allow-remote-inspect', 'a.js'], env)!;
    assert.equal(allowed.warnings.length, 1);
    assert.match(allowed.warnings[0]!, /beyond this machine/);
  });
}

test('NODE_OPTIONS is split as Node splits it', () => {
  assert.deepEqual(nodeOptionTokens('  -r  a.js --title="x y" "--b=\\"q\\"" '), ['-r', 'a.js', '--title=x y', '--b="q"']);
  assert.deepEqual(nodeOptionTokens(''), []);
});
