/**
 * Evaluation without side effects, for completion: V8 runs the expression
 * with throwOnSideEffect (as Node's eager preview does) through an in-process
 * inspector session, and refuses anything that could change state (a call
 * that assigns, I/O, a timer). Used for what is not a plain path: `f().`,
 * `[1, 2].`, `'text'.`.
 */
import inspector from 'node:inspector';

let session: inspector.Session | undefined;

function post<T>(method: string, params: object): T | undefined {
  session ??= connect();
  let result: T | undefined;
  // The in-process session answers synchronously.
  session.post(method, params, (error, value) => {
    if (!error) result = value as T;
  });
  return result;
}

function connect(): inspector.Session {
  const s = new inspector.Session();
  s.connect();
  return s;
}

interface RemoteObject {
  objectId?: string;
  type?: string;
  subtype?: string;
  value?: unknown;
  unserializableValue?: string;
}

/**
 * A call known to make a promise (`Promise.resolve(x)`, `new Promise(...)`, `fetch(url)`),
 * which V8 cannot run without side effects: a promise's members, found on
 * `Promise.prototype` without calling anything (Node's completer runs the call for them).
 */
function promiseMembers(expression: string): string[] | undefined {
  const call = /^(?:new\s+Promise|Promise\s*\.\s*(?:resolve|reject|all|allSettled|any|race)|fetch)\s*\(/.exec(expression);
  if (!call || closingBracket(expression, call[0].length - 1) !== expression.length - 1) return undefined;
  const prototype = post<{ result: RemoteObject; exceptionDetails?: unknown }>('Runtime.evaluate', {
    expression: 'Promise.prototype',
    throwOnSideEffect: true,
    silent: true,
    objectGroup: 'balrog-complete',
  });
  if (!prototype?.result.objectId || prototype.exceptionDetails) return undefined;
  const names = post<{ result: { value?: unknown } }>('Runtime.callFunctionOn', {
    functionDeclaration: collectNames,
    objectId: prototype.result.objectId,
    returnByValue: true,
    silent: true,
  });
  return Array.isArray(names?.result.value) ? (names.result.value as string[]) : undefined;
}

/** The index of the bracket that closes the one at `open` (string literals skipped), or -1. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const end = text.indexOf(c, i + 1);
      if (end === -1) return -1;
      i = end;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if ((c === ')' || c === ']' || c === '}') && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** `(await E)` at the start of `expression`, then only a member path: E and the path's names. */
function awaitedHead(expression: string): { operand: string; path: string[] } | undefined {
  const head = /^\(\s*await\s+/.exec(expression);
  if (!head) return undefined;
  const close = closingBracket(expression, 0);
  if (close === -1) return undefined;
  const rest = expression.slice(close + 1);
  if (!/^(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*\s*$/.test(rest)) return undefined;
  let operand = expression.slice(head[0].length, close);
  if (/\bawait\b/.test(operand)) return undefined;
  // `await Promise.resolve(x)` is `await x` (a thenable x is followed as `await x` follows it); `Promise.resolve` itself is not side-effect free.
  const resolve = /^Promise\s*\.\s*resolve\s*\(/.exec(operand);
  if (resolve && closingBracket(operand, resolve[0].length - 1) === operand.length - 1) {
    operand = operand.slice(resolve[0].length, -1).trim() || 'undefined';
  }
  return { operand, path: rest.split(/\s*\??\.\s*/).slice(1) };
}

/**
 * What awaiting `object` gives without waiting: the object itself if it is
 * not a promise, a fulfilled promise's result, or undefined (pending, rejected).
 */
function fulfilledValue(object: RemoteObject): RemoteObject | undefined {
  if (object.subtype !== 'promise' || !object.objectId) return object;
  const properties = post<{ internalProperties?: { name: string; value?: RemoteObject }[] }>('Runtime.getProperties', {
    objectId: object.objectId,
    ownProperties: true,
  });
  const internal = properties?.internalProperties ?? [];
  const state = internal.find((p) => p.name === '[[PromiseState]]')?.value?.value;
  const result = internal.find((p) => p.name === '[[PromiseResult]]')?.value;
  return state === 'fulfilled' ? result : undefined;
}

const collectNames = `function () {
  const names = new Set();
  try {
    for (let o = this; o !== null && o !== undefined; o = Object.getPrototypeOf(o)) {
      for (const name of Object.getOwnPropertyNames(o)) names.add(name);
    }
  } catch {}
  return [...names];
}`;

/**
 * The property names (own and inherited) of what `expression` evaluates to,
 * if V8 can evaluate it without side effects within `timeoutMs`; otherwise undefined.
 * An expression that starts with `(await E)` (`(await fetchUser()).name`) is
 * taken as E's value when E is not a promise or a promise already fulfilled
 * (its result read from the promise, nothing waited for); a pending or
 * rejected one offers nothing, and so does `await` anywhere else.
 */
export function propertyNamesWithoutSideEffects(expression: string, timeoutMs = 100): string[] | undefined {
  try {
    const awaited = awaitedHead(expression);
    if (!awaited && /\bawait\b/.test(expression)) return undefined;
    const evaluated = post<{ result: RemoteObject; exceptionDetails?: unknown }>('Runtime.evaluate', {
      expression: awaited ? `(${awaited.operand}\n)` : `Object((${expression}\n))`,
      throwOnSideEffect: true,
      timeout: timeoutMs,
      silent: true,
      objectGroup: 'balrog-complete',
    });
    if (!evaluated) return undefined;
    if (evaluated.exceptionDetails) return awaited ? undefined : promiseMembers(expression);
    let target = evaluated.result;
    if (awaited) {
      const settled = fulfilledValue(target);
      if (!settled) return undefined;
      // The members after `(await E)`: a plain path, read as path completion reads one (getters run).
      const anchor = post<{ result: RemoteObject }>('Runtime.evaluate', {
        expression: 'globalThis',
        silent: true,
        objectGroup: 'balrog-complete',
      });
      if (!anchor?.result.objectId) return undefined;
      const argument = settled.objectId
        ? { objectId: settled.objectId }
        : settled.unserializableValue
          ? { unserializableValue: settled.unserializableValue }
          : { value: settled.value };
      const value = post<{ result: RemoteObject; exceptionDetails?: unknown }>('Runtime.callFunctionOn', {
        functionDeclaration: `function (v) { for (const k of ${JSON.stringify(awaited.path)}) v = v[k]; return v == null ? undefined : Object(v); }`,
        objectId: anchor.result.objectId,
        arguments: [argument],
        silent: true,
        objectGroup: 'balrog-complete',
      });
      if (!value || value.exceptionDetails) return undefined;
      target = value.result;
    }
    if (!target.objectId) return undefined;
    const names = post<{ result: { value?: unknown } }>('Runtime.callFunctionOn', {
      functionDeclaration: collectNames,
      objectId: target.objectId,
      returnByValue: true,
      silent: true,
    });
    return Array.isArray(names?.result.value) ? (names.result.value as string[]) : undefined;
  } catch {
    return undefined;
  } finally {
    post('Runtime.releaseObjectGroup', { objectGroup: 'balrog-complete' });
  }
}
