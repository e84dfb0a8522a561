/**
 * A generated corpus of erasable TypeScript: every declaration form crossed
 * with every assertion form crossed with types from simple to nested. Each
 * case is a REPL input whose value is known (`value` erased of its types), so
 * the tests can check that balrog runs it and gets that value.
 */

/** One generated input and the JavaScript it must behave like. */
export interface CorpusCase {
  /** The TypeScript input. */
  source: string;
  /** The same input with the types removed by hand: what it must evaluate like. */
  javascript: string;
}

/** Types: each with a value expression of that type. */
const types: Array<[type: string, value: string]> = [
  ['number', '42'],
  ['{ a: number }', '{ a: 1 }'],
  ['{ a: number; b?: string }', '{ a: 1 }'],
  ['Record<string, unknown>', '{ k: 1 }'],
  ['Array<number>', '[1]'],
  ['number[]', '[1, 2]'],
  ['readonly number[]', '[3]'],
  ['[number, string]', "[1, 'a']"],
  ['string | number', "'s'"],
  ['(a: number) => number', '((a) => a + 1)'],
  ['Map<string, Array<{ a: 1 }>>', 'new Map()'],
  ['{ [key: string]: number }', '{ z: 26 }'],
  ["'literal'", "'literal'"],
  ['`id-${number}`', "'id-1'"],
  ['unknown', 'null'],
  ['number extends 1 ? true : false', 'false'],
  ['new () => object', 'Object'],
  ["typeof globalThis['Math']", 'Math'],
];

/** How a value is asserted: `{v}` is the value, `{T}` the type. */
const assertions: Array<[ts: string, js: string]> = [
  ['{v}', '{v}'],
  ['{v} as {T}', '{v}'],
  ['({v} as {T})', '({v})'],
  ['<{T}>({v})', '({v})'],
  ['{v} satisfies {T}', '{v}'],
  ['({v} as unknown as {T})', '({v})'],
  ['({v})!', '({v})'],
];

/** Declarations that take an asserted expression `{e}` typed `{T}`; each ends in an expression for the value. */
const declarations: Array<[ts: string, js: string]> = [
  ['const x: {T} = {e}; x', 'const x = {e}; x'],
  ['let y: {T} = {e}; y', 'let y = {e}; y'],
  ['var z: {T} = {e}; z', 'var z = {e}; z'],
  ['function id<T>(a: T): T { return a }; id<{T}>({e})', 'function id(a) { return a }; id({e})'],
  ['const arrow = <T,>(a: T): T => a; arrow({e})', 'const arrow = (a) => a; arrow({e})'],
  [
    'class Box<T> { value: {T} = {e}; private readonly tag?: string }; new Box<number>().value',
    'class Box { value = {e}; tag }; new Box().value',
  ],
  ['const [first]: [{T}] = [{e}]; first', 'const [first] = [{e}]; first'],
  ['type Alias = {T}; interface Shape { v: {T} } const held: Alias = {e}; held', 'const held = {e}; held'],
  ['[{e}].map((item: {T}): {T} => item)[0]', '[{e}].map((item) => item)[0]'],
  ['await Promise.resolve<{T}>({e})', 'await Promise.resolve({e})'],
  ['({ key: {e} as {T} }).key', '({ key: {e} }).key'],
];

/** Every declaration x assertion x type. */
export function generateCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const [declaration, declarationJs] of declarations) {
    for (const [assertion, assertionJs] of assertions) {
      for (const [type, value] of types) {
        const fill = (text: string, expression: string): string =>
          text.replaceAll('{e}', expression).replaceAll('{T}', type).replaceAll('{v}', value);
        cases.push({
          source: fill(declaration, fill(assertion, value)),
          javascript: declarationJs.replaceAll('{e}', assertionJs.replaceAll('{v}', value)),
        });
      }
    }
  }
  return cases;
}
