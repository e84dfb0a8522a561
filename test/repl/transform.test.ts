import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyInput } from '../../src/repl/parse.js';
import { InputSyntaxError, transformInput } from '../../src/repl/transform.js';

const plain = { waitExpression: 'W' };
const repl = { waitExpression: 'W', bindingsExpression: 'B', importExpression: 'I' };

describe('transformInput: await becomes a fiber wait outside async functions', () => {
  const cases: Array<[string, string]> = [
    ['0', '0'],
    ['await 0', 'W( 0)'],
    ['(await 0);', '(W( 0));'],
    ['await (x)', 'W( (x))'],
    ['[1, 2].map(id => await get(id))', '[1, 2].map(id => W( get(id)))'],
    ['function f() { return await g() }', 'function f() { return W( g()) }'],
    ['async function f() { await 0 }', 'async function f() { await 0 }'],
    ['async () => await 0', 'async () => await 0'],
    ['class A { async m() { await 0 } }', 'class A { async m() { await 0 } }'],
    ['class A { x = await 1; static { await 2 } }', 'class A { x = W( 1); static { W( 2) } }'],
    ['function* g() { yield await 1 }', 'function* g() { yield W( 1) }'],
    ['await (await x).y', 'W( (W( x)).y)'],
    ['console.log(`${(await { a: 1 }).a}`)', 'console.log(`${(W( { a: 1 })).a}`)'],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => assert.equal(transformInput(input, plain).code, expected));
  }

  it('routes for await through a sync iterator that waits, also in non-async functions', () => {
    for (const input of ['for await (const x of it) {}', 'function f() { for await (const x of it) {} }']) {
      const { code } = transformInput(input, plain);
      assert.match(code, /for {7}\(const x of \(\(w,o\)=>/);
      assert.match(code, /\)\(W,it\)\) \{\}/);
    }
    const inAsync = 'async () => { for await (const x of it) {} }';
    assert.equal(transformInput(inAsync, plain).code, inAsync);
  });
});

describe('transformInput: TypeScript types are blanked in place', () => {
  const cases: Array<[string, string]> = [
    ['let x: number = 1', 'let x         = 1'],
    ['function f<T>(a?: T, b: string = ""): T { return a! }', 'function f   (a    , b         = "")    { return a  }'],
    ['const v = foo as unknown as Bar', 'const v = foo                  '],
    ['const v = foo satisfies Bar', 'const v = foo              '],
    ['const v = <any>foo', 'const v =      foo'],
    ['interface I { a: string }', '                         '],
    ['type T = { a: 1 }\n1', '                 \n1'],
    ['f<string>(1)', 'f        (1)'],
    ['declare const x: number', '                       '],
    ['import type { T } from "m"', '                          '],
    ['function f(this: Window, a: number) {}', 'function f(              a        ) {}'],
    [
      'abstract class C<T> extends B<T> implements I, J { private x?: number; y!: string; abstract z: T; m(): void {} }',
      '         class C    extends B                    {         x         ; y         ;                m()       {} }',
    ],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => assert.equal(transformInput(input, plain).code, expected));
  }

  it('generates parameter properties after super()', () => {
    const { code } = transformInput('class C extends B { constructor(private a: number, readonly b = 2) { super() } }', plain);
    assert.equal(code, 'class C extends B { constructor(        a        ,          b = 2) { super();this.a=a;this.b=b; } }');
  });

  it('generates enums with reverse mappings for numbers', () => {
    const { code } = transformInput('enum E { A, B = 5, C, "d" = "s" }', plain);
    const E = new Function(`${code}; return E`)() as Record<string, unknown>;
    assert.deepEqual({ ...E }, { 0: 'A', 5: 'B', 6: 'C', A: 0, B: 5, C: 6, d: 's' });
  });

  it('refuses namespaces with a clear message', () => {
    assert.throws(() => transformInput('namespace N { export const a = 1 }', plain), /namespaces are not supported/);
  });
});

describe('transformInput: top-level declarations', () => {
  it('sends const/let/class to the bindings object, in order, without touching the completion value', () => {
    const { code, lexicalNames } = transformInput('const a: number = 1, {b, c: [d]} = g(a); class K {}', repl);
    assert.equal(
      code,
      "{let $balrog$=(B.declare('const',{a:1}),B.declare('const',(({b, c: [d]})=>({b,d}))(g(a))))} " +
        "{let $balrog$=B.declare('let',{K:class K {}})}",
    );
    assert.deepEqual(lexicalNames, ['a', 'b', 'd', 'K']);
  });

  it('leaves var and function as script declarations and reports their names', () => {
    const result = transformInput('var a = 1; for (var i = 0; i < 1; i++) {} function f() { var inner }', repl);
    assert.equal(result.code, 'var a = 1; for (var i = 0; i < 1; i++) {} function f() { var inner }');
    assert.deepEqual(result.varNames, ['a', 'i', 'f']);
  });

  it('keeps nested declarations as they are', () => {
    const input = 'if (x) { let a = 1; class B {} } for (const y of z) {}';
    assert.equal(transformInput(input, repl).code, input);
  });

  it('turns imports into waited dynamic imports (default, named, namespace, side effect, types skipped)', () => {
    const { code } = transformInput('import a, { b as c, type T } from "m"\nimport * as ns from "n"\nimport "o"', repl);
    assert.equal(
      code,
      '{let $balrog$=B.declareImport(W(I("m")),[["a","default"],["c","b"]])}\n' +
        '{let $balrog$=B.declareImport(W(I("n")),[["ns","*"]])}\n{let $balrog$=W(I("o"))}',
    );
    assert.equal(transformInput('import a, { b } from "m"', plain).code, 'const {"default":a,"b":b}=W(import("m"));');
  });
});

describe('transformInput: positions', () => {
  it('maps line:column in the output back into the input', () => {
    const input = 'let t: string = "x"\nconst v = await f(), w = 2; null.x';
    const { code, map } = transformInput(input, repl);
    const line2 = code.split('\n')[1]!;
    const column = line2.indexOf('null.x') + 1;
    assert.deepEqual(map.toInput({ line: 2, column }), { line: 2, column: input.split('\n')[1]!.indexOf('null.x') + 1 });
  });

  it('throws InputSyntaxError for input that does not parse', () => {
    assert.throws(() => transformInput('await Promise..resolve()', plain), InputSyntaxError);
    assert.throws(() => transformInput('const x;', plain), InputSyntaxError);
  });
});

describe('classifyInput', () => {
  const cases: Array<[string, string]> = [
    ['1 + 1', 'complete'],
    ['', 'complete'],
    ['function f() {', 'incomplete'],
    ['let x = (1', 'incomplete'],
    ['`abc', 'incomplete'],
    ['/* comment', 'incomplete'],
    ['for (const x of [1,2,3]) {\nawait x', 'incomplete'],
    ['await Promise..resolve()', 'invalid'],
    ['const x', 'invalid'],
    ['1 +', 'incomplete'],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => assert.equal(classifyInput(input), expected));
  }
});
