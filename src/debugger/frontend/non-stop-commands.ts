/**
 * The line front end in non-stop mode (`--non-stop`): the commands that act
 * on stopped fibers instead of a paused process, and the lines printed when
 * a fiber stops or a breakpoint is hit outside a fiber.
 *
 * While the process itself is paused (a `debugger;` statement, an exception,
 * `pause`, or after a step), the ordinary commands apply, as in stop-the-world
 * mode; `fibers`, `fiber N`, `b`, `cb`, `breakpoints` and `c` are always these.
 */
import type { ChalkInstance } from 'chalk';
import { BalrogError } from '../../core/errors.js';
import { describeNonStop, type NonStopController, type StepKind, type StoppedFiber } from '../engine/non-stop/controller.js';
import { displayPath, formatPosition } from '../engine/locations.js';
import type { DebugSession } from '../engine/session.js';
import type { Command, CommandContext } from './commands.js';
import { describeStack, sourceAround } from './describe.js';
import { parseBreakpointArgs } from './parse-breakpoint.js';

/** Said whenever the whole process is paused in non-stop mode. */
export const WHOLE_PROCESS_PAUSED =
  '(the whole process is paused: V8 steps and stops at `debugger;` only with every fiber paused; `c` lets it run)';

const controllerOf = (context: CommandContext): NonStopController => context.session.nonStop!;

/** The current fiber, when the commands about a frame apply to it (the process is not paused itself). */
const fiberInView = (context: CommandContext): StoppedFiber | undefined =>
  context.session.paused ? undefined : controllerOf(context).current;

const requireFiber = (context: CommandContext): StoppedFiber => {
  const fiber = fiberInView(context);
  if (fiber) return fiber;
  throw new BalrogError(
    controllerOf(context).fibers().length === 0
      ? 'no fiber is stopped: wait for one to reach a breakpoint (`fibers` lists them)'
      : 'no fiber is selected: `fiber <N>` (see `fibers`)',
    { code: 'ERR_BALROG_TARGET_RUNNING' },
  );
};

/** `fiber 2 stopped in service.js:12 (GET /order/2)` and its source line. */
export async function describeStopped(session: DebugSession, fiber: StoppedFiber, chalk: ChalkInstance | undefined): Promise<string[]> {
  const frame = fiber.frames.frames[0]!;
  const lines = [`fiber ${fiber.id} stopped in ${formatPosition(frame.position)}${fiber.request ? ` (${fiber.request})` : ''}`];
  lines.push(...(await sourceAround(session, frame, 0, chalk)));
  return lines;
}

const showFiberFrame = async (context: CommandContext, fiber: StoppedFiber): Promise<void> => {
  const frames = fiber.frames;
  context.print(describeStack([frames.selected], frames.selected.index)[0]!);
  for (const line of await sourceAround(context.session, frames.selected, 0, context.chalk)) context.print(line);
};

const step =
  (kind: StepKind, fallback: Command | undefined): Command['run'] =>
  async (context, args) => {
    if (context.session.paused) {
      await fallback?.run(context, args);
      return;
    }
    const fiber = requireFiber(context);
    await controllerOf(context).step(kind);
    const pause = context.session.paused;
    if (pause) await context.showStop({ kind: 'paused', pause });
    context.print(`fiber ${fiber.id} stepped ${WHOLE_PROCESS_PAUSED}`);
  };

