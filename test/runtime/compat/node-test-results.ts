/**
 * A node:test reporter (`--test-reporter=<this file>`) for the compat runner:
 * one JSON line per finished test, `{"status","name","nesting"}`, so that a
 * file's results under plain node and under balrog can be compared test by
 * test. Suites (describe blocks) are left out: their tests are counted.
 */
interface TestEventData {
  name: string;
  nesting: number;
  skip?: boolean | string;
  todo?: boolean | string;
  details?: { type?: string };
}
interface TestEvent {
  type: string;
  data: TestEventData;
}

export default async function* nodeTestResults(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, nesting, skip, todo, details } = event.data;
    if (details?.type === 'suite') continue;
    const status =
      skip !== undefined && skip !== false
        ? 'skip'
        : todo !== undefined && todo !== false
          ? 'todo'
          : event.type === 'test:pass'
            ? 'pass'
            : 'fail';
    yield `${JSON.stringify({ status, name, nesting })}\n`;
  }
}
