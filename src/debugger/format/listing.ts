/**
 * Source listings: `list [n]` and the line shown at each break, with line
 * numbers and the current line marked with `>`.
 */
import type { ChalkInstance } from 'chalk';
import { highlightLine } from './highlight.js';

/** Lines `current - context .. current + context` (1-based `current`), marked and numbered. */
export function formatListing(source: string, current: number, context: number, chalk: ChalkInstance | undefined): string[] {
  const lines = source.split(/\r?\n/);
  const first = Math.max(1, current - context);
  const last = Math.min(lines.length, current + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let number = first; number <= last; number++) {
    const text = lines[number - 1] ?? '';
    const marker = number === current ? '>' : ' ';
    const gutter = `${marker} ${String(number).padStart(width)} `;
    if (!chalk) out.push(`${gutter}${text}`.trimEnd());
    else if (number === current) out.push(chalk.bold.cyan(gutter) + highlightLine(text, chalk));
    else out.push(chalk.dim(gutter) + highlightLine(text, chalk));
  }
  return out;
}
