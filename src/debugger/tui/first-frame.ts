/**
 * The TUI's first frame, drawn without ink: the status line of the session
 * just attached, on the alternate screen. ink and React take a second or
 * more to load on a busy machine; this frame says where the target is at
 * once, and the full screen replaces it as soon as they are loaded.
 * It loads nothing heavy (that is its point).
 */
import { formatPosition } from '../engine/locations.js';
import type { DebugSession } from '../engine/session.js';

/** The status the TUI's status line shows first: where the target is paused, or that it runs, or how it ended. */
export function firstStatus(session: DebugSession): string {
  if (session.exited !== undefined) return `${session.exited}: q to leave`;
  const pause = session.paused;
  if (pause) return `paused at ${formatPosition(pause.frames.selected.position)}`;
  return 'running (p pauses)';
}

/**
 * Draws the first frame on `stream` (a terminal of `columns` columns): the
 * alternate screen, the status line, a note. Keys typed meanwhile wait,
 * unechoed, for the full screen (the terminal goes raw, as ink sets it).
 */
export function drawFirstFrame(session: DebugSession, stream: NodeJS.WriteStream, input: NodeJS.ReadStream): void {
  if (input.isTTY) input.setRawMode(true);
  const width = Math.max(40, stream.columns || 80);
  const status = ` balrog debugger — ${firstStatus(session)}`.padEnd(width).slice(0, width);
  // Alternate screen, cursor home, the status line in inverse video (as the TUI draws it without colors).
  stream.write(`\x1b[?1049h\x1b[H\x1b[2J\x1b[7m${status}\x1b[27m\r\n\r\n  loading the full-screen debugger…`);
}
