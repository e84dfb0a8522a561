/**
 * `exceptions uncaught` for fiber programs. V8 decides "uncaught" by looking
 * for a catch handler on the throwing thread's stack; in a fiber the stack
 * ends in balrog's own code (core/spawn.ts, core/fiber.ts), which catches
 * everything to hand it to the fiber's promise. So V8 calls every exception
 * in a fiber caught, and the first uncaught pause comes later, in
 * runtime/uncaught.ts, with the throwing frame gone.
 *
 * So in a target with balrog's core the session asks V8 to pause on every
 * exception and decides itself: an exception is caught when a frame of the
 * user's code (neither Node's nor balrog's) between the throw and balrog's
 * fiber entry is inside a `try` block that has a `catch`; otherwise it is
 * uncaught and the pause is shown, at the throw, in the user's frame.
 */
import { parse } from '@babel/parser';
import type * as t from '@babel/types';
import type { CdpClient } from '../cdp/client.js';
import type { Frame } from './frames.js';

/** Where a `try { ... } catch` block is, as offsets in a script. */
type Range = readonly [start: number, end: number];

export class UncaughtFilter {
  private readonly tryBlocks = new Map<string, Promise<Range[]>>();

  constructor(
    private readonly client: CdpClient,
    private readonly isBalrogCode: (url: string) => boolean,
  ) {}

  /** True when user code on `frames` (innermost first) catches an exception thrown at the top. */
  async caughtByUser(frames: readonly Frame[], scriptIdOf: (frame: Frame) => string | undefined): Promise<boolean> {
    for (const frame of frames) {
      if (frame.scriptUrl.startsWith('node:')) continue;
      // balrog's fiber entry: nothing the user wrote catches above this.
      if (this.isBalrogCode(frame.scriptUrl)) return false;
      const scriptId = scriptIdOf(frame);
      if (scriptId === undefined) continue;
      const blocks = await this.blocksOf(scriptId);
      const offset = await this.offsetOf(scriptId, frame.generatedLine, frame.generatedColumn);
      if (blocks.some(([start, end]) => start <= offset && offset < end)) return true;
    }
    return false;
  }

  private readonly lineStarts = new Map<string, Promise<number[]>>();

  private async offsetOf(scriptId: string, line: number, column: number): Promise<number> {
    let starts = this.lineStarts.get(scriptId);
    if (!starts) {
      starts = this.source(scriptId).then((text) => {
        const result = [0];
        for (let i = 0; i < text.length; i++) if (text[i] === '\n') result.push(i + 1);
        return result;
      });
      this.lineStarts.set(scriptId, starts);
    }
    return ((await starts)[line] ?? 0) + column;
  }

  private blocksOf(scriptId: string): Promise<Range[]> {
    let blocks = this.tryBlocks.get(scriptId);
    if (!blocks) {
      blocks = this.source(scriptId).then(tryBlocksIn);
      this.tryBlocks.set(scriptId, blocks);
    }
    return blocks;
  }

  private async source(scriptId: string): Promise<string> {
    const { scriptSource } = await this.client.send('Debugger.getScriptSource', { scriptId });
    return scriptSource;
  }
}

/** The `try` blocks of `source` that have a `catch` clause. */
export function tryBlocksIn(source: string): Range[] {
  let program: t.Node;
  try {
    program = parse(source, {
      sourceType: 'unambiguous',
      errorRecovery: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
    });
  } catch {
    return [];
  }
  const ranges: Range[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const typed = node as t.Node;
    if (typed.type === 'TryStatement' && typed.handler && typed.block.start != null && typed.block.end != null) {
      ranges.push([typed.block.start, typed.block.end]);
    }
    for (const [key, value] of Object.entries(typed)) {
      if (key !== 'loc' && key !== 'leadingComments' && key !== 'trailingComments' && value && typeof value === 'object') visit(value);
    }
  };
  visit(program);
  return ranges;
}
