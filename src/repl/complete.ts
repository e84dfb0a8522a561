/**
 * Tab completion: global names (which include the session's declarations),
 * keywords, and properties of `a.b.c` paths.
 */

const keywords = [
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete',
  'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import',
  'in', 'instanceof', 'interface', 'let', 'new', 'null', 'return', 'super', 'switch', 'this',
  'throw', 'true', 'try', 'type', 'typeof', 'var', 'void', 'while', 'with', 'yield',
];

const identifier = /^[A-Za-z_$][\w$]*$/;
const memberAccess = /((?:[A-Za-z_$][\w$]*)(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*)\s*\??\.\s*([\w$]*)$/;
const bareWord = /(?:^|[^\w$.]|\.\.\.)([A-Za-z_$][\w$]*|)$/;

/**
 * Readline-style completions for the end of `line`, looking names up on
 * `scope`; `shadows` holds bindings that hide the scope's own (the session's
 * `class Map {}`), looked up first.
 */
export function completeLine(line: string, scope: object = globalThis, shadows?: object): [string[], string] {
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
    // A member of something that is not a plain path (`f().`, `[1].`): never every global.
    return [[], afterDot[1]!];
  }
  const word = bareWord.exec(line);
  const partial = word?.[1] ?? '';
  const names = [...propertyNames(scope), ...(shadows ? propertyNames(shadows) : []), ...keywords];
  return [matching(names, partial), partial];
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
      for (const name of Object.getOwnPropertyNames(o)) if (identifier.test(name)) names.add(name);
    }
  } catch {
    // A trap threw: keep the names gathered before it.
  }
  return [...names];
}

function matching(names: string[], partial: string): string[] {
  return [...new Set(names.filter((n) => n.startsWith(partial) && !n.startsWith('$balrog')))].sort();
}
