/**
 * Turns one REPL input (TypeScript or JavaScript) into script code that runs
 * in a fiber: every `await` outside an async function becomes a call to a
 * wait function, `for await` outside one iterates through that wait, types are
 * stripped, and (optionally) top-level declarations are routed to a bindings
 * object so that a later input may declare them again.
 *
 * Edits are splices over the input (as Node's lib/internal/repl/await.js does),
 * blanking types with spaces so that most positions do not move; the returned
 * map takes the rest back to the input.
 */
import type * as t from '@babel/types';
import { parseInput } from './parse.js';
import { SourceEdit, type InputMap } from './source-edit.js';
import { blankModifiers, isAmbient, stripTypesAround, typeOnlyNodes } from './strip-types.js';
import { boundNames, children } from './walk.js';

export { InputSyntaxError } from './parse.js';

/** Options of {@link transformInput}. */
export interface TransformOptions {
  /**
   * A JavaScript expression that evaluates, where the output runs, to the fiber
   * `wait` function, e.g. `"globalThis[Symbol.for('balrog.core')].wait"`.
   */
  waitExpression: string;
  /**
   * A JavaScript expression for a {@link Bindings}-like object. When given,
   * top-level `const`, `let`, `class`, `enum` and `import` declarations become
   * calls `bindings.declare('const' | 'let', {name: value})` and
   * `bindings.declareImport(namespace, [[local, imported], ...])` instead of
   * script declarations, so that a later input may declare the same names
   * again. When omitted, declarations stay as they are (imports become
   * `const` declarations).
   */
  bindingsExpression?: string;
  /**
   * A JavaScript expression for a function `(specifier) => Promise<namespace>`
   * used for `import` declarations and `import()` calls (so that they resolve
   * from a chosen directory). When omitted, `import(specifier)` is used.
   */
  importExpression?: string;
  /**
   * Whether the output runs inside a block (the evaluator's `with (scope)`):
   * then a top-level async or generator function declaration would be local to
   * that block (only plain functions get a global binding there), so it becomes
   * `var f = async function f() {...}`.
   */
  insideBlock?: boolean;
  /**
   * A JavaScript expression for {@link iterateAwaiting} (`for await` outside an
   * async function). When omitted, the helper is written inline, which reads
   * the global `Symbol`: pass this where the input may shadow it.
   */
  forAwaitExpression?: string;
  /**
   * Names that a top-level `var` or `function` must not assign on the global
   * object (the builtins balrog itself and every library rely on: `var Set =
   * 1`): such a declaration goes to the bindings object as a `let`, like
   * `class Set {}`. Only with `bindingsExpression`.
   */
  isShadowedName?: (name: string) => boolean;
}

/** What {@link transformInput} produced. */
export interface TransformResult {
  /** Script code to run in a fiber. */
  code: string;
  /** Maps line:column positions in `code` back into the input. */
  map: InputMap;
  /** Names declared with `var` or `function` at the top (they become global object properties). */
  varNames: string[];
  /** Names declared at the top with `const`, `let`, `class`, `enum` or `import`. */
  lexicalNames: string[];
}

/** The variable that swallows declaration results, so that a declaration leaves the completion value alone. */
const sink = '$balrog$';

/**
 * Transforms one input. Throws {@link InputSyntaxError} when it does not parse.
 *
 * @example
 * transformInput('const a: number = await f()', { waitExpression: 'w' }).code
 * // 'const a         = w( f())'
 */
export function transformInput(source: string, options: TransformOptions): TransformResult {
  const { ast, forAwaitAt } = parseInput(source);
  const transformer = new Transformer(new SourceEdit(source), options, forAwaitAt);
  transformer.program(ast.program);
  const { code, map } = transformer.edit.apply();
  return {
    code,
    map,
    varNames: [...new Set(transformer.varNames)],
    lexicalNames: [...new Set(transformer.lexicalNames)],
  };
}

interface Scope {
  /** Inside an async function: `await` stays a real await there. */
  async: boolean;
  /** Inside any function: `var` there is not a top-level name. */
  inFunction: boolean;
}

class Transformer {
  readonly varNames: string[] = [];
  readonly lexicalNames: string[] = [];
  readonly edit: SourceEdit;
  readonly #options: TransformOptions;
  readonly #forAwaitAt: Set<number>;
  /** Nodes already blanked with their parent's text, not to be visited. */
  readonly #blanked = new WeakSet<t.Node>();

