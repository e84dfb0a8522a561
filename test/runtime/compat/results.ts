/**
 * Test results of one run of a suite (plain node, or under balrog), and the
 * comparison that the compat check is about: a test that passes under plain
 * node must pass under balrog.
 */

export type Status = 'pass' | 'fail' | 'skip' | 'todo';

/** Test key (file, then the name as the runner reports it) → status. */
export type Results = Map<string, Status>;

/** Adds `name` of `file` to `results`; a name seen again in the same file gets ` #2`, ` #3`... */
export function record(results: Results, file: string, name: string, status: Status): void {
  const base = `${file} › ${name}`;
  let key = base;
  for (let n = 2; results.has(key); n++) key = `${base} #${n}`;
  results.set(key, status);
}

export interface Comparison {
  tests: number;
  passPlain: number;
  passBalrog: number;
  /** Pass under plain node, fail (or never report) under balrog: what the check fails on. */
  regressions: string[];
  /** Fail under plain node (the suite's own state at the installed version), whatever balrog does. */
  failPlain: string[];
  /** Fail under plain node, pass under balrog. */
  passOnlyUnderBalrog: string[];
}

export function compare(plain: Results, balrog: Results): Comparison {
  const comparison: Comparison = {
    tests: plain.size,
    passPlain: 0,
    passBalrog: 0,
    regressions: [],
    failPlain: [],
    passOnlyUnderBalrog: [],
  };
  for (const [key, status] of plain) {
    const underBalrog = balrog.get(key);
    if (status === 'pass') comparison.passPlain++;
    if (underBalrog === 'pass') comparison.passBalrog++;
    if (status === 'pass' && underBalrog !== 'pass') {
      comparison.regressions.push(`${key} (under balrog: ${underBalrog ?? 'not reported'})`);
    }
    if (status === 'fail') {
      comparison.failPlain.push(key);
      if (underBalrog === 'pass') comparison.passOnlyUnderBalrog.push(key);
    }
  }
  return comparison;
}
