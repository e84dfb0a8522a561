/**
 * Node's key-by-key REPL tests (test-repl-editor.js, test-repl-history-navigation.js,
 * test-repl-reverse-search.js) replayed in a real pseudo-terminal (screen-pty.ts): each step
 * (text typed, or one key as a terminal sends it) is written once the screen
 * has settled after the one before, and the screen after each step (rendered
 * by a headless xterm, cursor included) is the step's output.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Terminal } from '@xterm/headless';
import { ScreenPty } from './screen-pty.js';
import { conformanceDir, normalize } from './sessions.js';

/** What a terminal sends for each key Node's tests press (Node's mock `{ name, ctrl }` keys). */
export const keyBytes = {
  enter: '\r',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  delete: '\x1b[3~',
  backspace: '\x7f',
  'ctrl-left': '\x1b[1;5D',
  'ctrl-right': '\x1b[1;5C',
  end: '\x1b[F',
  // Node's test presses Ctrl+Backspace; a terminal sends no distinct code for it, and Ctrl+W is readline's same command.
  'ctrl-w': '\x17',
  'ctrl-c': '\x03',
  'ctrl-d': '\x04',
  'ctrl-r': '\x12',
  'ctrl-s': '\x13',
  escape: '\x1b',
} as const;

export type Key = keyof typeof keyBytes;
/** One step: text typed at once, or one key. */
export type Step = string | { key: Key };

/** One REPL process of a keyed session (one entry of Node's `tests` array); history carries over to the next run. */
export interface Run {
  /** Which of the Node test's entries this is, and what it checks. */
  title: string;
  steps: Step[];
  /** Node's `clean: true`: the history file is emptied after the run. */
  clean?: boolean;
}

export interface KeyedSession {
  name: string;
  runs: Run[];
}

/** The screen after one step: the rows from the first prompt on, trailing blanks trimmed, and the cursor. */
export type Snapshot = string;

/** Every keyed session under keys/. */
export function loadKeyedSessions(): KeyedSession[] {
  return ['test-repl-editor', 'test-repl-history-navigation', 'test-repl-reverse-search'].map((name) => ({
    name,
    runs: (JSON.parse(readFileSync(`${conformanceDir}keys/${name}.json`, 'utf8')) as { runs: Run[] }).runs,
  }));
}

/** Where each expected snapshot lives: `<session>.node20.keys.json`, one array of snapshots per run. */
export function expectedPath(name: string, major: number | string): string {
  return `${conformanceDir}expected/${name}.node${major}.keys.json`;
}

/**
 * How a replay decides that the screen has settled after a step: the
 * recorder waits for a quiet screen; the test waits for the screen Node
 * showed (and, when it never comes, takes what is there).
 */
export type Settle = (run: number, step: number, current: () => Snapshot, changed: () => Promise<void>) => Promise<void>;

/**
 * Runs every run of `session` in turn through `command args` in a terminal,
 * `historyEnv` naming the history file both share; returns the snapshots.
 */
export async function replayKeyed(
  session: KeyedSession,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; historyEnv: string; settle: Settle },
): Promise<Snapshot[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'balrog-keys-'));
  const history = join(dir, 'history');
  writeFileSync(history, '');
  try {
    const all: Snapshot[][] = [];
    for (const [index, run] of session.runs.entries()) {
      all.push(await replayRun(run, index, command, args, { ...options, env: { ...options.env, [options.historyEnv]: history } }));
      if (run.clean) writeFileSync(history, '');
    }
    return all;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function replayRun(
  run: Run,
  index: number,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; settle: Settle },
): Promise<Snapshot[]> {
  const screen = new ScreenPty(command, args, { ...options, scrollback: 10_000 });
  const changed = (): Promise<void> => screen.changed(250);
  const current = (): Snapshot => snapshot(screen.term);
  try {
    await screen.waitUntil(() => screen.line(screen.cursorRow()) === '>' && screen.term.buffer.active.cursorX === 2, 'no first prompt', {
      recheckMs: 250,
    });
    const snapshots: Snapshot[] = [];
    for (const [step, action] of run.steps.entries()) {
      screen.write(typeof action === 'string' ? action : keyBytes[action.key]);
      await options.settle(index, step, current, changed);
      await screen.rendered();
      snapshots.push(current());
    }
    // As Node's test ends each run: Ctrl+D at the prompt, and the REPL writes its history and exits.
    screen.write('\x04');
    await screen.exited(10_000);
    return snapshots;
  } finally {
    await screen.close();
  }
}

/** The screen from the first prompt on, and `[cursor row,column]` counted from there (0-based). */
function snapshot(term: Terminal): Snapshot {
  const buffer = term.buffer.active;
  const rows: string[] = [];
  let first = -1;
  let cursorRow = -1;
  const cursorAt = buffer.baseY + buffer.cursorY;
  for (let i = 0; i < buffer.length; i++) {
    const text = buffer.getLine(i)!.translateToString(true).trimEnd();
    if (first === -1 && !/^> /.test(text) && text !== '>') continue;
    if (first === -1) first = i;
    if (i === cursorAt) cursorRow = rows.length;
    rows.push(text);
  }
  while (rows.length > cursorRow + 1 && rows[rows.length - 1] === '') rows.pop();
  return `${rows.join('\n')}\n[cursor ${cursorRow},${buffer.cursorX}]`;
}

/**
 * A snapshot as compared: without Node's own stack frames (they carry Node's line numbers and
 * its REPL's plumbing, as normalize() drops them from the other sessions), the cursor's row counted without them.
 */
export function comparable(snapshot: Snapshot): string {
  const rows = snapshot.split('\n');
  const cursor = /^\[cursor (-?\d+),(\d+)\]$/.exec(rows.pop()!);
  let row = Number(cursor![1]);
  const kept: string[] = [];
  rows.forEach((text, i) => {
    if (normalize(text) !== '' || text === '') kept.push(text);
    else if (i < Number(cursor![1])) row--;
  });
  return `${kept.join('\n')}\n[cursor ${row},${cursor![2]}]`;
}
