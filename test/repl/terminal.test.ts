/**
 * The interactive REPL end to end, through a real pseudo-terminal (node-pty):
 * keystrokes in, screen text out. Every step waits for the output it needs;
 * there are no fixed sleeps.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { after, describe, it } from 'node:test';
import pty from 'node-pty';

const bin = fileURLToPath(new URL('../../../bin/balrog.js', import.meta.url));
const project = fileURLToPath(new URL('../../../test/repl/fixtures/project', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'balrog-repl-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** One `balrog` REPL in a pseudo-terminal. */
class Terminal {
  readonly #process: pty.IPty;
  #screen = '';
  #seen = 0;
  readonly exited: Promise<number>;

  constructor(env: Record<string, string>) {
    this.#process = pty.spawn(process.execPath, [bin], {
      cols: 120,
      rows: 40,
      cwd: project,
      env: { ...process.env, ...env } as Record<string, string>,
    });
    this.#process.onData((data) => {
      this.#screen += data;
    });
    this.exited = new Promise((resolve) => this.#process.onExit(({ exitCode }) => resolve(exitCode)));
  }

  /** Text written since the last wait, without terminal control sequences. */
  get text(): string {
    return stripVTControlCharacters(this.#screen);
  }

  write(keys: string): void {
    this.#process.write(keys);
  }

  /** Waits until `pattern` appears in output not yet consumed by an earlier wait. */
  async waitFor(pattern: string | RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.text.slice(this.#seen);
      const index = typeof pattern === 'string' ? rest.indexOf(pattern) : rest.search(pattern);
      if (index !== -1) {
        const length = typeof pattern === 'string' ? pattern.length : (rest.match(pattern)?.[0].length ?? 0);
        this.#seen += index + length;
        return rest.slice(0, index + length);
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${String(pattern)}; screen so far:\n${this.text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Types a line and waits for the prompt that follows its output; returns that output. */
  async run(line: string): Promise<string> {
    this.write(`${line}\r`);
    await this.waitFor(line.split('\r').pop()!);
    const output = await this.waitFor(/\n> $|\n> (?=\S)/);
    return output.replace(/\r/g, '').replace(/\n> $/, '').replace(/^\n/, '');
  }

  kill(): void {
    this.#process.kill();
  }
}

function start(history = path.join(tmp, 'history')): Terminal {
  return new Terminal({ NO_COLOR: '1', BALROG_REPL_HISTORY: history });
}

describe('the terminal REPL', () => {
  it('shows a banner and a prompt, completes names and properties with Tab, and exits on Ctrl+D', async () => {
    const term = start();
    try {
      await term.waitFor('Welcome to balrog');
      await term.waitFor('> ');
      await term.run('const uniqueCompletionName = 41');
      term.write('uniqueCompletionNa\t');
      await term.waitFor('uniqueCompletionName');
      assert.equal(await term.run(' + 1'), '42');
      // Candidates match ignoring case, as in Node (`Math.P` would offer PI and pow).
      term.write('Math.SQRT1\t');
      await term.waitFor('Math.SQRT1_2');
      assert.match(await term.run(''), /(^|\n)0\.7071/);
      term.write('.autoa\t');
      await term.waitFor('.autoawait');
      assert.equal(await term.run(''), 'autoawait is on');
      // Candidates match ignoring case, as in Node (`Math.P` would offer PI and pow).
      term.write('Math.SQRT1\t');
      await term.waitFor('Math.SQRT1_2');
      assert.match(await term.run(''), /(^|\n)0\.7071/);
      term.write('\x04');
      assert.equal(await term.exited, 0);
    } finally {
      term.kill();
    }
  });

  it('continues an incomplete input on the next line', async () => {
    const term = start();
    try {
      await term.waitFor('> ');
      // node:repl's continuation prompt: '... ' up to Node 22, '| ' from Node 24 (multi-line editing).
      const continuation = /(\.\.\. |\| )$/;
      term.write('function answer() {\r');
      await term.waitFor(continuation);
      term.write('  return await Promise.resolve(42)\r');
      await term.waitFor(continuation);
      await term.run('}');
      assert.equal(await term.run('answer()'), '42');
      term.write('.exit\r');
      assert.equal(await term.exited, 0);
    } finally {
      term.kill();
    }
  });

  it('keeps history across sessions in BALROG_REPL_HISTORY', async () => {
    const history = path.join(tmp, 'history-across');
    const first = start(history);
    try {
      await first.waitFor('> ');
      assert.equal(await first.run("'remembered ' + 'entry'"), "'remembered entry'");
      first.write('\x04'); // Ctrl+D
      assert.equal(await first.exited, 0);
    } finally {
      first.kill();
    }
    assert.match(readFileSync(history, 'utf8'), /'remembered ' \+ 'entry'/);
    const second = start(history);
    try {
      await second.waitFor('> ');
      second.write('\x1b[A'); // up arrow
      await second.waitFor("'remembered ' + 'entry'");
      second.write('\r');
      await second.waitFor("'remembered entry'");
    } finally {
      second.kill();
    }
  });

  it('interrupts a pending await and a busy loop with Ctrl+C, keeping the session', async () => {
    const term = start();
    try {
      await term.waitFor('> ');
      await term.run('let kept = 1');
      term.write("console.log('waiting'); await new Promise(() => {})\r");
      await term.waitFor(/waiting\r?\n/);
      term.write('\x03');
      await term.waitFor('Uncaught InterruptedError');
      await term.waitFor('> ');
      assert.equal(await term.run('kept'), '1');

      term.write("console.log('spinning'); while (true) {}\r");
      await term.waitFor(/spinning\r?\n/);
      term.write('\x03');
      await term.waitFor('Uncaught InterruptedError');
      await term.waitFor('> ');
      assert.equal(await term.run('kept + 1'), '2');

      // Twice at an empty prompt exits.
      term.write('\x03');
      await term.waitFor('To exit, press Ctrl+C again');
      term.write('\x03');
      assert.equal(await term.exited, 0);
    } finally {
      term.kill();
    }
  });

  it('shows thrown null, undefined and a throwing Proxy as errors, and survives Tab on a hostile Proxy', async () => {
    const term = start();
    try {
      await term.waitFor('> ');
      assert.equal(await term.run('throw null'), 'Uncaught null');
      assert.equal(await term.run('throw undefined'), 'Uncaught undefined');
      assert.match(await term.run("throw new Proxy({}, { get() { throw new Error('get trap') } })"), /^Uncaught /);
      await term.run('const revocable = Proxy.revocable({}, {}); revocable.revoke(); const revoked = revocable.proxy');
      await term.run('const hostile = new Proxy({}, { ownKeys() { throw new Error(1) }, getPrototypeOf() { throw 2 } })');
      for (const name of ['revoked', 'hostile']) {
        term.write(`${name}.\t\t`);
        await term.waitFor(`${name}.`);
        term.write('\x15'); // Ctrl+U: drop the line
        assert.equal(await term.run('1 + 1'), '2');
      }
    } finally {
      term.kill();
    }
  });

  it('prints an exception from a timer and an unhandled rejection as `Uncaught ...` and goes on', async () => {
    const term = start();
    try {
      await term.waitFor('> ');
      term.write("setTimeout(() => { throw new Error('from a timer') }, 1); 0\r");
      await term.waitFor('Uncaught Error: from a timer');
      term.write("Promise.reject(new Error('rejected')); 0\r");
      await term.waitFor('Uncaught Error: rejected');
      await term.waitFor('> ');
      assert.equal(await term.run('6 * 7'), '42');
    } finally {
      term.kill();
    }
  });

  it("previews a side-effect-free input's value as it is typed (Node's eager evaluation), and nothing else", async () => {
    const term = start();
    try {
      await term.waitFor('> ');
      term.write('[6, 7].reduce((a, b) => a * b)');
      await term.waitFor('// 42');
      term.write('\x15'); // Ctrl+U
      term.write('globalThis.previewSideEffect = 1');
      term.write('\x15');
      assert.equal(await term.run('typeof previewSideEffect'), "'undefined'");
    } finally {
      term.kill();
    }
  });

  // As nodejs/node test/parallel/test-repl-editor.js (MIT licence): what Node 20 prints for the
  // same keys is the comment, the lines, an empty line and the result.
  it('.editor runs the lines typed until Ctrl+D as one input, as Node', async () => {
    const term = start();
    try {
      await term.waitFor('> ');
      term.write('.editor\r');
      await term.waitFor('// Entering editor mode (Ctrl+D to finish, Ctrl+C to cancel)');
      term.write('const edited = await Promise.resolve(5)\r');
      term.write('edited * 2\r');
      await term.waitFor('edited * 2');
      term.write('\x04');
      // An empty line, then the result (carriage returns aside).
      assert.match((await term.waitFor(/\n10\r?\n> /)).replace(/\r/g, ''), /\n\n10\n> $/);
      assert.equal(await term.run('edited'), '5');
    } finally {
      term.kill();
    }
  });
});
