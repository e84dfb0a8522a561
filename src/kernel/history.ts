/**
 * The kernel's input history for history_request (tail, range, search), kept
 * in memory for the kernel's lifetime as session 1.
 */

/** One history entry as the protocol sends it: [session, line, input] or [session, line, [input, output]]. */
export type HistoryEntry = [number, number, string] | [number, number, [string, string | null]];

/** The fields of a history_request that matter here. */
export interface HistoryQuery {
  output?: boolean;
  hist_access_type?: string;
  session?: number;
  start?: number;
  stop?: number | null;
  n?: number | null;
  pattern?: string;
  unique?: boolean;
}

interface Record {
  line: number;
  input: string;
  output: string | null;
}

const SESSION = 1;

/** The inputs executed with store_history, numbered by execution count. */
export class History {
  readonly #records: Record[] = [];

  add(line: number, input: string): void {
    this.#records.push({ line, input, output: null });
  }

  /** Records the text/plain result of `line`, shown by history with output=true. */
  setOutput(line: number, output: string): void {
    const record = this.#records.findLast((r) => r.line === line);
    if (record) record.output = output;
  }

  /** Every input, oldest first (inspect finds TypeScript source as written here). */
  inputs(): string[] {
    return this.#records.map((r) => r.input);
  }

  query(q: HistoryQuery): HistoryEntry[] {
    const entries = this.#select(q);
    return entries.map((r) => (q.output ? [SESSION, r.line, [r.input, r.output]] : [SESSION, r.line, r.input]));
  }

  #select(q: HistoryQuery): Record[] {
    switch (q.hist_access_type) {
      case 'tail':
        return q.n ? this.#records.slice(-q.n) : [...this.#records];
      case 'range': {
        // Session 0 and negative numbers mean "this session", as in IPython.
        if (q.session !== undefined && q.session > 0 && q.session !== SESSION) return [];
        const start = q.start ?? 0;
        const stop = q.stop ?? Infinity;
        return this.#records.filter((r) => r.line >= start && r.line < stop);
      }
      case 'search': {
        const match = globToRegExp(q.pattern ?? '*');
        let found = this.#records.filter((r) => match.test(r.input));
        if (q.unique) {
          const seen = new Set<string>();
          found = found
            .reverse()
            .filter((r) => !seen.has(r.input) && seen.add(r.input))
            .reverse();
        }
        return q.n ? found.slice(-q.n) : found;
      }
      default:
        return [];
    }
  }
}

/** IPython's history search takes a glob: `*` any text, `?` one character. */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[\\s\\S]*')
    .replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${escaped}$`);
}
