/**
 * `.debug` in the REPL (IPython's `%debug`): a post-mortem prompt at the frame
 * an input's uncaught error was thrown from.
 *
 * JavaScript unwinds the frames as it throws, so they are kept at the throw:
 * the debugger pauses on an error that will escape the input (as `.pdb on`
 * does), and while it is paused takes a snapshot: the user's frames (name,
 * place, for `bt` and `list`) and their scope objects, which the inspector
 * materialises with the values of that moment. The scope objects go into one
 * array held in an object group of their own, which a resume does not
 * release; then the input goes on at once. `.debug` reads that snapshot: `p`
 * evaluates with `Runtime.callFunctionOn` in a function that puts the
 * selected frame's scopes in front of the globals (`with`, innermost last),
 * so `p b` shows `b` as it was at the throw; `await` works there since the
 * isolate runs (it is an ordinary async call). The group is released when
 * the next error is captured.
 */
import type { ChalkInstance } from 'chalk';
import { BalrogError } from '../../core/errors.js';
import type { CdpClient } from '../cdp/client.js';
import type { Frame } from '../engine/frames.js';
import type { DebugSession, PauseInfo } from '../engine/session.js';
import { formatThrown, formatValue } from '../engine/values.js';
import { describeStack, sourceAround } from '../frontend/describe.js';
import { formatPosition } from '../engine/locations.js';
import { isInternalScript } from './internal-code.js';

const OBJECT_GROUP = 'balrog-post-mortem';
const EVAL_GROUP = 'balrog-post-mortem-eval';

interface SnapshotFrame {
  frame: Frame;
  /** Indexes of its scope objects in the retained array, innermost first. */
  scopes: number[];
}

interface Snapshot {
  frames: SnapshotFrame[];
  exception: string;
  /** The array of every frame's scope objects, in {@link OBJECT_GROUP}. */
  arrayId: string;
}

/** Commands that need a live frame, and what post-mortem offers instead. */
const LIVE_ONLY = new Set(['c', 'n', 's', 'o', 'pause', 'watch', 'unwatch', 'watchers', 'b', 'cb', 'exceptions', 'repl', 'kill', 'run']);

export class PostMortem {
  #snapshot: Snapshot | undefined;
  /** Why there is no snapshot, when the last error's frames could not be kept. */
  #notKept: string | undefined;
  #selected = 0;
  /** Set while an evaluation waits: gives up waiting (Ctrl+C). */
  #abandon: (() => void) | undefined;

  constructor(
    private readonly session: DebugSession,
    private readonly client: CdpClient,
  ) {}

  /** True when there is an error to debug. */
  get available(): boolean {
    return this.#snapshot !== undefined;
  }

  /**
   * Takes the snapshot of an exception pause (the isolate is paused). The
   * previous snapshot is released first: `.debug` is about the last error.
   */
  async capture(pause: PauseInfo): Promise<void> {
    await this.release();
    this.#notKept = undefined;
    const frames = pause.frames.frames.filter((frame) => !isInternalScript(frame.scriptUrl));
    const scopeIds: string[] = [];
    const kept: SnapshotFrame[] = frames.map((frame) => ({
      frame,
      scopes: frame.scopeChain
        .filter((scope) => scope.type !== 'global' && scope.object.objectId !== undefined)
        .map((scope) => scopeIds.push(scope.object.objectId!) - 1),
    }));
    if (kept.length === 0 || scopeIds.length === 0) return;
    const { result } = await this.client.send('Runtime.callFunctionOn', {
      objectId: scopeIds[0]!,
      functionDeclaration: 'function () { return Array.prototype.slice.call(arguments); }',
      arguments: scopeIds.map((objectId) => ({ objectId })),
      objectGroup: OBJECT_GROUP,
      silent: true,
    });
    if (!result.objectId) return;
    this.#snapshot = { frames: kept, exception: pause.exception ?? 'exception', arrayId: result.objectId };
  }

