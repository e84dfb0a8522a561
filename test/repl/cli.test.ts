/** `balrog -e`, preloads and argument errors, through the real CLI. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { balrog } from './helpers/balrog-process.js';

describe('balrog -e', () => {
  it('prints the (awaited) result and exits 0', () => {
    const { stdout, status } = balrog(['-e', 'await new Promise((r) => setTimeout(() => r({ ok: [1, 2] }), 5))']);
    assert.equal(stdout, '{ ok: [ 1, 2 ] }\n');
    assert.equal(status, 0);
  });

  it('prints nothing for undefined', () => {
    const { stdout, status } = balrog(['repl', '-e', 'const x: number = 1']);
    assert.equal(stdout, '');
    assert.equal(status, 0);
  });

  it('prints `Uncaught ...` on stderr and exits 1 on an error', () => {
    const { stdout, stderr, status } = balrog(['-e', 'function f() {\n  null.x\n}\nf()']);
    assert.equal(stdout, '');
    assert.equal(stderr, "Uncaught TypeError: Cannot read properties of null (reading 'x')\n    at f (REPL1:2:8)\n");
    assert.equal(status, 1);
  });

  it('preloads CommonJS with -r and ES modules with --import, from the working directory', () => {
    const { stdout, status } = balrog(['-r', './helpers.cjs', '--import', 'esm-only-pkg', '-e', "typeof require('./helpers.cjs').double"]);
    assert.equal(stdout, "'function'\n");
    assert.equal(status, 0);
  });

  it('leaves the exit code to process.exitCode on success, as node -e does', () => {
    assert.equal(balrog(['-e', 'process.exitCode = 3']).status, 3);
    const { stdout, status } = balrog(['-e', 'process.exitCode = 4; 7']);
    assert.equal(stdout, '7\n');
    assert.equal(status, 4);
  });

  it('says so and exits 13 when the result can never settle, as Node for an unsettled top-level await', () => {
    const { stderr, status } = balrog(['-e', 'await new Promise(() => {})']);
    assert.match(stderr, /^Uncaught UnsettledResultError: the awaited promise can never settle/);
    assert.equal(status, 13);
  });

  it('has the built-in modules as globals', () => {
    assert.equal(balrog(['-e', "path.posix.join('a', 'b')"]).stdout, "'a/b'\n");
  });

  it('rejects unknown options with a usage error', () => {
    const { stderr, status } = balrog(['repl', '--bogus']);
    assert.match(stderr, /Unknown option '--bogus'.*balrog --help/);
    assert.equal(status, 2);
  });
});

describe('balrog repl without a TTY', () => {
  it('prints no banner or prompt, keeps going after errors and exits 0 at end of input', () => {
    const { stdout, status } = balrog(['repl'], 'throw new Error("first")\n40 + 2\nsetInterval(() => {}, 1000); undefined\n');
    assert.equal(stdout, 'Uncaught Error: first\n42\nundefined\n');
    assert.equal(status, 0);
  });

  it('drops the lines of an unfinished input at .break, as Node', () => {
    const { stdout } = balrog(['repl'], 'function f() {\n.break\n5\n');
    assert.equal(stdout, '5\n');
  });

  it('treats an input left incomplete at end of input as a syntax error', () => {
    const { stdout, status } = balrog(['repl'], 'function f() {\n');
    assert.equal(stdout, 'Uncaught SyntaxError: Unexpected end of input\n');
    assert.equal(status, 0);
  });
});
