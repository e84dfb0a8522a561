/**
 * A program in a real pseudo-terminal (node-pty) whose output a headless xterm
 * renders, so that what a replay reads is the screen a user sees (no escape
 * codes, no eager-evaluation previews that the REPL erased again). The one
 * home of the spawn-and-read code of the typed sessions (pty-session.ts) and
 * the key-by-key sessions (keyed-terminal.ts). It waits for output, it never sleeps.
 */
import xterm from '@xterm/headless';
import pty from 'node-pty';

const { Terminal } = xterm;

/** Node's tests that check where previews are cut use 250 columns; the replays keep that width. */
export const cols = 250;
const rows = 50;

export class ScreenPty {
  /** The rendered screen. */
  readonly term: InstanceType<typeof Terminal>;
  readonly #child: pty.IPty;
  readonly #exited: Promise<void>;
  readonly #listeners = new Set<() => void>();
  /** Output is rendered in the order it came: each piece after the one before. */
  #rendered = Promise.resolve();

  constructor(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; scrollback: number }) {
    this.term = new Terminal({ cols, rows, scrollback: options.scrollback, allowProposedApi: true });
    this.#child = pty.spawn(command, args, {
      cols,
      rows,
      cwd: options.cwd,
      env: options.env as Record<string, string>,
      name: 'xterm-256color',
    });
    this.#child.onData((data) => {
      this.#rendered = this.#rendered
        .then(() => new Promise<void>((resolve) => this.term.write(data, resolve)))
        .then(() => {
          for (const listener of this.#listeners) listener();
        });
    });
    this.#exited = new Promise<void>((resolve) => this.#child.onExit(() => resolve()));
  }

  /** Sends `data` as typed keys. */
  write(data: string): void {
    this.#child.write(data);
  }

  /** Settles once all output received so far is on the screen. */
  rendered(): Promise<void> {
    return this.#rendered;
  }

  /**
   * Settles when more output is on the screen, or after `recheckMs`: a cursor
   * move alone may come in output already rendered, so look again now and then.
   */
  changed(recheckMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.#listeners.delete(done);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, recheckMs);
      this.#listeners.add(done);
    });
  }

  /** Waits until `condition()` holds; after `timeoutMs` fails with `what` and the screen. */
  async waitUntil(condition: () => boolean, what: string, options: { timeoutMs?: number; recheckMs: number }): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`${what}; screen:\n${this.text()}`);
      await this.changed(options.recheckMs);
    }
  }

  /** The buffer row of the cursor (scrollback included). */
  cursorRow(): number {
    return this.term.buffer.active.baseY + this.term.buffer.active.cursorY;
  }

  /** The text of buffer row `row`, trailing blanks trimmed. */
  line(row: number): string {
    return this.term.buffer.active.getLine(row)?.translateToString(true).trimEnd() ?? '';
  }

  /** Whole screen and scrollback as text: a wrapped row joins the one before it; trailing blank rows dropped. */
  text(): string {
    const buffer = this.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i)!;
      if (line.isWrapped && out.length) out[out.length - 1] += line.translateToString(true);
      else out.push(line.translateToString(true));
    }
    for (let i = 0; i < out.length; i++) out[i] = out[i]!.trimEnd();
    while (out.length && out[out.length - 1] === '') out.pop();
    return `${out.join('\n')}\n`;
  }

  /** Settles when the program exits, or after `timeoutMs` if it does not. */
  exited(timeoutMs: number): Promise<void> {
    return Promise.race([this.#exited, new Promise<void>((resolve) => setTimeout(resolve, timeoutMs))]);
  }

  /** Kills the program and waits (at most 2 s) for it to go. */
  async close(): Promise<void> {
    this.#child.kill();
    await this.exited(2000);
  }
}
