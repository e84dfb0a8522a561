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
 */
export function propertyNamesWithoutSideEffects(expression: string, timeoutMs = 100): string[] | undefined {
  try {
    const evaluated = post<{ result: RemoteObject; exceptionDetails?: unknown }>('Runtime.evaluate', {
      expression: `Object((${expression}\n))`,
      throwOnSideEffect: true,
      timeout: timeoutMs,
      silent: true,
      objectGroup: 'balrog-complete',
    });
    if (!evaluated || evaluated.exceptionDetails || !evaluated.result.objectId) return undefined;
    const names = post<{ result: { value?: unknown } }>('Runtime.callFunctionOn', {
      functionDeclaration: collectNames,
      objectId: evaluated.result.objectId,
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
