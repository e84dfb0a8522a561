/**
 * Golden transcripts: each fixtures/transcripts/<name>.repl is a REPL session
 * (`> ` starts an input, `... ` continues it, other lines are its output). The
 * inputs run through the real non-TTY `balrog repl`; the rendered transcript
 * must equal the file. On a mismatch `<name>.repl.actual` is written;
 * RESET_RESULTS=1 rewrites the files instead.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { balrog, project } from './helpers/balrog-process.js';

const fixtures = fileURLToPath(new URL('../../../test/repl/fixtures/', import.meta.url));
const transcripts = `${fixtures}transcripts/`;
// A dot-command, not an expression: an expression would change `_`.
const marker = '--- end of input ---';

function inputsOf(transcript: string): string[] {
  const inputs: string[] = [];
  for (const line of transcript.split('\n')) {
    if (line.startsWith('> ')) inputs.push(line.slice(2));
    else if (line.startsWith('... ') && inputs.length) inputs[inputs.length - 1] += `\n${line.slice(4)}`;
  }
  return inputs;
}

/** Output that differs between machines and Node versions: paths and internal line numbers. */
function normalize(text: string): string {
  return (
    text
      .replaceAll(project, '<project>')
      .replace(/\((node:[\w/.-]+):\d+:\d+\)/g, '($1)')
      // Node's own frames are named and ordered differently on each major: keep the user's.
      .replace(/^ +at .*\(node:[\w/.-]+\).*\n/gm, '')
      // Node 26's util.inspect marks a proxy (`Proxy({})`); earlier majors show its target.
      .replace(/\bProxy\((.*)\)$/gm, '$1')
  );
}

function render(inputs: string[], outputs: string[]): string {
  return inputs
    .map((input, i) => {
      const echoed = input
        .split('\n')
        .map((line, j) => `${j === 0 ? '> ' : '... '}${line}`)
        .join('\n');
      const output = normalize(outputs[i] ?? '<no output: the REPL stopped>\n');
      return `${echoed}\n${output}`;
    })
    .join('');
}

describe('golden transcripts through the non-TTY `balrog repl`', () => {
  for (const file of readdirSync(transcripts)
    .filter((f) => f.endsWith('.repl'))
    .sort()) {
    it(file, () => {
      const path = `${transcripts}${file}`;
      const expected = readFileSync(path, 'utf8');
      const inputs = inputsOf(expected);
      const stdin = inputs.map((input) => `${input}\n.print ${marker}\n`).join('');
      const { stdout, stderr, status } = balrog(['repl'], stdin);
      assert.equal(status, 0, `balrog repl exited with ${status}: ${stderr}`);
      const outputs = stdout.split(`${marker}\n`);
      const actual = render(inputs, outputs);
      if (process.env.RESET_RESULTS) {
        writeFileSync(path, actual);
        return;
      }
      if (actual !== expected) writeFileSync(`${path}.actual`, actual);
      else rmSync(`${path}.actual`, { force: true });
      assert.equal(actual, expected, `transcript differs: see ${path}.actual`);
    });
  }
});
