/**
 * Runs the real `balrog` CLI in a pseudo-terminal (node-pty) and renders what
 * it writes with a headless xterm, so tests read the screen as a user sees it
 * (no escape codes, no leftovers of earlier frames). Waits for text; never sleeps.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pty from 'node-pty';
import xterm from '@xterm/headless';
import { balrogBin, fixturesDir } from '../../helpers/debugger-process.js';

const { Terminal } = xterm;

/** Begin / end synchronized update (DEC mode 2026), around each frame ink draws. */
const BSU = '\x1b[?2026h';
const ESU = '\x1b[?2026l';

/** Keys by name, as a terminal sends them. */
export const keys = {
  tab: '\t',
  enter: '\r',
  escape: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  ctrlC: '\x03',
};

/** A balrog CLI in a pseudo-terminal of `cols` x `rows`. */
export class TuiTerminal {
  /** The exit code; `signal N` when a signal ended it. */
  readonly exited: Promise<number | string>;
  private readonly term: InstanceType<typeof Terminal>;
  private readonly process: pty.IPty;
  private readonly killer: NodeJS.Timeout;
  private pending = Promise.resolve();
  private held = '';
  raw = '';

  constructor(
    args: string[],
    options: {
      cols?: number;
      rows?: number /** The whole environment (default: this process's). */;
      env?: NodeJS.ProcessEnv;
      timeoutMs?: number;
      cwd?: string;
    } = {},
  ) {
    const cols = options.cols ?? 80;
    const rows = options.rows ?? 24;
    this.term = new Terminal({ cols, rows, allowProposedApi: true });
    const env = options.env ?? process.env;
    this.process = pty.spawn(process.execPath, [balrogBin, ...args], {
      cwd: options.cwd ?? fixturesDir,
      cols,
      rows,
      env,
      name: 'xterm-256color',
    });
    this.process.onData((data) => {
      this.raw += data;
      // A frame arrives in pieces; ink brackets each in synchronized-output
      // marks (BSU ... ESU). Hold back an unfinished frame, so that a read
      // never sees half of one.
      this.held += data;
      const open = this.held.lastIndexOf(BSU);
      const cut = open > this.held.lastIndexOf(ESU) ? open : this.held.length;
      const ready = this.held.slice(0, cut);
      this.held = this.held.slice(cut);
      // xterm parses asynchronously: reads wait for the writes queued so far.
      if (ready) this.pending = this.pending.then(() => new Promise<void>((resolve) => this.term.write(ready, resolve)));
    });
    this.exited = new Promise((resolve) => this.process.onExit(({ exitCode, signal }) => resolve(signal ? `signal ${signal}` : exitCode)));
    this.killer = setTimeout(() => this.process.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    void this.exited.then(() => clearTimeout(this.killer));
  }

  /** The screen's lines, trailing spaces trimmed. */
  async screen(): Promise<string> {
    await this.pending;
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.term.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return lines.join('\n');
  }

  /** Resolves with the screen once it matches `pattern`; fails with the screen after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = await this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; the screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Types keys or text. */
  press(...input: string[]): void {
    for (const data of input) this.process.write(data);
  }

  resize(cols: number, rows: number): void {
    this.process.resize(cols, rows);
    this.term.resize(cols, rows);
  }

  kill(): void {
    this.process.kill('SIGKILL');
  }
}

/**
 * Writes a screen to docs/screenshots/<name>.txt when SCREENSHOTS=1 (the
 * README links them); otherwise does nothing, so test runs leave the tree alone.
 */
export async function saveScreenshot(name: string, screen: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  const dir = new URL('../../../../../docs/screenshots/', import.meta.url);
  await mkdir(dir, { recursive: true });
  await writeFile(new URL(`${name}.txt`, dir), `${screen.replace(/\s+$/, '')}\n`);
}

export { fixturesDir };

/** This folder's fixtures (the line debugger's are `fixturesDir`). */
export const tuiFixturesDir = fileURLToPath(new URL('../../../../../test/debugger/tui/fixtures/', import.meta.url));
