/**
 * Replays a session in a real pseudo-terminal (node-pty) and renders what the
 * REPL wrote with a headless xterm, so the transcript is the screen a user
 * sees (no escape codes, no leftover eager-evaluation previews). Each line is
 * typed once the prompt for it is on screen below the previous line: it waits
 * for output, it never sleeps.
 */
import xterm from '@xterm/headless';
import pty from 'node-pty';

const { Terminal } = xterm;
const cols = 250;

/** Types `lines` into `command args` in a terminal; returns the screen, from the first prompt on. */
export async function replayInTerminal(
  command: string,
  args: string[],
  lines: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<string> {
  const term = new Terminal({ cols, rows: 50, scrollback: 100_000, allowProposedApi: true });
  const child = pty.spawn(command, args, {
    cols,
    rows: 50,
    cwd: options.cwd,
    env: options.env as Record<string, string>,
    name: 'xterm-256color',
  });
  let pending = Promise.resolve();
  let changed: () => void = () => {};
  child.onData((data) => {
    pending = pending.then(() => new Promise<void>((resolve) => term.write(data, resolve))).then(() => changed());
  });
  const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
  const row = (): number => term.buffer.active.baseY + term.buffer.active.cursorY;
  const cursorLine = (): string => term.buffer.active.getLine(row())?.translateToString(true) ?? '';
  // A prompt on a row below `after`, with the cursor right after it.
  const promptBelow = async (after: number): Promise<void> => {
    const deadline = Date.now() + 60_000;
    const atPrompt = (): boolean => {
      const prompt = /^(>|\.\.\.) ?$/.exec(cursorLine());
      return row() > after && prompt !== null && term.buffer.active.cursorX === prompt[1]!.length + 1;
    };
    while (!atPrompt()) {
      if (Date.now() > deadline) throw new Error(`no prompt after row ${after}; screen:\n${screenText(term)}`);
      await new Promise<void>((resolve) => {
        changed = resolve;
        setTimeout(resolve, 1000); // re-check now and then: a cursor move alone fires no data
      });
    }
  };
  try {
    await promptBelow(-1);
    for (const line of lines) {
      const typedAt = row();
      child.write(`${line}\r`);
      await promptBelow(typedAt);
    }
    await pending;
    const screen = screenText(term);
    const first = screen.search(/^(?:> |\.\.\. )/m);
    return screen.slice(first === -1 ? 0 : first);
  } finally {
    child.kill();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  }
}

function screenText(term: InstanceType<typeof Terminal>): string {
  const buffer = term.buffer.active;
  const out: string[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i)!;
    // A wrapped row continues the one before it.
    if (line.isWrapped && out.length) out[out.length - 1] += line.translateToString(true);
    else out.push(line.translateToString(true));
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]!.trimEnd();
  while (out.length && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}
