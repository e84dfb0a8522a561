/**
 * Replays a session in a real pseudo-terminal, read as the screen a user sees
 * (screen-pty.ts). Each line is typed once the prompt for it is on screen
 * below the previous line: it waits for output, it never sleeps.
 */
import { ScreenPty } from './screen-pty.js';

/** Types `lines` into `command args` in a terminal; returns the screen, from the first prompt on. */
export async function replayInTerminal(
  command: string,
  args: string[],
  lines: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<string> {
  const screen = new ScreenPty(command, args, { ...options, scrollback: 100_000 });
  // A prompt on a row below `after`, with the cursor right after it.
  const promptBelow = (after: number): Promise<void> =>
    screen.waitUntil(
      () => {
        const prompt = /^(>|\.\.\.)$/.exec(screen.line(screen.cursorRow()));
        return screen.cursorRow() > after && prompt !== null && screen.term.buffer.active.cursorX === prompt[1]!.length + 1;
      },
      `no prompt after row ${after}`,
      { recheckMs: 1000 },
    );
  try {
    await promptBelow(-1);
    for (const line of lines) {
      const typedAt = screen.cursorRow();
      screen.write(`${line}\r`);
      await promptBelow(typedAt);
    }
    await screen.rendered();
    const text = screen.text();
    const first = text.search(/^(?:> |\.\.\. )/m);
    return text.slice(first === -1 ? 0 : first);
  } finally {
    await screen.close();
  }
}
