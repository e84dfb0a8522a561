/** The closing counts of a run of `node --test`, in the order it prints them. */
export const summaryCounts = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo', 'duration_ms'] as const;

/** What one test file's process hands the runner (file-reporter.ts): its counts and how many top-level tests it had. */
export interface FileSummary {
  topLevel: number;
  counts: Record<string, number>;
}
