/**
 * How soon `balrog attach --tui` draws its first frame (issue 13: "first
 * frame drawn ≤ 300 ms after attach"), through the real CLI in a real
 * pseudo-terminal (node-pty), against a running `node --inspect` target:
 * from the CLI's "Attached to process" line to the first frame with the
 * status line, and from starting the CLI to that frame.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from 'node-pty';
import type { BenchSection } from './section.js';

const SAMPLES = 5;
const balrogBin = fileURLToPath(new URL('../../bin/balrog.js', import.meta.url));

/** Begin synchronized update: ink brackets each frame it draws with it. */
const INK_FRAME = '\x1b[?2026h';

/** One attach: milliseconds from CLI start to "Attached", to the first frame, and to ink's first frame. */
function attachOnce(address: string): Promise<{ attached: number; firstFrame: number; inkFrame: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let attached: number | undefined;
    let firstFrame: number | undefined;
    let raw = '';
    const cli = pty.spawn(process.execPath, [balrogBin, 'attach', '--tui', address], {
      cols: 120,
      rows: 40,
      env: { ...process.env, NO_COLOR: '1' },
      name: 'xterm-256color',
    });
    const timeout = setTimeout(() => {
      cli.kill('SIGKILL');
      reject(new Error(`no first frame within 20 s; the terminal got:\n${raw}`));
    }, 20_000);
    let done = false;
    cli.onData((data) => {
      raw += data;
      if (attached === undefined && raw.includes('Attached to process')) attached = performance.now() - started;
      if (firstFrame === undefined && attached !== undefined && raw.includes('balrog debugger —')) firstFrame = performance.now() - started;
      if (!done && firstFrame !== undefined && raw.includes(INK_FRAME) && raw.slice(raw.indexOf(INK_FRAME)).includes('balrog debugger —')) {
        done = true;
        const inkFrame = performance.now() - started;
        cli.write('q');
        cli.onExit(() => {
          clearTimeout(timeout);
          resolve({ attached: attached!, firstFrame: firstFrame!, inkFrame });
        });
      }
    });
  });
}

/** The rows for the debugger TUI section: first frame after attach, and after the CLI's start. */
export async function measureFirstFrame(): Promise<BenchSection['rows']> {
  const dir = mkdtempSync(join(tmpdir(), 'balrog-tui-start-'));
  const script = join(dir, 'ticker.js');
  writeFileSync(script, 'let ticks = 0;\nsetInterval(() => { ticks += 1; }, 50);\n');
  const target = spawn(process.execPath, ['--inspect=127.0.0.1:0', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      target.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /ws:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr);
        if (match) resolve(match[1]!);
      });
      target.once('exit', () => reject(new Error(`the target ended: ${stderr}`)));
    });
    const afterAttach: number[] = [];
    const fullAfterAttach: number[] = [];
    const fromStart: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const { attached, firstFrame, inkFrame } = await attachOnce(`127.0.0.1:${port}`);
      afterAttach.push(firstFrame - attached);
      fullAfterAttach.push(inkFrame - attached);
      fromStart.push(inkFrame);
    }
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const spread = (values: number[]): string =>
      `min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}, n=${values.length}`;
    return [
      {
        name: 'first frame after attach: `Attached to process` to the first frame (the status line), balrog attach --tui (median)',
        value: `${median(afterAttach).toFixed(0)} ms (${spread(afterAttach)})`,
        target: '≤ 300 ms',
        ok: median(afterAttach) <= 300,
      },
      {
        name: 'full screen after attach: `Attached to process` to the first frame ink draws (median)',
        value: `${median(fullAfterAttach).toFixed(0)} ms (${spread(fullAfterAttach)})`,
      },
      {
        name: 'full screen from CLI start: `balrog attach --tui <port>` started to the first frame ink draws (median)',
        value: `${median(fromStart).toFixed(0)} ms (${spread(fromStart)})`,
      },
    ];
  } finally {
    target.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
