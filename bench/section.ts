/** What each benchmark module's `run()` returns to bench/main.ts. */
export interface BenchSection {
  title: string;
  rows: Array<{ name: string; value: string; target?: string; ok?: boolean }>;
  notes?: string[];
}
