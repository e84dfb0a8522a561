/**
 * Evaluation without side effects, for completion and inspection: V8's
 * debug-evaluate with `throwOnSideEffect` through an inspector session on
 * the kernel's own isolate, as Node's REPL previews do. An expression that
 * would call a getter with side effects, write anything, call a function that
 * might, or trap through a Proxy, throws an EvalError before it does; plain
 * property reads, literals and side-effect-free builtins (`[1, 2]`,
 * `Math.max`, `'abc'.length`) run.
 */
import { Session } from 'node:inspector';
import type { Protocol } from 'devtools-protocol';

/** Keeps a runaway side-effect-free evaluation (a pure but endless getter) short. */
const TIMEOUT_MS = 250;
const GROUP = 'balrog-introspection';

/** The result of a side-effect-free evaluation. */
export type Outcome = { ok: true; remote: Protocol.Runtime.RemoteObject } | { ok: false; reason: 'side-effect' | 'error'; message: string };

/** An inspector session that evaluates in the global scope of this thread. */
export class SideEffectFreeEvaluator {
  #session: Session | undefined;

  #post<T>(method: string, params: object): T {
    if (!this.#session) {
      this.#session = new Session();
      this.#session.connect();
    }
    // A session on the same thread answers synchronously, inside post().
    let answer: { error: Error | null; result?: object } | undefined;
    this.#session.post(method, params, (error: Error | null, result?: object) => {
      answer = { error, result };
    });
    if (!answer) throw new Error(`the inspector did not answer ${method} synchronously`);
    if (answer.error) throw answer.error;
    return answer.result as T;
  }

  /** Evaluates `expression` (not a statement) without side effects. */
  evaluate(expression: string): Outcome {
    const reply = this.#post<Protocol.Runtime.EvaluateResponse>('Runtime.evaluate', {
      expression: `(${expression}\n)`,
      throwOnSideEffect: true,
      timeout: TIMEOUT_MS,
      silent: true,
      objectGroup: GROUP,
    });
    return outcomeOf(reply);
  }

  /**
   * The string property names (own and inherited) of what `expression`
   * evaluates to, or undefined if it cannot be evaluated without side effects
   * or is null or undefined. Primitives give their wrapper's (`'a'.` → `at`).
   */
  propertyNames(expression: string): string[] | undefined {
    try {
      const value = this.evaluate(expression);
      if (!value.ok || value.remote.type === 'undefined' || value.remote.subtype === 'null') return undefined;
      const object = value.remote.objectId ? value : this.evaluate(`Object(${expression})`);
      if (!object.ok || !object.remote.objectId) return undefined;
      const names = this.#post<Protocol.Runtime.CallFunctionOnResponse>('Runtime.callFunctionOn', {
        objectId: object.remote.objectId,
        functionDeclaration: collectNames,
        returnByValue: true,
        throwOnSideEffect: true,
        timeout: TIMEOUT_MS,
        silent: true,
        objectGroup: GROUP,
      });
      const outcome = outcomeOf(names);
      return outcome.ok && Array.isArray(outcome.remote.value) ? (outcome.remote.value as string[]) : undefined;
    } finally {
      this.release();
    }
  }

  /** Frees the inspector's handles on what was evaluated. */
  release(): void {
    if (this.#session) this.#post('Runtime.releaseObjectGroup', { objectGroup: GROUP });
  }

  close(): void {
    this.#session?.disconnect();
    this.#session = undefined;
  }
}

// Runs in the inspected context with `this` bound to the object; only reflection, so it passes the side-effect check
// (on a Proxy, getOwnPropertyNames would run a trap, and the check stops it).
const collectNames = `function () {
  const names = new Set();
  for (let o = this; o !== null; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) names.add(name);
  }
  return [...names];
}`;

function outcomeOf(reply: Protocol.Runtime.EvaluateResponse | Protocol.Runtime.CallFunctionOnResponse): Outcome {
  if (!reply.exceptionDetails) return { ok: true, remote: reply.result };
  const message = reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text;
  const sideEffect = /Possible side-effect in debug-evaluate/.test(message);
  return { ok: false, reason: sideEffect ? 'side-effect' : 'error', message };
}