/** The commands that replace the ordinary ones in non-stop mode; `ordinary` finds those. */
export function nonStopCommands(ordinary: (name: string) => Command | undefined): Command[] {
  const inFiberOr =
    (name: string, run: (context: CommandContext, args: string, fiber: StoppedFiber) => Promise<void>): Command['run'] =>
    async (context, args) => {
      const fiber = fiberInView(context);
      if (!fiber) {
        const fallback = ordinary(name);
        if (!fallback) throw new BalrogError(`\`${name}\` needs a stopped fiber`, { code: 'ERR_BALROG_TARGET_RUNNING' });
        await fallback.run(context, args);
        return;
      }
      await run(context, args, fiber);
    };
  return [
    {
      names: ['c', 'cont', 'continue'],
      usage: '[all]',
      help: 'let the current fiber go on (`c all`: every stopped fiber); the process runs',
      async run(context, args) {
        const controller = controllerOf(context);
        if (args.trim() === 'all') {
          const count = await controller.continueAll();
          if (context.session.paused) await context.session.resume();
          context.print(`${count} stopped fiber${count === 1 ? '' : 's'} continued`);
          return;
        }
        if (args.trim())
          throw new BalrogError('usage: c (the current fiber) or c all (every stopped fiber)', { code: 'ERR_BALROG_DEBUG_COMMAND' });
        if (context.session.paused) {
          await context.session.resume();
          context.print('the process runs');
          return;
        }
        const fiber = await controller.continueCurrent();
        const next = controller.current;
        context.print(`fiber ${fiber.id} continued${next ? `; current fiber: ${next.id}` : ''}`);
      },
    },
    { names: ['n', 'next'], usage: '', help: 'step over (the whole process pauses while stepping)', run: step('over', ordinary('n')) },
    { names: ['s', 'step'], usage: '', help: 'step into (the whole process pauses while stepping)', run: step('into', ordinary('s')) },
    { names: ['o', 'out'], usage: '', help: 'step out (the whole process pauses while stepping)', run: step('out', ordinary('o')) },
    {
      names: ['help', 'h'],
      usage: '',
      help: 'this help',
      async run(context) {
        await ordinary('help')?.run(context, '');
        context.print('Non-stop mode (--non-stop):');
        const rows = nonStopCommands(ordinary)
          .filter((command) => command.names[0] !== 'help')
          .map((command) => [[command.names.join(', '), command.usage].filter(Boolean).join(' '), command.help] as const);
        const width = Math.max(...rows.map(([left]) => left.length)) + 2;
        for (const [left, help] of rows) context.print(`  ${left.padEnd(width)}${help}`);
      },
    },
    {
      names: ['fibers'],
      usage: '',
      help: 'list the stopped fibers (* marks the current one)',
      async run(context) {
        const controller = controllerOf(context);
        const fibers = controller.fibers();
        if (fibers.length === 0) context.print('No stopped fibers');
        for (const fiber of fibers) {
          const mark = fiber.id === controller.current?.id ? '*' : ' ';
          const request = fiber.request ? `  ${fiber.request}` : '';
          context.print(`${mark} ${fiber.id}  ${formatPosition(fiber.frames.frames[0]!.position)}${request}`);
        }
      },
    },
    {
      names: ['fiber'],
      usage: '<N>',
      help: 'make stopped fiber N the current one',
      async run(context, args) {
        if (!/^\d+$/.test(args.trim()))
          throw new BalrogError('usage: fiber <N> (a fiber number from `fibers`)', { code: 'ERR_BALROG_DEBUG_COMMAND' });
        const fiber = controllerOf(context).select(Number(args.trim()));
        for (const line of await describeStopped(context.session, fiber, context.chalk)) context.print(line);
      },
    },
    {
      names: ['b', 'break', 'sb'],
      usage: '<file>:<line> [if <cond>]',
      help: 'set a non-stop breakpoint: it stops the fiber that reaches it, not the process',
      async run(context, args) {
        const controller = controllerOf(context);
        if (!args.trim()) {
          await nonStopBreakpointList(context);
          return;
        }
        // `b 12`: that line of the current fiber's file (as `b <line>` means the paused frame's file).
        const bare = /^(\d+)(\s.*)?$/s.exec(args.trim());
        const frame = fiberInView(context)?.frames.selected ?? context.session.paused?.frames.selected;
        const spec = parseBreakpointArgs(bare && frame ? `${displayPath(frame.position.url)}:${bare[1]}${bare[2] ?? ''}` : args);
        if (spec.kind !== 'line')
          throw new BalrogError('non-stop mode takes `b <file>:<line>` breakpoints (not function names)', {
            code: 'ERR_BALROG_DEBUG_COMMAND',
          });
        const bp = await controller.setBreakpoint(spec.file, spec.line, spec.condition);
        context.print(`Breakpoint ${bp.id} at ${describeNonStop(bp)}`);
        if (bp.waiting) {
          context.print(
            '(code of that file is running now, so V8 refuses the edit: the breakpoint takes effect once it returns; retried meanwhile)',
          );
        }
        if (bp.locations.length === 0) {
          context.print(
            `(${spec.file} is not loaded yet: the breakpoint is pending and is set when a script whose path ends with ${spec.file} loads)`,
          );
        }
      },
    },
    {
      names: ['cb', 'clear'],
      usage: '<N> | all',
      help: 'remove non-stop breakpoint N, or all of them',
      async run(context, args) {
        const controller = controllerOf(context);
        const what = args.trim();
        if (what === 'all') {
          for (const bp of controller.breakpoints()) await controller.removeBreakpoint(bp.id);
          context.print('Cleared all breakpoints');
          return;
        }
        if (!/^\d+$/.test(what))
          throw new BalrogError('usage: cb <N> (a breakpoint number from `breakpoints`) or cb all', { code: 'ERR_BALROG_DEBUG_COMMAND' });
        const bp = await controller.removeBreakpoint(Number(what));
        context.print(`Cleared breakpoint ${bp.id} at ${describeNonStop(bp)}`);
      },
    },
    { names: ['breakpoints', 'bl'], usage: '', help: 'list breakpoints', run: nonStopBreakpointList },
    {
      names: ['bt', 'backtrace', 'where'],
      usage: '',
      help: "the current fiber's call stack when it stopped",
      run: inFiberOr('bt', async (context, _args, fiber) => {
        for (const line of describeStack(fiber.frames.frames, fiber.frames.selected.index)) context.print(line);
      }),
    },
    {
      names: ['up'],
      usage: '[n]',
      help: 'select the caller frame',
      run: inFiberOr('up', async (context, args, fiber) => {
        fiber.frames.move(Number(args.trim() || 1));
        await showFiberFrame(context, fiber);
      }),
    },
    {
      names: ['down'],
      usage: '[n]',
      help: 'select the callee frame',
      run: inFiberOr('down', async (context, args, fiber) => {
        fiber.frames.move(-Number(args.trim() || 1));
        await showFiberFrame(context, fiber);
      }),
    },
    {
      names: ['frame', 'f'],
      usage: '<N>',
      help: 'select frame N',
      run: inFiberOr('frame', async (context, args, fiber) => {
        if (!/^\d+$/.test(args.trim()))
          throw new BalrogError('usage: frame <N> (a frame number from `bt`)', { code: 'ERR_BALROG_DEBUG_COMMAND' });
        fiber.frames.select(Number(args.trim()));
        await showFiberFrame(context, fiber);
      }),
    },
    {
      names: ['list', 'l'],
      usage: '[n]',
      help: 'source around the current line of the current fiber',
      run: inFiberOr('list', async (context, args, fiber) => {
        const count = args.trim() ? Number(args.trim()) : 5;
        if (!Number.isInteger(count) || count < 0)
          throw new BalrogError('usage: list [n] (n: lines either side)', { code: 'ERR_BALROG_DEBUG_COMMAND' });
        for (const line of await sourceAround(context.session, fiber.frames.selected, count, context.chalk)) context.print(line);
      }),
    },
  ];
}

