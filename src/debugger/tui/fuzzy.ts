/**
 * Fuzzy matching for the script picker: the letters typed, in order, anywhere
 * in the path (`svcjs` finds `src/service.js`), the best matches first.
 */

/** Characters after which a letter starts a word (`src/service.js`: s, s, j). */
const WORD_START = /[/\\._\-\s]/;

/**
 * How well `query` matches `text` as a subsequence, case-insensitively, or
 * undefined when it does not: letters in a row, at word starts and in the
 * file name count more. Each place the first letter occurs is tried.
 */
export function fuzzyScore(query: string, text: string): number | undefined {
  const needle = query.toLowerCase().replace(/\s+/g, '');
  if (needle === '') return 0;
  const haystack = text.toLowerCase();
  const nameStart = Math.max(haystack.lastIndexOf('/'), haystack.lastIndexOf('\\')) + 1;
  let best: number | undefined;
  for (let start = haystack.indexOf(needle[0]!); start >= 0; start = haystack.indexOf(needle[0]!, start + 1)) {
    let score = 0;
    let at = start;
    let previous = -2;
    for (let index = 0; index < needle.length; index++) {
      at = index === 0 ? start : haystack.indexOf(needle[index]!, previous + 1);
      if (at < 0) break;
      score += 1;
      if (at === previous + 1) score += 5;
      if (at === 0 || WORD_START.test(haystack[at - 1]!)) score += 3;
      if (at >= nameStart) score += 2;
      previous = at;
    }
    if (at < 0) break;
    if (best === undefined || score > best) best = score;
  }
  return best;
}

/** The items whose text matches `query`, best first; shorter texts first among equals. */
export function fuzzyFilter<T>(query: string, items: readonly T[], textOf: (item: T) => string): T[] {
  const scored: Array<{ item: T; score: number; length: number }> = [];
  for (const item of items) {
    const text = textOf(item);
    const score = fuzzyScore(query, text);
    if (score !== undefined) scored.push({ item, score, length: text.length });
  }
  return scored.sort((a, b) => b.score - a.score || a.length - b.length).map((entry) => entry.item);
}
