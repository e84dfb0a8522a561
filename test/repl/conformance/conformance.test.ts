/**
 * Node's own REPL tests, replayed through `balrog repl` with stdin a pipe:
 * every line of every session (sessions/, the inputs of nodejs/node's
 * test/parallel/test-repl*.js) must print what Node 20 printed for it
 * (expected/*.node20.txt, recorded by record-node.ts), after normalize().
 * A line may differ only if deliberate.json lists it with the reason (the
 * table in README.md); a listed line that no longer differs fails too, so the
 * list stays true.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { balrog } from '../balrog-process.js';
import { conformanceDir, loadSessions, normalize, parseRecording } from './sessions.js';

const marker = '--- conformance line end ---';

/** The deliberate differences: `<session>:<line number>` -> reason key (README.md). */
const deliberate = JSON.parse(readFileSync(`${conformanceDir}deliberate.json`, 'utf8')) as Record<string, string>;

/** What balrog prints after each line of `lines`, piped, in one session. */
export function runPiped(lines: readonly string[]): string[] {
  const stdin = lines.map((line) => `${line}\n.print ${marker}\n`).join('');
  const { stdout, status, stderr } = balrog(['repl'], stdin);
  assert.equal(status, 0, `balrog repl exited with ${status}: ${stderr}`);
  return stdout.split(`${marker}\n`).slice(0, lines.length);
}

describe("Node's REPL tests, piped", () => {
  for (const session of loadSessions()) {
    it(session.name, () => {
      const expected = parseRecording(
        readFileSync(`${conformanceDir}expected/${session.name}.node20.txt`, 'utf8'),
        session.lines,
      );
      const actual = runPiped(session.lines);
      const problems: string[] = [];
      session.lines.forEach((line, i) => {
        const key = `${session.name}:${i + 1}`;
        const same = normalize(actual[i] ?? '<nothing: the session ended>') === normalize(expected[i]!.output);
        if (!same && !deliberate[key]) {
          problems.push(`${key} ${JSON.stringify(line)}\n  node:   ${JSON.stringify(normalize(expected[i]!.output))}\n  balrog: ${JSON.stringify(normalize(actual[i] ?? ''))}`);
        } else if (same && deliberate[key]) {
          problems.push(`${key} is listed in deliberate.json but no longer differs: remove it`);
        }
      });
      assert.deepEqual(problems, []);
    });
  }
});
