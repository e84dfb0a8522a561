/**
 * The evaluator the kernel runs cells with: the REPL's Evaluator (fibers,
 * await anywhere, implicit await, TypeScript input). The kernel depends only
 * on this interface.
 */

/** What the kernel needs from an evaluator (a subset of repl/evaluator.ts). */
export interface CellEvaluator {
  /**
   * Runs code in a fiber; thenable results are awaited; rejects with the
   * user's error. `filename` names the script (the debugger's cell file).
   */
  evaluate(source: string, options?: { filename?: string }): Promise<unknown>;
  /** Abandons a pending await or a busy loop (the evaluation rejects with InterruptedError). */
  interrupt(): void;
  isComplete(source: string): 'complete' | 'incomplete' | 'invalid';
  /** 'Uncaught Error: ...' with the stack, like Node's REPL. */
  formatError(error: unknown): string;
}
