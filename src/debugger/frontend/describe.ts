/**
 * Text for pauses, stacks and breakpoints in the line-mode front end.
 * `break in <file>:<line>` is a contract: scripts and tests read it.
 */
import type { ChalkInstance } from 'chalk';
import { describeBreakpoint, type Breakpoint } from '../engine/breakpoints.js';
import type { Frame } from '../engine/frames.js';
import { displayPath, formatPosition } from '../engine/locations.js';
import type { DebugSession, PauseInfo } from '../engine/session.js';
import { formatListing } from '../format/listing.js';

/** The lines printed when the target pauses. */
export async function describePause(session: DebugSession, pause: PauseInfo, chalk: ChalkInstance | undefined): Promise<string[]> {
  const frame = pause.frames.selected;
  const lines = [`break in ${formatPosition(frame.position)}`];
  if (pause.exception) lines.push(`${pause.reason === 'promiseRejection' ? 'Unhandled rejection' : 'Exception'}: ${pause.exception}`);
  lines.push(...(await sourceAround(session, frame, 0, chalk)));
  return lines;
}

/** `list [n]`: n lines either side of the selected frame's line. */
export async function sourceAround(
  session: DebugSession,
  frame: Frame,
  context: number,
  chalk: ChalkInstance | undefined,
): Promise<string[]> {
  const source = await session.sourceText(frame.position.url);
  if (source === undefined) return [`(no source for ${displayPath(frame.position.url)})`];
  return formatListing(source, frame.position.line + 1, context, chalk);
}

/** `bt`: one line per frame, the selected one marked. */
export function describeStack(frames: readonly Frame[], selected: number): string[] {
  return frames.map(
    (frame) =>
      `${frame.index === selected ? '>' : ' '} #${frame.index} ${frame.functionName} ${formatPosition(frame.position)}:${frame.position.column + 1}`,
  );
}

/** `breakpoints`: one line per breakpoint. */
export function describeBreakpoints(breakpoints: readonly Breakpoint[]): string[] {
  if (breakpoints.length === 0) return ['No breakpoints'];
  return breakpoints.map((bp) => `#${bp.id} ${describeBreakpoint(bp)}`);
}
