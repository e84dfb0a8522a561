/**
 * The reporter each test file's process runs with (`--test-reporter`), so that
 * files run one process each (see run-files.ts) still print as one run of
 * `node --test`: Node's own default reporter (spec on a terminal, TAP otherwise;
 * spec always from Node 23), minus the file's closing summary and plan, which
 * go to the runner (a JSON file named by BALROG_TEST_SUMMARY) to be added up
 * and printed once. In TAP the top-level tests are numbered on from the files
 * before (BALROG_TEST_NUMBER_OFFSET) and only the first file says `TAP version 13`.
 */
import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { spec, type TestEvent, tap } from 'node:test/reporters';
import { type FileSummary, summaryCounts } from './summary.js';

type TestEventSource = AsyncGenerator<TestEvent, void>;

export default async function* fileReporter(source: TestEventSource): AsyncGenerator<string, void> {
  const summary: FileSummary = { topLevel: 0, counts: {} };
  const offset = Number(process.env.BALROG_TEST_NUMBER_OFFSET ?? 0);
  const events = withoutSummary(source, summary, offset);
  try {
    if (defaultIsSpec()) {
      yield* Readable.from(events).pipe(new spec());
    } else {
      let first = true;
      for await (const chunk of tap(events)) {
        if (first && offset > 0 && chunk === 'TAP version 13\n') continue;
        first = false;
        yield chunk;
      }
    }
  } finally {
    const path = process.env.BALROG_TEST_SUMMARY;
    if (path) writeFileSync(path, JSON.stringify(summary));
  }
}

/** What `node --test` itself picks when no reporter is named. */
export function defaultIsSpec(): boolean {
  return Number(process.versions.node.split('.')[0]) >= 23 || process.stdout.isTTY === true;
}

async function* withoutSummary(source: TestEventSource, summary: FileSummary, offset: number): TestEventSource {
  for await (const event of source) {
    const data = event.data as { nesting?: number; message?: string; count?: number; testNumber?: number };
    if (data.nesting === 0) {
      if (event.type === 'test:plan') {
        summary.topLevel = data.count ?? 0;
        continue;
      }
      if (event.type === 'test:diagnostic') {
        const match = /^(\w+) ([\d.]+)$/.exec(data.message ?? '');
        if (match && (summaryCounts as readonly string[]).includes(match[1]!)) {
          summary.counts[match[1]!] = Number(match[2]);
          continue;
        }
      }
      if ((event.type === 'test:pass' || event.type === 'test:fail') && typeof data.testNumber === 'number') {
        data.testNumber += offset;
      }
    }
    yield event;
  }
}
