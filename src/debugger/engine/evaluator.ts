/**
 * Evaluation at a breakpoint with the REPL's syntax. The code runs on the
 * paused frame (`Debugger.evaluateOnCallFrame`), so when that frame is in a
 * fiber an `await` parks the fiber and the target's event loop keeps turning;
 * the value comes back to the same paused frame. No nested event loop runs.
 */
import type { Protocol } from 'devtools-protocol/types/protocol.js';
import { CdpClosedError, CdpError, type CdpClient } from '../cdp/client.js';
import { BalrogError } from '../../core/errors.js';
import { ABANDON_SIGNAL, helperExpression, waitExpression } from '../target/helper.js';
import { codeForTarget } from './input-transform.js';
import { formatThrown, formatValue } from './values.js';

/** The outcome of one evaluation, formatted. */
export interface Evaluation {
  ok: boolean;
  /** The printed value, or `Uncaught ...` for an error. */
  text: string;
  /** True when the value was undefined (the front end prints nothing, as the REPL does). */
  undefined: boolean;
}

const OBJECT_GROUP = 'balrog-eval';
/** Runs user input in the target: in the selected frame, or globally when not paused (the REPL's own Evaluator runs it in-process). */
export class TargetEvaluator {
  private pending = 0;

  constructor(
    private readonly client: CdpClient,
    private readonly targetPid: () => number | undefined,
  ) {}

  /** True while an evaluation is waiting for its result. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Evaluates `input` in the call frame `callFrameId` (globally when undefined). */
  async evaluate(input: string, callFrameId: string | undefined, colors: boolean, internalFrame?: string): Promise<Evaluation> {
    const transformed = codeForTarget(input);
    if ('failed' in transformed) return transformed.failed;
    const { code } = transformed;
    // Node's own modules are compiled in a scope where the helper cannot be
    // reached (an evaluation there fails with "Symbol is not defined").
    if (internalFrame !== undefined && code.includes(waitExpression)) {
      return {
        ok: false,
        text:
          `Uncaught InternalFrameError: cannot wait in Node's internal code (${internalFrame}): select a frame of the ` +
          "program with `up` or `frame <N>` (see `bt`), or step until the program's own code runs",
        undefined: false,
      };
    }
    this.pending++;
    // Whether the target handed out object ids (in the group to release): not for a primitive result.
    let handedOut = true;
    try {
      const reply = await this.run(code, callFrameId);
      handedOut = reply.result.objectId !== undefined || reply.exceptionDetails !== undefined;
      if (reply.exceptionDetails) return this.thrown(reply.exceptionDetails);
      let value = reply.result;
      if (value.objectId && (value.type === 'object' || value.type === 'function') && internalFrame === undefined && callFrameId) {
        const presented = await this.present(value.objectId, colors);
        if (presented && 'text' in presented) return { ok: true, text: presented.text, undefined: false };
        if (presented) {
          const awaited = await this.run(`${helperExpression}.waitStashed(${presented.stash})`, callFrameId);
          if (awaited.exceptionDetails) return this.thrown(awaited.exceptionDetails);
          value = awaited.result;
        }
      }
      return { ok: true, text: await formatValue(this.client, value, colors), undefined: value.type === 'undefined' };
    } catch (error) {
      if (error instanceof CdpClosedError)
        throw new BalrogError('the target exited during the evaluation', { code: 'ERR_BALROG_TARGET_GONE', cause: error });
      // The inspector refused or cut the evaluation (a signal, a terminated
      // execution): say so as an evaluation error, not a protocol error.
      if (error instanceof CdpError)
        return { ok: false, text: `Uncaught Error: the evaluation did not complete: ${error.cdpMessage}`, undefined: false };
      throw error;
    } finally {
      this.pending--;
      // Not awaited: the result is shown at once (a round trip less, four thread wake-ups in the target and
      // here); the inspector takes commands in order, so the group is gone before the next one runs.
      // Nothing to release after a primitive result: the target is left alone at once.
      if (handedOut && !this.client.closed) this.client.send('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => {});
    }
  }

  /**
   * Abandons pending evaluations (Ctrl+C). The inspector takes no command
   * while an evaluation waits, so the request goes through the target's event
   * loop as a signal. Returns false when the target cannot be signalled.
   */
  abandon(): boolean {
    const pid = this.targetPid();
    if (!this.busy || pid === undefined) return false;
    try {
      process.kill(pid, ABANDON_SIGNAL);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A thenable result is awaited implicitly, as in the REPL, and exactly as
   * `await` would: the value is stashed in the target by a call that runs no
   * user code, then waited for by an evaluation on the same paused frame
   * (waiting inside `Runtime.callFunctionOn` instead aborts the target at its
   * exit). Outside a fiber nothing is awaited and the thenable is shown as it
   * is: its `then` (user code, e.g. a query builder's) is never called there.
   * Any other object is formatted by the same call (one round trip, not two).
   * Resolves undefined when the helper cannot answer (the caller formats the
   * value itself).
   */
  private async present(objectId: string, colors: boolean): Promise<{ stash: number } | { text: string } | undefined> {
    const { result } = await this.client.send('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: `function (colors) { return ${helperExpression}.present(this, colors); }`,
      arguments: [{ value: colors }],
      returnByValue: true,
      silent: true,
    });
    const answer = result.value as { stash?: unknown; text?: unknown } | undefined;
    if (typeof answer?.text === 'string') return { text: answer.text };
    if (typeof answer?.stash === 'number') return { stash: answer.stash };
    return undefined;
  }

  private run(code: string, callFrameId: string | undefined): Promise<Protocol.Debugger.EvaluateOnCallFrameResponse> {
    // No includeCommandLineAPI (DevTools' console helpers: $_, copy(), queryObjects()...), as node inspect:
    // installing them costs ~1 ms per evaluation (measured on Node 20), before a paused await's timer even starts.
    const common = { expression: code, objectGroup: OBJECT_GROUP, generatePreview: false };
    return callFrameId
      ? this.client.send('Debugger.evaluateOnCallFrame', { callFrameId, ...common })
      : this.client.send('Runtime.evaluate', common);
  }

  private async thrown(details: Protocol.Runtime.ExceptionDetails): Promise<Evaluation> {
    return { ok: false, text: `Uncaught ${await formatThrown(this.client, details)}`, undefined: false };
  }
}
