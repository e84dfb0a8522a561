/**
 * Node's own REPL tests, replayed through `balrog repl` with stdin a pipe and
 * typed in a pseudo-terminal: every line of every session (sessions/, the
 * inputs of nodejs/node's test/parallel/test-repl*.js) must print what Node 20
 * printed for it (expected/*.node20.txt and *.node20.pty.txt, recorded by
 * record-node.ts), after normalize().
 * A line may differ only if deliberate.json lists it with the reason (the
 * table in README.md); a listed line that no longer differs fails too, so the
 * list stays true.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { balrog, project } from '../helpers/balrog-process.js';
import { replayInTerminal } from './pty-session.js';
import { conformanceDir, loadSessions, normalize, parseRecording, type Session } from './sessions.js';
import { notRecordedMajor } from './recorded-major.js';

const marker = '--- conformance line end ---';

/** The deliberate differences: `<session>:<line number>` (`pty:` first for the terminal) -> reason key (README.md). */
const deliberate = JSON.parse(readFileSync(`${conformanceDir}deliberate.json`, 'utf8')) as Record<string, string>;

/** What balrog prints after each line of `lines`, piped, in one session. */
function runPiped(lines: readonly string[]): string[] {
  const stdin = lines.map((line) => `${line}\n.print ${marker}\n`).join('');
  const { stdout, status, stderr } = balrog(['repl'], stdin);
  assert.equal(status, 0, `balrog repl exited with ${status}: ${stderr}`);
  return stdout.split(`${marker}\n`).slice(0, lines.length);
}

/** Compares outputs line by line; returns what differs without being listed, and listed lines that agree. */
function compare(session: Session, prefix: string, expected: readonly string[], actual: readonly string[]): string[] {
  const problems: string[] = [];
  session.lines.forEach((line, i) => {
    const key = `${prefix}${session.name}:${i + 1}`;
    const want = normalize(expected[i]!);
    const got = normalize(actual[i] ?? '<nothing: the session ended>');
    if (got !== want && !deliberate[key]) {
      problems.push(`${key} ${JSON.stringify(line)}\n  node:   ${JSON.stringify(want)}\n  balrog: ${JSON.stringify(got)}`);
    } else if (got === want && deliberate[key]) {
      problems.push(`${key} is listed in deliberate.json but no longer differs: remove it`);
    }
  });
  return problems;
}

// Skipped on any Node major but the one whose own REPL output the expectations were recorded from (Node 20): other majors print differently.
describe("Node's REPL tests, piped", { skip: notRecordedMajor }, () => {
  for (const session of loadSessions()) {
    it(session.name, () => {
      const expected = parseRecording(readFileSync(`${conformanceDir}expected/${session.name}.node20.txt`, 'utf8'), session.lines);
      const actual = runPiped(session.lines);
      assert.deepEqual(
        compare(
          session,
          '',
          expected.map((e) => e.output),
          actual,
        ),
        [],
      );
    });
  }
});

/** The screen after typing `lines`, split into what followed each line (lines as the screen shows them: trimmed). */
async function runInTerminal(lines: readonly string[]): Promise<string[]> {
  const screen = await replayInTerminal(process.execPath, [bin], lines, {
    cwd: project,
    env: { ...process.env, NO_COLOR: '1', BALROG_REPL_HISTORY: '', TERM: 'xterm-256color' },
  });
  return parseRecording(
    screen,
    lines.map((l) => l.trimEnd()),
  ).map((o) => o.output);
}

const bin = new URL('../../../../bin/balrog.js', import.meta.url).pathname;

// Skipped on any Node major but the one whose own REPL output the expectations were recorded from (Node 20): other majors print differently.
describe("Node's REPL tests, typed in a terminal", { skip: notRecordedMajor }, () => {
  for (const session of loadSessions().filter((s) => s.terminal)) {
    it(session.name, async () => {
      const trimmed = session.lines.map((l) => l.trimEnd());
      const expected = parseRecording(readFileSync(`${conformanceDir}expected/${session.name}.node20.pty.txt`, 'utf8'), trimmed);
      const actual = await runInTerminal(session.lines);
      assert.deepEqual(
        compare(
          session,
          'pty:',
          expected.map((e) => e.output),
          actual,
        ),
        [],
      );
    });
  }
});
