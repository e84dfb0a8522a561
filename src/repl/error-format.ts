/**
 * Errors as Node's REPL prints them (`Uncaught Error: msg` and the user's own
 * frames), with balrog's frames removed and positions mapped back into the
 * inputs the user typed.
 */
import { inspect } from 'node:util';
import type { Position } from './source-edit.js';

/**
 * Maps a position in input `script` (`REPL3`, or the file name an input was
 * evaluated under) back into what the user typed; undefined if `script` is not an input.
 */
export type FrameMapper = (script: string, pos: Position) => Position | undefined;

const frameLine = /^\s+at\s/;
const nodeFrame = /^\s+at .*(?:\(node:internal\/[^)]*\)|node:internal\/\S+)$/;
/**
 * The `script:line:column` of a frame: in parentheses at its end (`at f (REPL1:2:3)`,
 * also inside `eval at f (REPL1:2:3), ...`) or right after `at` (`at REPL1:2:3`).
 * A script name may hold spaces (a file name), never parentheses.
 */
const frameLocation = /(?<=\()([^()]+):(\d+):(\d+)(?=\))|(?<=^\s+at (?:async )?)([^()]+):(\d+):(\d+)$/g;

/** `line` with every location in an input mapped back into the input; `known` tells whether any was one. */
function mapLocations(line: string, map: FrameMapper): { text: string; known: boolean } {
  let known = false;
  const text = line.replace(frameLocation, (whole, ...groups: (string | undefined)[]) => {
    const [script, l, c] = groups[0] === undefined ? groups.slice(3, 6) : groups.slice(0, 3);
    const pos = map(script!, { line: Number(l), column: Number(c) });
    if (!pos) return whole;
    known = true;
    return `${script}:${pos.line}:${pos.column}`;
  });
  return { text, known };
}

/**
 * The user's part of `stack`: frames in balrog's files (`internalPaths`) and
 * the eval plumbing are dropped, the input's own top-level frame ends the
 * trace (as in Node's REPL), and REPLn:line:column positions are mapped.
 */
export function cleanStack(
  stack: string,
  internalPaths: readonly string[],
  map: FrameMapper,
  options: { keepInputFrame?: boolean } = {},
): string {
  const lines = stack.split('\n');
  // `at eval (<anonymous>)` is the indirect eval that ran an input; the frame
  // above it is the input's top level. Both go, with everything below them
  // (the top-level frame stays with `keepInputFrame`: an error that is the
  // input's result shows where the input made it, as in Node's REPL).
  const evalCall = lines.findIndex((line) => /^\s+at eval \(<anonymous>\)$/.test(line));
  const inputFrame = evalCall > 0 && mapLocations(lines[evalCall - 1]!, map).known;
  const end = inputFrame && !options.keepInputFrame ? evalCall - 1 : evalCall;
  const kept: string[] = [];
  for (const line of evalCall === -1 ? lines : lines.slice(0, end)) {
    if (!frameLine.test(line)) {
      kept.push(line);
      continue;
    }
    if (internalPaths.some((path) => line.includes(path))) continue;
    const mapped = mapLocations(line, map);
    // Functions without a name in an input show as `eval`: show them as Node's REPL does.
    kept.push(mapped.known ? mapped.text.replace(/^(\s+at )eval \(([^()]+:\d+:\d+)\)$/, '$1$2') : mapped.text);
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
