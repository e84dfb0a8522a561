/**
 * Tab completion against Node's own completer: every case of
 * completion/cases.json (from nodejs/node's test-repl-tab-complete.js, and
 * balrog's own) must complete to the lines Node 20 completes it to
 * (completion/expected.node20.json, recorded by record-node-completion.ts),
 * except the cases completion/deliberate.json lists with the reason. Runs the
 * terminal REPL's completer in process, on the global context, with Node's
 * built-in modules as globals (node:repl adds them in a terminal).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { addBuiltinModuleGlobals } from '../../../src/repl/builtin-globals.js';
import { ReplEvaluator } from '../../../src/repl/evaluator.js';
import { replCompleter } from '../../../src/repl/terminal-completer.js';
import { completedLines, loadCompletionCases } from './completion.js';
import { conformanceDir } from './sessions.js';
import { notRecordedMajor } from './recorded-major.js';

const expected = JSON.parse(readFileSync(`${conformanceDir}completion/expected.node20.json`, 'utf8')) as Record<string, string[]>;
const deliberate = JSON.parse(readFileSync(`${conformanceDir}completion/deliberate.json`, 'utf8')) as Record<string, string>;
/** node:repl's commands in the standalone REPL, plus balrog's. */
const commands = ['break', 'clear', 'editor', 'exit', 'help', 'load', 'save', 'autoawait'];

/** Candidates Node offers that are not completions of anything a user could mean here (its `__proto__` and the like are kept). */
// Skipped on any Node major but the one whose own REPL output the expectations were recorded from (Node 20): other majors print differently.
describe("Tab completion, against Node's completer", { skip: notRecordedMajor }, () => {
  it('completes every case to what Node 20 completes it to, or to what deliberate.json says why not', async () => {
    const previous = process.cwd();
    process.chdir(`${conformanceDir}../fixtures/project`);
    addBuiltinModuleGlobals();
    const problems: string[] = [];
    try {
      for (const [index, testCase] of loadCompletionCases().entries()) {
        const key = `${index}:${testCase.line}`;
        const evaluator = new ReplEvaluator();
        for (const setup of testCase.setup) await evaluator.evaluate(setup);
        const actual = completedLines(testCase.line, replCompleter(evaluator, () => commands)(testCase.line));
        const want = expected[key];
        assert.ok(want, `no recorded expectation for ${key}: run record-node-completion.js`);
        const same = JSON.stringify(actual) === JSON.stringify(want);
        if (!same && !deliberate[key]) {
          const missing = want.filter((l) => !actual.includes(l));
          const extra = actual.filter((l) => !want.includes(l));
          problems.push(`${key}: missing ${JSON.stringify(missing.slice(0, 10))} extra ${JSON.stringify(extra.slice(0, 10))}`);
        } else if (same && deliberate[key]) {
          problems.push(`${key} is listed in completion/deliberate.json but no longer differs: remove it`);
        }
      }
    } finally {
      process.chdir(previous);
    }
    assert.deepEqual(problems, []);
  });
});
