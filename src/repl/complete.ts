/**
 * Tab completion: global names (which include the session's declarations),
 * keywords, properties of `a.b.c` paths, members of any other expression V8
 * can evaluate without side effects (`f().`, `[1].`), and module names after
 * `require('`, `import('` and `from '`.
 */

import { readdirSync } from 'node:fs';
import { builtinModules, isBuiltin } from 'node:module';
import path from 'node:path';

/** The words Tab offers besides names: JavaScript's keywords and TypeScript's few (shared with the kernel's completer). */
export const keywords: readonly string[] = [
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'interface',
  'let',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'type',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
];

const identifier = /^[A-Za-z_$][\w$]*$/;
/** Object.prototype's `__defineGetter__` family, which Node's completer leaves out (it keeps `__proto__`). */
const legacyAccessors = /^__(?:define|lookup)[GS]etter__$/;
const memberAccess = /(?<![\w$.)\]'"`])((?:[A-Za-z_$][\w$]*)(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*)\s*\??\.\s*([\w$]*)$/;
const bareWord = /(?:^|[^\w$.]|\.\.\.)([A-Za-z_$][\w$]*|)$/;

/** Finds the property names of an expression's value without running side effects (or undefined). */
export type SideEffectFreeNames = (expression: string) => string[] | undefined;

/**
 * Readline-style completions for the end of `line`, looking names up on
 * `scope`; `shadows` holds bindings that hide the scope's own (the session's
 * `class Map {}`), looked up first. `sideEffectFree`, when given, completes
 * members of what is not a plain path (`f().`, `[1].`, `'a'.`).
 */
export function completeLine(
  line: string,
  scope: object = globalThis,
  shadows?: object,
  sideEffectFree?: SideEffectFreeNames,
): [string[], string] {
  const specifier = moduleSpecifier.exec(line);
  if (specifier) {
    const partial = specifier[1] ?? specifier[2]!;
    return [matching(moduleNames(), partial), partial];
  }
  // As Node's completer: after what cannot start or continue a name (`f() `, `x + `), nothing.
  const end = line.trimEnd();
  if (end !== '' && !/[\w$.]$/.test(end)) return [[], ''];
  const member = memberAccess.exec(line);
  if (member) {
    const path = member[1]!.split(/\s*\??\.\s*/);
    const partial = member[2]!;
    const target = resolvePath(shadows && Object.hasOwn(shadows, path[0]!) ? shadows : scope, path);
    if (target === undefined || target === null) return [[], partial];
    return [matching(propertyNames(Object(target)), partial), partial];
  }
  const afterDot = /\??\.\s*([\w$]*)$/.exec(line);
  if (afterDot && !/(?:^|[^.])\.\.\.[\w$]*$/.test(line)) {
    // A member of something that is not a plain path (`f().`, `[1].`): its members if V8 can
    // tell without side effects, and never every global.
    const partial = afterDot[1]!;
    const expression = expressionBefore(line, afterDot.index);
    const names = expression && sideEffectFree ? sideEffectFree(expression) : undefined;
    return [
      names
        ? matching(
            names.filter((n) => identifier.test(n) && !legacyAccessors.test(n)),
            partial,
          )
        : [],
      partial,
    ];
  }
  const word = bareWord.exec(line);
  const partial = word?.[1] ?? '';
  // Keywords only for a word begun, as Node's completer.
  const names = [...propertyNames(scope), ...(shadows ? propertyNames(shadows) : []), ...(partial ? keywords : [])];
  return [matching(names, partial), partial];
}

const moduleSpecifier = /(?:\brequire|\bimport)\s*\(\s*['"]([\w@./:-]*)$|\bfrom\s*['"]([\w@./:-]*)$/;

let moduleNameCache: { cwd: string; names: string[] } | undefined;

/**
 * Public built-in modules (with and without `node:`; `node:test` and the like
 * only with it) and the packages in the working directory's node_modules, as
 * Node's completer offers them.
 */
function moduleNames(): string[] {
  const cwd = process.cwd();
  if (moduleNameCache?.cwd === cwd) return moduleNameCache.names;
  const names = new Set<string>();
  for (const name of builtinModules) {
    if (name.startsWith('_')) continue;
    names.add(name);
    names.add(`node:${name}`);
  }
  for (const name of ['sea', 'sqlite', 'test', 'test/reporters']) {
    if (!builtinModules.includes(name) && isBuiltin(`node:${name}`)) names.add(`node:${name}`);
  }
  for (const entry of listDirectory(path.join(cwd, 'node_modules'))) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const scoped of listDirectory(path.join(cwd, 'node_modules', entry))) names.add(`${entry}/${scoped}`);
    } else {
      names.add(entry);
    }
  }
  moduleNameCache = { cwd, names: [...names] };
  return moduleNameCache.names;
}

function listDirectory(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The expression that ends just before `line[dot]`: back over balanced
 * brackets and string literals to an operator, a separator or an opening
 * bracket; `new` in front is part of it. Undefined when it is not one.
 */
export function expressionBefore(line: string, dot: number): string | undefined {
  let depth = 0;
  let i = dot - 1;
  for (; i >= 0; i--) {
    const c = line[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const open = line.lastIndexOf(c, i - 1);
      if (open === -1) return undefined;
      i = open;
    } else if (c === ')' || c === ']' || c === '}') {
      depth++;
    } else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && /[\s;,=+\-*/%!&|?:<>~^]/.test(c)) {
      break;
    }
  }
  if (depth !== 0) return undefined;
  let start = i + 1;
  const newBefore = /\bnew\s+$/.exec(line.slice(0, start));
  if (newBefore) start = newBefore.index;
  const expression = line.slice(start, dot).trim();
  return expression === '' ? undefined : expression;
}

function resolvePath(scope: object, path: string[]): unknown {
  let value: unknown = scope;
  try {
    for (const name of path) {
      if (value === undefined || value === null) return undefined;
      value = Reflect.get(Object(value), name);
    }
  } catch {
    return undefined; // a getter threw: nothing to offer
  }
  return value;
}

/**
 * String property names of `object` and its prototypes that can follow a dot.
 * A Proxy may throw from its traps (or be revoked): what was found so far is
 * offered, and Tab never fails.
 */
function propertyNames(object: object): string[] {
  const names = new Set<string>();
  try {
    for (let o: object | null = object; o !== null; o = Object.getPrototypeOf(o) as object | null) {
      for (const name of Object.getOwnPropertyNames(o)) {
        if (identifier.test(name) && !legacyAccessors.test(name)) names.add(name);
      }
    }
  } catch {
    // A trap threw: keep the names gathered before it.
  }
  return [...names];
}

/** Names that start with `partial`, ignoring case as Node's completer does (`cus` offers `CustomEvent`). */
function matching(names: string[], partial: string): string[] {
  const lower = partial.toLowerCase();
  return [...new Set(names.filter((n) => n.toLowerCase().startsWith(lower) && !n.startsWith('$balrog')))].sort();
}
