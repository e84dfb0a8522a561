import { fileURLToPath } from 'node:url';

/** What each benchmark module's `run()` returns to bench/main.ts. */
export interface BenchSection {
  title: string;
  rows: Array<{ name: string; value: string; target?: string; ok?: boolean }>;
  notes?: string[];
}

/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A benchmark module run alone (`node dist/bench/<name>.js`, its `import.meta.url` given): prints its section as JSON. */
export function runAlone(moduleUrl: string, run: () => Promise<BenchSection>): void {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  run().then(
    (section) => console.log(JSON.stringify(section, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