async function nonStopBreakpointList(context: CommandContext): Promise<void> {
  const list = controllerOf(context).breakpoints();
  if (list.length === 0) context.print('No breakpoints');
  for (const bp of list) context.print(`#${bp.id} ${describeNonStop(bp)}`);
}

/** The non-stop version of command `name`, when the session is in non-stop mode and has one. */
export function findNonStopCommand(
  session: DebugSession,
  name: string,
  ordinary: (name: string) => Command | undefined,
): Command | undefined {
  if (!session.nonStop) return undefined;
  return nonStopCommands(ordinary).find((command) => command.names.includes(name));
}

/**
 * Prints what non-stop mode reports by itself: a fiber that stopped, a
 * breakpoint hit outside a fiber. Returns the function that stops following.
 */
export function followNonStop(
  session: DebugSession,
  chalk: ChalkInstance | undefined,
  print: (text: string) => void,
  after: () => void,
): () => void {
  const controller = session.nonStop;
  if (!controller) return () => {};
  const onStopped = (fiber: StoppedFiber): void => {
    void describeStopped(session, fiber, chalk)
      .then((lines) => {
        for (const line of lines) print(line);
      })
      .catch((error: Error) => print(`fiber ${fiber.id} stopped (cannot show where: ${error.message})`))
      .finally(after);
  };
  const onOutside = (_breakpoint: unknown, where: string): void => {
    print(`hit outside a fiber, not stopped: ${where}`);
    after();
  };
  controller.on('stopped', onStopped);
  controller.on('outside', onOutside);
  return () => {
    controller.off('stopped', onStopped);
    controller.off('outside', onOutside);
  };
}