  /** Ctrl+C: stops waiting for the pending evaluation (its promise is left to itself); false when none waits. */
  abandon(): boolean {
    if (!this.#abandon) return false;
    this.#abandon();
    return true;
  }

  /** Drops the snapshot: `.debug` says `reason` until the next capture. */
  async forget(reason: string): Promise<void> {
    await this.release();
    this.#notKept = reason;
  }

  /** Why `.debug` has nothing to open. */
  get unavailableReason(): string {
    return this.#notKept ?? NOTHING_TO_DEBUG;
  }

  /** Frees the snapshot's objects. */
  async release(): Promise<void> {
    if (!this.#snapshot) return;
    this.#snapshot = undefined;
    await this.client.send('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => {});
  }

  /** What `.debug` shows first: where, what, the line. */
  async open(chalk: ChalkInstance | undefined): Promise<string[]> {
    const snapshot = this.#requireSnapshot();
    this.#selected = 0;
    const frame = snapshot.frames[0]!.frame;
    return [
      `post-mortem at ${formatPosition(frame.position)}`,
      `Exception: ${snapshot.exception}`,
      ...(await sourceAround(this.session, frame, 0, chalk)),
    ];
  }

  /**
   * Runs a line typed at the post-mortem prompt; resolves 'leave' for `q`
   * (and `c`, which has nothing to continue).
   */
  async handle(
    command: string,
    args: string,
    line: string,
    print: (text: string) => void,
    chalk: ChalkInstance | undefined,
  ): Promise<'leave' | undefined> {
    const snapshot = this.#requireSnapshot();
    const frames = snapshot.frames;
    const show = async (): Promise<void> => {
      const frame = frames[this.#selected]!.frame;
      print(describeStack([frame], frame.index)[0]!);
      for (const text of await sourceAround(this.session, frame, 0, chalk)) print(text);
    };
    const move = async (delta: number): Promise<void> => {
      const target = this.#selected + delta;
      if (target < 0) throw notHere('already at the innermost frame');
      if (target >= frames.length) throw notHere('already at the outermost frame');
      this.#selected = target;
      await show();
    };
    switch (command) {
      case '.exit':
        return 'leave';
      case 'c':
        print('(post-mortem: the input has ended, nothing to continue; back to the REPL)');
        return 'leave';
      case 'bt':
        for (const text of describeStack(
          frames.map((kept) => kept.frame),
          frames[this.#selected]!.frame.index,
        ))
          print(text);
        return;
      case 'up':
        await move(Number(args.trim() || 1));
        return;
      case 'down':
        await move(-Number(args.trim() || 1));
        return;
      case 'frame': {
        const wanted = frames.findIndex((kept) => String(kept.frame.index) === args.trim());
        if (wanted < 0) throw notHere(`there is no frame ${args.trim()}: see \`bt\``);
        this.#selected = wanted;
        await show();
        return;
      }
      case 'list': {
        const count = args.trim() ? Number(args.trim()) : 5;
        if (!Number.isInteger(count) || count < 0) throw notHere('usage: list [n] (n: lines either side)');
        for (const text of await sourceAround(this.session, frames[this.#selected]!.frame, count, chalk)) print(text);
        return;
      }
      case 'locals':
        await this.#locals(print, chalk);
        return;
      case 'p':
      case 'exec':
        if (!args.trim()) throw notHere(`usage: ${command} <expression>`);
        await this.#evaluate(args, print, chalk);
        return;
      case 'help':
        print(
          'post-mortem of the last uncaught error (the frames are as they were at the throw): bt, up [n], down [n], frame <N>, ' +
            'list [n], locals, p <expr> (or a bare expression; await works), q (or c, Ctrl+D) back to the REPL',
        );
        return;
      case '':
        await this.#evaluate(line, print, chalk);
        return;
      default:
        if (LIVE_ONLY.has(command))
          throw notHere(`\`${command}\` needs a live frame; post-mortem has none (the input has ended): q goes back to the REPL`);
        throw notHere(`\`${command}\` is not available post-mortem: see \`help\``);
    }
  }

  async #locals(print: (text: string) => void, chalk: ChalkInstance | undefined): Promise<void> {
    const seen = new Set<string>();
    let count = 0;
    for (const index of this.#requireSnapshot().frames[this.#selected]!.scopes) {
      const { result } = await this.client.send('Runtime.callFunctionOn', {
        objectId: this.#requireSnapshot().arrayId,
        functionDeclaration: `function () { return this[${index}]; }`,
        objectGroup: EVAL_GROUP,
        silent: true,
      });
      if (!result.objectId) continue;
      const { result: properties } = await this.client.send('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
      for (const property of properties) {
        if (seen.has(property.name) || !property.value || property.name.startsWith('$balrog$')) continue;
        seen.add(property.name);
        count++;
        print(`${property.name} = ${await formatValue(this.client, property.value, chalk !== undefined, true)}`);
      }
    }
    if (count === 0) print('No locals');
    await this.client.send('Runtime.releaseObjectGroup', { objectGroup: EVAL_GROUP }).catch(() => {});
  }

  async #evaluate(input: string, print: (text: string) => void, chalk: ChalkInstance | undefined): Promise<void> {
    const snapshot = this.#requireSnapshot();
    const scopes = snapshot.frames[this.#selected]!.scopes;
    // Outermost first, so that the innermost scope is searched first; sloppy mode, for `with`.
    const withs = [...scopes]
      .reverse()
      .map((index) => `with (this[${index}]) `)
      .join('');
    const expression = input.trim().replace(/;+$/, '');
    const isAsync = /\bawait\b/.test(expression);
    const abandoned = new Promise<never>((_, reject) => {
      this.#abandon = () => reject(notHere('Uncaught InterruptedError: evaluation abandoned (Ctrl+C)'));
    });
    try {
      const sent = this.client.send('Runtime.callFunctionOn', {
        objectId: snapshot.arrayId,
        functionDeclaration: `${isAsync ? 'async ' : ''}function () { ${withs}{ return (${expression}\n); } }`,
        objectGroup: EVAL_GROUP,
        awaitPromise: true,
        silent: true,
      });
      const reply = await Promise.race([sent, abandoned]);
      if (reply.exceptionDetails) print(`Uncaught ${await formatThrown(this.client, reply.exceptionDetails)}`);
      else if (reply.result.type !== 'undefined') print(await formatValue(this.client, reply.result, chalk !== undefined));
    } finally {
      this.#abandon = undefined;
      await this.client.send('Runtime.releaseObjectGroup', { objectGroup: EVAL_GROUP }).catch(() => {});
    }
  }

  #requireSnapshot(): Snapshot {
    if (!this.#snapshot) throw notHere(this.unavailableReason);
    return this.#snapshot;
  }
}

/** What `.debug` says when no error was captured. */
export const NOTHING_TO_DEBUG = 'no error to debug: .debug opens a post-mortem prompt at the frame of the last uncaught error of an input';

function notHere(message: string): BalrogError {
  return new BalrogError(message, { code: 'ERR_BALROG_DEBUG_COMMAND' });
}
