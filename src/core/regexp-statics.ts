/**
 * RegExp's legacy statics (`RegExp.$1`-`$9`, `input`, `lastMatch`, `lastParen`,
 * `leftContext`, `rightContext`) are one set per realm: whatever regular
 * expression ran last, on any fiber, sets them. So a fiber that matched, waited,
 * and read `RegExp.$1` would see another fiber's match. `wait()` keeps them per
 * fiber: it notes them before the fiber suspends and, if someone changed them
 * meanwhile, puts them back by running one synthesized expression over the same
 * input that captures the same substrings at the same place.
 *
 * Cost: reading three statics on each side of a wait (~0.6 µs, against ~30 µs for
 * the wait), the full set (~2 µs) only when they changed since the last full read
 * (by this fiber or, at a fiber's first wait, by any), and the restore (~10 µs, a
 * compile) only when both the fiber and someone else used them.
 */
const R = RegExp as unknown as Record<string, string> & RegExpConstructor;

/** The statics as a fiber left them. */
export interface RegExpStatics {
  readonly input: string;
  readonly lastMatch: string;
  readonly lastParen: string;
  readonly index: number;
  readonly groups: readonly string[];
}

// Read one by one, by name: a loop over the names would make each read a keyed
// lookup that V8 cannot cache (nine keys at one site), at every wait of every fiber.
function capture(): RegExpStatics {
  return {
    input: R.input,
    lastMatch: R.lastMatch,
    lastParen: R.lastParen,
    index: R.leftContext.length,
    groups: [R.$1, R.$2, R.$3, R.$4, R.$5, R.$6, R.$7, R.$8, R.$9],
  };
}

/** Whether the statics still read as `saved` (compared on three of them: a cheap check, exact in practice). */
function unchanged(saved: RegExpStatics): boolean {
  return R.input === saved.input && R.lastMatch === saved.lastMatch && R.lastParen === saved.lastParen;
}

/**
 * How many capture groups the expression had: `lastParen` is the value of its
 * last group, so the last group that reads as `lastParen` (or, if that is empty,
 * one past the last non-empty group).
 */
function groupCount(saved: RegExpStatics): number {
  const { groups, lastParen } = saved;
  if (lastParen !== '') return groups.lastIndexOf(lastParen) + 1;
  let last = groups.length;
  while (last > 0 && groups[last - 1] === '') last--;
  return last === 0 ? 0 : last + 1;
}

const compiled = new Map<string, RegExp>();

function restore(saved: RegExpStatics): void {
  // At the match's start (sticky, lastIndex = index): a lookbehind back to the
  // input's start, whose lookaheads capture each group where its text occurs,
  // then the match itself. Groups that matched nothing do not take part.
  let source = '(?<=^';
  const count = groupCount(saved);
  for (let i = 0; i < count; i++) {
    const group = saved.groups[i] ?? '';
    const at = group === '' ? -1 : saved.input.indexOf(group);
    source += at < 0 ? '(?:(){0})' : `(?=[^]{${at}}([^]{${group.length}}))`;
  }
  source += `[^]*)[^]{${saved.lastMatch.length}}`;
  let expression = compiled.get(source);
  if (expression === undefined) {
    if (compiled.size >= 64) compiled.delete(compiled.keys().next().value!);
    expression = new RegExp(source, 'y');
    compiled.set(source, expression);
  }
  expression.lastIndex = saved.index;
  expression.exec(saved.input);
}

// The last full set read, by any fiber: a fiber's first wait reuses it when the
// statics still read the same (most do: a fiber that ran no expression since,
// or one that ran the same one on the same input, as Node's header checks do
// for every response), instead of reading all thirteen.
let lastCaptured: RegExpStatics | undefined;

/**
 * A fiber's statics across its waits. `beforeSuspend()` returns what to restore
 * after (reusing the last snapshot when the fiber ran no expression since);
 * `afterResume()` restores it if needed and remembers it for the next wait.
 */
export class FiberRegExpStatics {
  #saved: RegExpStatics | undefined;

  beforeSuspend(): RegExpStatics {
    const saved = this.#saved ?? lastCaptured;
    if (saved !== undefined && unchanged(saved)) return saved;
    lastCaptured = capture();
    return lastCaptured;
  }

  afterResume(saved: RegExpStatics): void {
    if (!unchanged(saved)) restore(saved);
    this.#saved = saved;
  }
}
