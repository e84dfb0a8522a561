/**
 * The REPL's debugger: a worker thread (src/debugger/in-repl/worker.ts)
 * attached to this process's inspector in process (no port). The REPL does
 * not import the debugger (the debugger sits above it): it starts the
 * worker's file by path and talks to it over the worker's port.
 */
import { Worker } from 'node:worker_threads';
import type { DebuggerWorkerData, FromDebugger, ToDebugger } from './protocol.js';

/** Where the worker's entry is, next to the REPL's own compiled files. */
const workerEntry = new URL('../../debugger/in-repl/worker.js', import.meta.url);

/** A started debugger. */
export class ReplDebugger {
  readonly #worker: Worker;
  readonly #replies = new Map<number, (lines: string[]) => void>();
  #nextId = 1;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: FromDebugger) => {
      if (message.type !== 'reply') return;
      this.#replies.get(message.id)?.(message.lines);
      this.#replies.delete(message.id);
    });
  }

  /**
   * Starts the worker and resolves once `debugger;` stops (the worker has
   * enabled the inspector's Debugger domain); rejects with the reason it could not.
   */
  static start(data: DebuggerWorkerData): Promise<ReplDebugger> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(workerEntry, { workerData: data, stdout: false, stderr: false });
      const fail = (error: Error): void => {
        void worker.terminate();
        reject(error);
      };
      worker.once('error', fail);
      worker.once('exit', (code) => fail(new Error(`the debugger's worker exited with code ${code}`)));
      worker.once('message', (message: FromDebugger) => {
        if (message.type !== 'ready') return fail(new Error(message.type === 'failed' ? message.message : 'unexpected message'));
        worker.removeAllListeners('error');
        worker.removeAllListeners('exit');
        // A worker that dies later leaves the REPL without a debug prompt, not without a session.
        worker.on('error', () => {});
        // The REPL's exit does not wait for its debugger.
        worker.unref();
        resolve(new ReplDebugger(worker));
      });
    });
  }

  /** Runs a debug-prompt command (`b app.js:3`, `breakpoints`, `exceptions uncaught`); resolves with what it printed. */
  command(line: string): Promise<string[]> {
    return this.#request((id) => ({ type: 'command', id, line }));
  }

  #request(message: (id: number) => ToDebugger): Promise<string[]> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#replies.set(id, resolve);
      this.#post(message(id));
    });
  }

  /** `.pdb on|off`: prompt at the throw of an uncaught error, or only keep its frames for `.debug`. */
  pdb(on: boolean): Promise<string[]> {
    return this.#request((id) => ({ type: 'pdb', id, on }));
  }

  /** `.debug`: runs the post-mortem prompt (the terminal is lent); resolves when it is left, with what to print. */
  postMortem(): Promise<string[]> {
    return this.#request((id) => ({ type: 'post-mortem', id }));
  }

  /** The input that ran has ended. */
  inputEnded(): void {
    this.#post({ type: 'input-ended' });
  }

  /** Stops the worker (the REPL leaves). */
  stop(): Promise<number> {
    return this.#worker.terminate();
  }

  #post(message: ToDebugger): void {
    this.#worker.postMessage(message);
  }
}
