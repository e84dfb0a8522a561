/**
 * Node's key-by-key REPL tests (test-repl-editor.js,
 * test-repl-history-navigation.js and test-repl-reverse-search.js: keys/, one
 * run per entry of their `tests` arrays) typed into `balrog` in a pseudo-terminal: after every step the
 * screen, cursor included, must be the one Node 20's own REPL showed
 * (expected/*.node20.keys.json, recorded by record-node-keys.ts). A step may
 * differ only if deliberate.json lists it (`keys:<session>:<run>.<step>`,
 * 1-based) with its reason; a listed step that agrees fails, so the list stays true.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { project } from '../helpers/balrog-process.js';
import { comparable, expectedPath, loadKeyedSessions, replayKeyed, type Settle, type Snapshot } from './keyed-terminal.js';
import { notRecordedMajor, recordedMajor } from './recorded-major.js';
import { conformanceDir } from './sessions.js';

const deliberate = JSON.parse(readFileSync(`${conformanceDir}deliberate.json`, 'utf8')) as Record<string, string>;
/**
 * Steps where balrog sometimes shows one other, exact screen (a known defect, with its reason):
 * that screen is reported as a diagnostic, not a failure; any third screen fails as usual.
 */
const intermittent = JSON.parse(readFileSync(`${conformanceDir}intermittent.json`, 'utf8')) as Record<
  string,
  { screen: string; reason: string }
>;
const bin = new URL('../../../../bin/balrog.js', import.meta.url).pathname;
/** How long a step may take to show Node's screen before the screen it shows is taken as balrog's answer. */
const stepTimeoutMs = 5000;
/** readline takes a lone Escape for a key only after its escape-code timeout (500 ms); the next key must wait for it. */
const escapeTimeoutMs = 600;

// Skipped on any Node major but the one whose own REPL output the expectations were recorded from (Node 20): other majors print differently.
describe("Node's key-by-key REPL tests, typed in a terminal", { skip: notRecordedMajor }, () => {
  for (const session of loadKeyedSessions()) {
    it(session.name, async (t) => {
      const expected = JSON.parse(readFileSync(expectedPath(session.name, recordedMajor), 'utf8')) as Snapshot[][];
      assert.deepEqual(
        expected.map((run) => run.length),
        session.runs.map((run) => run.steps.length),
        'the recording does not match keys/: record it again (record-node-keys.ts)',
      );
      // Wait for Node's screen (output comes in pieces: the line, then its preview); take what is there when it does not come.
      const settle: Settle = async (run, step, current, changed) => {
        const action = session.runs[run]!.steps[step]!;
        if (typeof action !== 'string' && action.key === 'escape') await new Promise((resolve) => setTimeout(resolve, escapeTimeoutMs));
        const deadline = Date.now() + stepTimeoutMs;
        const want = comparable(expected[run]![step]!);
        while (comparable(current()) !== want && Date.now() < deadline) await changed();
      };
      const actual = await replayKeyed(session, process.execPath, [bin], {
        cwd: project,
        env: { ...process.env, NO_COLOR: '1', TERM: 'xterm-256color' },
        historyEnv: 'BALROG_REPL_HISTORY',
        settle,
      });
      const problems: string[] = [];
      session.runs.forEach((run, r) => {
        run.steps.forEach((step, s) => {
          const key = `keys:${session.name}:${r + 1}.${s + 1}`;
          const want = comparable(expected[r]![s]!);
          const got = comparable(actual[r]![s]!);
          if (got !== want && intermittent[key]?.screen === got) {
            t.diagnostic(`${key}: the known intermittent screen (intermittent.json): ${JSON.stringify(got)}`);
          } else if (got !== want && !deliberate[key]) {
            problems.push(`${key} (${run.title}) after ${JSON.stringify(step)}\n--- node:\n${want}\n--- balrog:\n${got}`);
          } else if (got === want && deliberate[key]) {
            problems.push(`${key} is listed in deliberate.json but no longer differs: remove it`);
          }
        });
      });
      assert.deepEqual(problems, []);
    });
  }
});
