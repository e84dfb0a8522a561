/**
 * Errors as Node's REPL prints them (`Uncaught Error: msg` and the user's own
 * frames), with balrog's frames removed and positions mapped back into the
 * inputs the user typed.
 */
import { inspect } from 'node:util';
import type { Position } from './source-edit.js';

/** Maps a position in input `script` (`REPL3`) back into what the user typed; undefined if unknown. */
export type FrameMapper = (script: string, pos: Position) => Position | undefined;

const frameLine = /^\s+at\s/;
const replLocation = /(REPL\d+):(\d+):(\d+)/;

/**
 * The user's part of `stack`: frames in balrog's files (`internalPaths`) and
 * the eval plumbing are dropped, the input's own top-level frame ends the
 * trace (as in Node's REPL), and REPLn:line:column positions are mapped.
 */
export function cleanStack(stack: string, internalPaths: readonly string[], map: FrameMapper): string {
  const lines = stack.split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (!frameLine.test(line)) {
      kept.push(line);
      continue;
    }
    if (/^\s+at eval \(REPL\d+:\d+:\d+\)$/.test(line)) break; // the input's top level
    if (/^\s+at eval \(<anonymous>\)$/.test(line)) continue;
    if (internalPaths.some((path) => line.includes(path))) continue;
    kept.push(line.replace(replLocation, (whole, script: string, l: string, c: string) => {
      const pos = map(script, { line: Number(l), column: Number(c) });
      return pos ? `${script}:${pos.line}:${pos.column}` : whole;
    }));
  }
  return kept.join('\n');
}

/** Formats a thrown value the way Node's REPL does: `Uncaught ` + its inspection. */
export function formatUncaught(error: unknown, options: { colors?: boolean; breakLength?: number } = {}): string {
  let text = inspect(error, { colors: options.colors ?? false });
  if (error instanceof Error && text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const breakLength = options.breakLength ?? 80;
  const lines = text.split(/(?<=\n)/);
  let matched = false;
  let out = '';
  for (const line of lines) {
    if (!matched && /^\[?([A-Z][a-z0-9_]*)*Error/.test(line)) {
      out += breakLength >= line.length ? `Uncaught ${line}` : `Uncaught:\n${line}`;
      matched = true;
    } else {
      out += line;
    }
  }
  if (!matched) out = `Uncaught${lines.length === 1 ? ' ' : ':\n'}${out}`;
  return out.endsWith('\n') ? out.slice(0, -1) : out;
}