  constructor(edit: SourceEdit, options: TransformOptions, forAwaitAt: Set<number>) {
    this.edit = edit;
    this.#options = options;
    this.#forAwaitAt = forAwaitAt;
  }

  program(program: t.Program): void {
    const top: Scope = { async: false, inFunction: false };
    for (const statement of program.body) this.topStatement(statement, top);
  }

  topStatement(node: t.Statement, scope: Scope): void {
    const edit = this.edit;
    if (isAmbient(node)) return edit.blank(node.start!, node.end!);
    switch (node.type) {
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration': {
        const declaration = node.declaration;
        if (!declaration) return edit.blank(node.start!, node.end!);
        edit.blank(node.start!, declaration.start!);
        if (declaration.type.endsWith('Expression') || declaration.type === 'Identifier' || declaration.type.endsWith('Literal')) {
          return this.visit(declaration, scope);
        }
        return this.topStatement(declaration as t.Statement, scope);
      }
      case 'ExportAllDeclaration':
        return edit.blank(node.start!, node.end!);
      case 'ImportDeclaration':
        return this.importDeclaration(node);
      case 'VariableDeclaration':
        if (this.#options.bindingsExpression && (node.kind === 'const' || node.kind === 'let')) {
          return this.lexicalDeclaration(node, scope);
        }
        if (this.#options.bindingsExpression && node.kind === 'var' && this.shadows(node.declarations.flatMap((d) => boundNames(d.id)))) {
          return this.lexicalDeclaration(node, scope, 'let');
        }
        break;
      case 'FunctionDeclaration':
        if (this.#options.bindingsExpression && node.id && this.shadows([node.id.name])) {
          // `function Map() {}`: a binding of the session, like `class Map {}` (not hoisted).
          this.lexicalNames.push(node.id.name);
          edit.insert(node.start!, `{let ${sink}=${this.#options.bindingsExpression}.declare('let',{${key(node.id.name)}:`);
          this.visit(node, { ...scope, inFunction: true });
          edit.insert(node.end!, `})}`);
          return;
        }
        if (this.#options.insideBlock && node.id && (node.async || node.generator) && node.body) {
          edit.insert(node.start!, `var ${node.id.name}=`);
          this.visit(node, scope);
          edit.insert(node.end!, ';');
          return;
        }
        break;
      case 'ClassDeclaration':
        if (this.#options.bindingsExpression && node.id) {
          this.lexicalNames.push(node.id.name);
          edit.insert(node.start!, `{let ${sink}=${this.#options.bindingsExpression}.declare('let',{${key(node.id.name)}:`);
          this.visit(node, scope);
          edit.insert(node.end!, `})}`);
          return;
        }
        break;
      case 'TSEnumDeclaration':
        return this.enumDeclaration(node, scope, true);
      default:
        break;
    }
    this.visit(node, scope);
  }

  shadows(names: readonly string[]): boolean {
    const isShadowed = this.#options.isShadowedName;
    return isShadowed !== undefined && names.some((name) => isShadowed(name));
  }

  /** `const a = 1, {b} = c` -> one bindings.declare() per declarator, in order. */
  lexicalDeclaration(node: t.VariableDeclaration, scope: Scope, kind: 'const' | 'let' = node.kind as 'const' | 'let'): void {
    const edit = this.edit;
    const bindings = this.#options.bindingsExpression!;
    const declare = `${bindings}.declare('${kind}',`;
    node.declarations.forEach((declarator, index) => {
      const names = boundNames(declarator.id);
      this.lexicalNames.push(...names);
      const previousEnd = index === 0 ? node.start! : node.declarations[index - 1]!.end!;
      const open = index === 0 ? `{let ${sink}=(${declare}` : `),${declare}`;
      const init = declarator.init;
      if (declarator.id.type === 'Identifier') {
        const nameEnd = declarator.id.start! + declarator.id.name.length;
        edit.replace(previousEnd, declarator.id.start!, `${open}{`);
        edit.replace(nameEnd === declarator.id.start! ? nameEnd : declarator.id.start!, nameEnd, key(declarator.id.name));
        if (init) {
          // From the initializer's parentheses, if any (`x = (42 as number)`), to the declarator's end.
          edit.replace(nameEnd, outerStart(init), ':');
          this.visit(init, scope);
          edit.insert(declarator.end!, '}');
        } else {
          edit.replace(nameEnd, declarator.end!, ':undefined}');
        }
      } else {
        // A pattern is destructured by an arrow function's parameter, which has the same semantics.
        edit.replace(previousEnd, declarator.id.start!, `${open}((`);
        this.visit(declarator.id, scope);
        const value = init ? outerStart(init) : declarator.end!;
        edit.replace(declarator.id.end!, value, `)=>({${names.map(key).join(',')}}))(`);
        if (init) this.visit(init, scope);
        edit.insert(declarator.end!, ')');
      }
    });
    const last = node.declarations[node.declarations.length - 1]!;
    edit.replace(last.end!, node.end!, `))}${lineBreaks(this.edit.input.slice(last.end!, node.end!))}`);
  }

  /** `import a, {b as c} from 'm'` -> the module namespace, waited for, and const bindings. */
  importDeclaration(node: t.ImportDeclaration): void {
    const pairs: Array<[string, string]> = [];
    for (const specifier of node.specifiers) {
      if ((specifier as { importKind?: string }).importKind === 'type') continue;
      const imported =
        specifier.type === 'ImportDefaultSpecifier'
          ? 'default'
          : specifier.type === 'ImportNamespaceSpecifier'
            ? '*'
            : specifier.imported.type === 'Identifier'
              ? specifier.imported.name
              : specifier.imported.value;
      pairs.push([specifier.local.name, imported]);
    }
    const load = `${this.#options.waitExpression}(${this.importCall(JSON.stringify(node.source.value))})`;
    let code: string;
    if (pairs.length === 0 && node.specifiers.length > 0) {
      code = ''; // only types were imported
    } else if (pairs.length === 0) {
      code = `{let ${sink}=${load}}`;
    } else if (this.#options.bindingsExpression) {
      this.lexicalNames.push(...pairs.map(([local]) => local));
      code = `{let ${sink}=${this.#options.bindingsExpression}.declareImport(${load},${JSON.stringify(pairs)})}`;
    } else {
      const namespace = pairs.find(([, imported]) => imported === '*');
      const named = pairs.filter(([, imported]) => imported !== '*').map(([local, imported]) => `${JSON.stringify(imported)}:${local}`);
      code = namespace
        ? `const ${namespace[0]}=${load}${named.length ? `,{${named.join(',')}}=${namespace[0]}` : ''};`
        : `const {${named.join(',')}}=${load};`;
    }
    this.edit.replace(node.start!, node.end!, code + lineBreaks(this.edit.input.slice(node.start!, node.end!)));
  }

  importCall(specifier: string): string {
    return `${this.#options.importExpression ?? 'import'}(${specifier})`;
  }

  /** `enum E {A, B = 5, C}` -> an object built like TypeScript builds it (numbers map back to names). */
  enumDeclaration(node: t.TSEnumDeclaration, scope: Scope, topLevel: boolean): void {
    const edit = this.edit;
    const name = node.id.name;
    const bindings = this.#options.bindingsExpression;
    const members = node.members;
    const locals = members.map((m) => (m.id.type === 'Identifier' ? m.id.name : undefined));
    const declared = locals.filter((l): l is string => l !== undefined);
    let head = topLevel && bindings ? `{let ${sink}=${bindings}.declare('let',{${key(name)}:` : `${topLevel ? 'var' : 'let'} ${name}=`;
    if (topLevel && bindings) this.lexicalNames.push(name);
    else if (topLevel) this.varNames.push(name);
    head += `(($e)=>{const $m=(k,v)=>{$e[k]=v;if(typeof v==='number')$e[v]=k;return v};`;
    if (declared.length) head += `let ${declared.join(',')};`;
    const tail = `return $e})({})${topLevel && bindings ? '})}' : ';'}`;
    const close = node.end! - 1; // the enum's closing brace
    if (members.length === 0) {
      edit.replace(node.start!, node.end!, head + tail);
      return;
    }
    edit.replace(node.start!, members[0]!.start!, head);
    let previous: string | undefined;
    members.forEach((member, index) => {
      const memberName = member.id.type === 'Identifier' ? member.id.name : member.id.value;
      const assign = `${locals[index] !== undefined ? `${locals[index]}=` : ''}$m(${JSON.stringify(memberName)},`;
      const regionEnd = index + 1 < members.length ? members[index + 1]!.start! : close;
      if (member.initializer) {
        edit.replace(member.start!, member.initializer.start!, assign);
        this.visit(member.initializer, scope);
        edit.replace(member.initializer.end!, regionEnd, `);${lineBreaks(edit.input.slice(member.initializer.end!, regionEnd))}`);
      } else {
        const value = previous === undefined ? '0' : `${previous}+1`;
        edit.replace(member.start!, regionEnd, `${assign}${value});${lineBreaks(edit.input.slice(member.start!, regionEnd))}`);
      }
      previous = locals[index] ?? `$e[${JSON.stringify(memberName)}]`;
    });
    edit.replace(close, node.end!, tail);
  }

  visit(node: t.Node, scope: Scope): void {
    if (this.#blanked.has(node)) return;
    const edit = this.edit;
    if (typeOnlyNodes.has(node.type)) return edit.blank(node.start!, node.end!);
    if (isAmbient(node)) return edit.blank(node.start!, node.end!);
    stripTypesAround(edit, node);
    switch (node.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'TSNonNullExpression':
      case 'TSInstantiationExpression':
        // The type was blanked whole: only the expression holds code.
        return this.visit(node.expression, scope);
      case 'AwaitExpression':
        if (!scope.async) {
          edit.replace(node.start!, node.start! + 'await'.length, `${this.#options.waitExpression}(`);
          edit.insert(node.end!, ')');
        }
        break;
      case 'ForOfStatement':
        if ((node.await || this.#forAwaitAt.has(this.awaitKeywordOf(node))) && !scope.async) {
          const at = this.awaitKeywordOf(node);
          edit.blank(at, at + 'await'.length);
          edit.insert(node.right.start!, `${this.#options.forAwaitExpression ?? forAwaitHelper}(${this.#options.waitExpression},`);
          edit.insert(node.right.end!, ')');
        }
        break;
      case 'CallExpression':
        if (node.callee.type === 'Import' && this.#options.importExpression) {
          edit.replace(node.callee.start!, node.callee.end!, this.#options.importExpression);
        }
        break;
      case 'VariableDeclaration':
        if (node.kind === 'var' && !scope.inFunction) {
          for (const d of node.declarations) this.varNames.push(...boundNames(d.id));
        }
        break;
      case 'FunctionDeclaration':
        if (!scope.inFunction && node.id) this.varNames.push(node.id.name);
        return this.functionLike(node, scope);
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod':
        return this.functionLike(node, scope);
      case 'ClassDeclaration':
      case 'ClassExpression':
        this.classLike(node);
        break;
      case 'StaticBlock':
      case 'ClassProperty':
      case 'ClassPrivateProperty':
      case 'ClassAccessorProperty':
        // Initializers and static blocks run as (non-async) methods of the class.
        for (const child of children(node)) this.visit(child, { async: false, inFunction: true });
        return;
      case 'TSEnumDeclaration':
        return this.enumDeclaration(node, scope, false);
      case 'TSModuleDeclaration':
        throw new UnsupportedSyntaxError('TypeScript namespaces are not supported in the REPL: use an object or a module instead');
      case 'TSImportEqualsDeclaration':
        // `import x = require('m')` -> `var x = require('m')`
        if (node.isExport) edit.blank(node.start!, node.id.start!);
        edit.replace(node.isExport ? node.id.start! : node.start!, node.id.start!, 'var ');
        edit.blank(node.id.end!, node.moduleReference.start!);
        edit.insert(node.moduleReference.start!, '=');
        if (node.moduleReference.type === 'TSExternalModuleReference') {
          edit.replace(node.moduleReference.start!, node.moduleReference.expression.start!, 'require(');
        }
        if (!scope.inFunction) this.varNames.push(node.id.name);
        return;
      default:
        break;
    }
    for (const child of children(node)) this.visit(child, scope);
  }

  functionLike(node: t.Function, scope: Scope): void {
    const inner: Scope = { async: Boolean(node.async), inFunction: true };
    const returnType = (node as { returnType?: t.Node | null }).returnType;
    if (node.type === 'ArrowFunctionExpression' && returnType && /[\r\n]/.test(this.edit.input.slice(returnType.start!, returnType.end!))) {
      // `): Promise<{\n...\n}> =>` blanked would leave a line break before `=>`, which JavaScript
      // forbids: the `)` moves to just before the arrow (as amaro does).
      const paren = this.edit.input.lastIndexOf(')', returnType.start!);
      this.edit.blank(paren, paren + 1);
      this.edit.insert(returnType.end!, ')');
    }
    const params = node.params;
    const first = params[0];
    if (first?.type === 'Identifier' && first.name === 'this') {
      // TypeScript's `this` parameter only types `this`.
      this.edit.blank(first.start!, params[1] ? params[1].start! : first.end!);
    }
    const assignments: string[] = [];
    for (const child of children(node)) {
      if (child === first && first.type === 'Identifier' && first.name === 'this') continue;
      if (child.type === 'TSParameterProperty') {
        blankModifiers(this.edit, child.start!, child.parameter.start!);
        const name = child.parameter.type === 'Identifier' ? child.parameter.name : (child.parameter.left as t.Identifier).name;
        assignments.push(`;this.${name}=${name}`);
        this.visit(child.parameter, inner);
        continue;
      }
      // Parameters' defaults belong to the function; its name and decorators to the outside.
      this.visit(child, child === node.body || params.includes(child as t.Identifier) ? inner : scope);
    }
    if (assignments.length && node.body.type === 'BlockStatement') {
      const superCall = node.body.body.find(
        (s) => s.type === 'ExpressionStatement' && s.expression.type === 'CallExpression' && s.expression.callee.type === 'Super',
      );
      this.edit.insert(superCall ? superCall.end! : node.body.start! + 1, `${assignments.join('')};`);
    }
  }

  classLike(node: t.ClassDeclaration | t.ClassExpression): void {
    const edit = this.edit;
    if ((node as { abstract?: boolean }).abstract) {
      const at = edit.input.indexOf('abstract', node.start!);
      edit.blank(at, at + 'abstract'.length);
    }
    const implemented = node.implements;
    if (implemented?.length) {
      const at = edit.input.lastIndexOf('implements', implemented[0]!.start!);
      edit.blank(at, implemented[implemented.length - 1]!.end!);
      // Children of `implements` are blanked with it; don't visit them again (the AST itself stays
      // untouched: parseInput hands the same one to the next transform of this input).
      for (const clause of implemented) this.#blanked.add(clause);
    }
  }

  /** Offset of the `await` keyword of `for await (...)`. */
  awaitKeywordOf(node: t.ForOfStatement): number {
    const at = this.edit.input.indexOf('await', node.start! + 3);
    return at === -1 ? -1 : at;
  }
}

/** Raised for TypeScript constructs that the REPL does not support. */
export class UnsupportedSyntaxError extends SyntaxError {
  constructor(message: string) {
    super(message);
    this.name = 'SyntaxError';
    this.stack = `SyntaxError: ${message}`; // balrog's frames would say nothing about the input
  }
}

/**
 * `for await (x of it)` outside an async function -> `for (x of helper(wait, it))`:
 * a sync iterator that waits for each step of the async one (and for each
 * value of a sync iterable, as `for await` does).
 */
const forAwaitHelper =
  '((w,o)=>{const a=o[Symbol.asyncIterator];const i=a?a.call(o):o[Symbol.iterator]();' +
  'return{[Symbol.iterator](){return this},next(){const r=w(i.next());return a||r.done?r:{done:false,value:w(r.value)}},' +
  "return(v){return typeof i.return==='function'?w(i.return(v)):{done:true,value:v}}}})";

/** {@link forAwaitHelper} as a function of balrog's own realm: immune to a shadowed `Symbol`. */
export function iterateAwaiting(wait: (value: unknown) => unknown, iterable: unknown): Iterable<unknown> {
  const object = Object(iterable) as Record<symbol, (() => Iterator<unknown>) | undefined>;
  const asyncIterator = object[Symbol.asyncIterator];
  const iterator = asyncIterator ? asyncIterator.call(object) : object[Symbol.iterator]!.call(object);
  return {
    [Symbol.iterator]() {
      return this as Iterator<unknown>;
    },
    next() {
      const result = wait(iterator.next()) as IteratorResult<unknown>;
      return asyncIterator || result.done ? result : { done: false, value: wait(result.value) };
    },
    return(value?: unknown) {
      return typeof iterator.return === 'function' ? wait(iterator.return(value)) : { done: true, value };
    },
  } as Iterable<unknown> & Iterator<unknown>;
}

/** Where `node` starts, including parentheses around it (babel keeps them out of the node). */
function outerStart(node: t.Node): number {
  const extra = node.extra as { parenthesized?: boolean; parenStart?: number } | undefined;
  return extra?.parenthesized && extra.parenStart !== undefined ? extra.parenStart : node.start!;
}

function key(name: string): string {
  return name === '__proto__' ? '["__proto__"]' : name;
}

function lineBreaks(text: string): string {
  return text.replace(/[^\n]/g, '');
}
