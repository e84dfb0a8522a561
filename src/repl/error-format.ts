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
const nodeFrame = /^\s+at .*(?:\(node:internal\/[^)]*\)|node:internal\/\S+)$/;
const replLocation = /(REPL\d+):(\d+):(\d+)/;

/**
 * The user's part of `stack`: frames in balrog's files (`internalPaths`) and
 * the eval plumbing are dropped, the input's own top-level frame ends the
 * trace (as in Node's REPL), and REPLn:line:column positions are mapped.
 */
export function cleanStack(stack: string, internalPaths: readonly string[], map: FrameMapper): string {
  const lines = stack.split('\n');
  // `at eval (<anonymous>)` is the indirect eval that ran an input; the frame
  // above it is the input's top level. Both go, with everything below them.
  const evalCall = lines.findIndex((line) => /^\s+at eval \(<anonymous>\)$/.test(line));
  const end = evalCall > 0 && /REPL\d+:\d+:\d+\)?$/.test(lines[evalCall - 1]!) ? evalCall - 1 : evalCall;
  const kept: string[] = [];
  for (const line of evalCall === -1 ? lines : lines.slice(0, end)) {
    if (!frameLine.test(line)) {
      kept.push(line);
      continue;
    }
    if (internalPaths.some((path) => line.includes(path))) continue;
    kept.push(
      line
        // Functions without a name in an input show as `eval`: show them as Node's REPL does.
        .replace(/^(\s+at )eval \((REPL\d+:\d+:\d+)\)$/, '$1$2')
        .replace(replLocation, (whole, script: string, l: string, c: string) => {
          const pos = map(script, { line: Number(l), column: Number(c) });
          return pos ? `${script}:${pos.line}:${pos.column}` : whole;
        }),
    );
  }
  // Node's own frames below the user's last one (timers, the microtask queue) say nothing to act on.
  while (kept.length > 1 && nodeFrame.test(kept[kept.length - 1]!) && kept.some((line) => frameLine.test(line) && !nodeFrame.test(line))) {
    kept.pop();
  }
  const frames = kept.filter((line) => frameLine.test(line));
  // Only Node's own frames (its module loader, scheduler, diagnostics_channel...): the first says
  // which of Node's functions the input called (`at require (node:...)`), as Node's REPL shows it; the rest say nothing.
  if (frames.length > 1 && frames.every((line) => /\(node:|at node:/.test(line))) {
    let first = true;
    return kept
      .filter((line) => {
        if (!frameLine.test(line)) return true;
        const keep = first;
        first = false;
        return keep;
      })
      .join('\n');
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
