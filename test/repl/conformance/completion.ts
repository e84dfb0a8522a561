/**
 * Tab completion cases (completion/cases.json, from nodejs/node's
 * test-repl-tab-complete.js plus balrog's own) and their comparison. Node
 * answers `[['console.log'], 'console.lo']`, balrog `[['log'], 'lo']`: both
 * tell readline what to put in place of the end of the line, so results are
 * compared as the lines they complete to.
 */
import { readFileSync } from 'node:fs';
import { conformanceDir } from './sessions.js';

/** One completion case. */
export interface CompletionCase {
  setup: string[];
  line: string;
}

export function loadCompletionCases(): CompletionCase[] {
  return (JSON.parse(readFileSync(`${conformanceDir}completion/cases.json`, 'utf8')) as { cases: CompletionCase[] }).cases;
}

/** The lines a completer's answer completes `line` to, sorted and without duplicates ('' separators dropped). */
export function completedLines(line: string, [candidates, replaced]: [string[], string | undefined]): string[] {
  const head = line.slice(0, line.length - (replaced ?? '').length);
  return [...new Set(candidates.filter((c) => c !== '').map((c) => head + c))].sort();
}
