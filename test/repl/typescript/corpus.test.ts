/**
 * Type erasure against a generated corpus (./corpus.ts: declaration x
 * assertion x type forms) and against Node's own type stripper, amaro (swc),
 * as the reference for what erasable TypeScript is: every case amaro's
 * strip-only mode accepts, balrog must accept, and every case must evaluate to
 * what the same input written in JavaScript evaluates to.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { ReplEvaluator } from '../../../src/repl/evaluator.js';
import { generateCorpus } from './corpus.js';

interface Amaro {
  transformSync(source: string, options: { mode: 'strip-only' }): { code: string };
}
const amaro = createRequire(import.meta.url)('amaro') as Amaro;

function amaroAccepts(source: string): boolean {
  try {
    amaro.transformSync(source, { mode: 'strip-only' });
    return true;
  } catch {
    return false;
  }
}

describe('TypeScript erasure on a generated corpus', () => {
  const cases = generateCorpus();

  it('has the declaration x assertion x type forms', () => {
    assert.ok(cases.length >= 784, `only ${cases.length} cases`);
  });

  it('runs every case to the value of its JavaScript twin, including all that amaro accepts', async () => {
    const evaluator = new ReplEvaluator();
    const failures: string[] = [];
    let acceptedByAmaro = 0;
    for (const { source, javascript } of cases) {
      // amaro parses modules and rejects `await` outside async functions, which the REPL accepts:
      // ask it about the form without the top-level await.
      if (amaroAccepts(source.replace(/^await /, ''))) acceptedByAmaro++;
      let expected: string;
      let actual: string;
      try {
        expected = inspect(await evaluator.evaluate(javascript));
      } catch (error) {
        expected = `throws ${String(error)}`;
      }
      try {
        actual = inspect(await evaluator.evaluate(source));
      } catch (error) {
        actual = `throws ${String(error)}`;
      }
      if (actual !== expected) failures.push(`${source}\n  got ${actual}\n  want ${expected}`);
    }
    assert.deepEqual(failures, []);
    // The corpus is not trivially outside what Node's stripper handles.
    assert.ok(acceptedByAmaro > cases.length / 2, `amaro accepted only ${acceptedByAmaro}`);
  });
});
