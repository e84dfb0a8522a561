/**
 * Records Node's own REPL completer on completion/cases.json (a terminal REPL, as balrog's):
 * `node dist/test/repl/conformance/record-node-completion.js` writes
 * completion/expected.node<major>.json. Each case runs in a fresh REPL on the
 * global context (as `node` itself), in the fixture project. Not a test: run
 * it by hand on Node 20, then commit the file.
 */
import { writeFileSync } from 'node:fs';
import repl from 'node:repl';
import { PassThrough } from 'node:stream';
import { completedLines, loadCompletionCases } from './completion.js';
import { conformanceDir } from './sessions.js';

process.chdir(`${conformanceDir}../fixtures/project`);
const results: Record<string, string[]> = {};
for (const [index, testCase] of loadCompletionCases().entries()) {
  const input = new PassThrough();
  const output = new PassThrough();
  output.resume();
  const server = repl.start({ input, output, prompt: '', terminal: true, useGlobal: true });
  for (const setup of testCase.setup) input.write(`${setup}\n`);
  await new Promise((resolve) => setImmediate(resolve));
  const answer = await new Promise<[string[], string]>((resolve, reject) => {
    // REPLServer#complete: node:repl's own completer (not in @types/node).
    (server as unknown as { complete: (line: string, cb: (e: Error | null, d: [string[], string]) => void) => void }).complete(
      testCase.line,
      (error, data) => (error ? reject(error) : resolve(data)),
    );
  });
  results[`${index}:${testCase.line}`] = completedLines(testCase.line, answer);
  server.close();
}
const major = process.versions.node.split('.')[0];
writeFileSync(`${conformanceDir}completion/expected.node${major}.json`, `${JSON.stringify(results, null, 1)}\n`);
process.stdout.write(`${Object.keys(results).length} cases\n`);
process.exit(0);
