/**
 * Golden transcripts: `test/debugger/fixtures/golden/<name>.txt`. Output is
 * made stable first (fixture paths, pids, ports, Node's internal frames); a
 * mismatch writes `<name>.actual` beside the golden file, and `RESET_RESULTS=1`
 * rewrites the golden files.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fixturesDir, repoRoot } from './debugger-process.js';

/** Makes a transcript independent of the machine, the run and the Node version. */
export function stabilize(text: string): string {
  return (
    text
      .split(fixturesDir)
      .join('<fixtures>/')
      .replace(/ws:\/\/[^\s)]+/g, 'ws://<inspector>')
      .replace(/\bprocess \d+/g, 'process <pid>')
      .split('\n')
      // Node's and balrog's own frames change with versions: keep user frames only.
      .filter((line) => !/ node:[\w/]+:\d+/.test(line) && !line.includes(`${repoRoot}src/`))
      // The program's own output (`< ...`) comes through another pipe, in no fixed
      // order with the debugger's: tests check it separately.
      .filter((line) => !line.startsWith('< '))
      // Bindings still in their temporal dead zone: V8 14 (Node 26) leaves them out of
      // a scope's variables, older V8s list them as undefined.
      .filter((line) => !/^\w+ = undefined$/.test(line))
      // Node's own objects gain fields between majors (Server's httpValidation on 24+):
      // their class, not their fields, is what a transcript shows.
      .map((line) => line.replace(/^(\w+ = (?:<ref \*\d+> )?(?:Server|Socket|IncomingMessage|ServerResponse)) \{.*$/, '$1 {…}'))
      .join('\n')
  );
}

/** Compares `actual` (stabilized) with the golden file `name`. */
export function assertGolden(name: string, actual: string): void {
  const file = `${fixturesDir}golden/${name}.txt`;
  const text = stabilize(actual);
  if (process.env.RESET_RESULTS === '1' || !existsSync(file)) {
    writeFileSync(file, text);
    if (process.env.RESET_RESULTS !== '1') assert.fail(`wrote new golden file ${file}: check it, then run again`);
    return;
  }
  const expected = readFileSync(file, 'utf8');
  if (text !== expected) writeFileSync(`${file.slice(0, -4)}.actual`, text);
  else rmSync(`${file.slice(0, -4)}.actual`, { force: true });
  assert.equal(text, expected, `transcript differs from ${file} (see the .actual file beside it)`);
}
