/**
 * The line-mode debugger's commands, as one table: names (first is the main
 * one, the rest aliases), usage, help text and what each does. `help` is
 * generated from this table, aligned.
 */
import type { ChalkInstance } from 'chalk';
import { BalrogError } from '../../core/errors.js';
import type { DebugSession, ExceptionMode, Stop } from '../engine/session.js';
import { describeBreakpoint, describeBreakpoints, describeStack, sourceAround } from './describe.js';
import { parseBreakpointArgs } from './parse-breakpoint.js';

/** What a command can do to the front end that runs it. */
export interface CommandContext {
  session: DebugSession;
  chalk: ChalkInstance | undefined;
  print(text: string): void;
  /** Prints a stop (`break in ...` and watchers, or the exit). */
  showStop(stop: Stop): Promise<void>;
  /** Evaluates input in the selected frame and prints the result. */
  evaluateAndPrint(input: string): Promise<void>;
  enterRepl(): void;
  quit(): void;
}

/** One debugger command. */
export interface Command {
  names: string[];
  usage: string;
  help: string;
  run(context: CommandContext, args: string): Promise<void>;
}

const run = (step: (session: DebugSession) => Promise<Stop>) => async (context: CommandContext) =>
  context.showStop(await step(context.session));

const paused = (context: CommandContext) => {
  const pause = context.session.paused;
  if (!pause) throw new BalrogError('the target is running: `pause` it or wait for a breakpoint first');
  return pause;
};

const showFrame = async (context: CommandContext) => {
  const frames = paused(context).frames;
  context.print(describeStack([frames.selected], frames.selected.index)[0]!);
  for (const line of await sourceAround(context.session, frames.selected, 0, context.chalk)) context.print(line);
};

export const commands: Command[] = [
  { names: ['c', 'cont', 'continue'], usage: '', help: 'continue until the next pause or the exit', run: run((s) => s.continue()) },
  { names: ['n', 'next'], usage: '', help: 'step over to the next line', run: run((s) => s.stepOver()) },
  { names: ['s', 'step'], usage: '', help: 'step into the call on this line', run: run((s) => s.stepInto()) },
  { names: ['o', 'out'], usage: '', help: 'step out of the current function', run: run((s) => s.stepOut()) },
  { names: ['pause'], usage: '', help: 'stop the running target', run: run((s) => s.pause()) },
  {
    names: ['b', 'break', 'sb'],
    usage: '<where> [if <cond>]',
    help: 'set a breakpoint; <where> is <file>:<line> (any path suffix, .ts too) or a function name',
    async run(context, args) {
      if (!args.trim()) {
        for (const line of describeBreakpoints(context.session.breakpoints.list())) context.print(line);
        return;
      }
      const bp = await context.session.setBreakpoint(parseBreakpointArgs(args));
      context.print(`Breakpoint ${bp.id} at ${describeBreakpoint(bp)}`);
      const spec = bp.spec;
      if (spec.kind === 'line' && bp.locations.length === 0 && !context.session.scripts.hasScriptMatching(spec.file)) {
        context.print(`(${spec.file} is not loaded yet: the breakpoint is pending and is set when a script whose path ends with ${spec.file} loads)`);
      }
    },
  },
  {
    names: ['cb', 'clear'],
    usage: '<N> | all',
    help: 'remove breakpoint N (see `breakpoints`), or all of them',
    async run(context, args) {
      const what = args.trim();
      if (what === 'all') {
        await context.session.breakpoints.clear();
        context.print('Cleared all breakpoints');
        return;
      }
      if (!/^\d+$/.test(what)) throw new BalrogError('usage: cb <N> (a breakpoint number from `breakpoints`) or cb all');
      const bp = await context.session.breakpoints.remove(Number(what));
      context.print(`Cleared breakpoint ${bp.id} at ${describeBreakpoint(bp)}`);
    },
  },
  {
    names: ['breakpoints', 'bl'],
    usage: '',
    help: 'list breakpoints',
    async run(context) {
      for (const line of describeBreakpoints(context.session.breakpoints.list())) context.print(line);
    },
  },
  {
    names: ['bt', 'backtrace', 'where'],
    usage: '',
    help: 'show the call stack (> marks the selected frame)',
    async run(context) {
      const frames = paused(context).frames;
      for (const line of describeStack(frames.frames, frames.selected.index)) context.print(line);
    },
  },
  {
    names: ['up'],
    usage: '[n]',
    help: 'select the caller frame (n frames up)',
    async run(context, args) {
      paused(context).frames.move(Number(args.trim() || 1));
      await showFrame(context);
    },
  },
  {
    names: ['down'],
    usage: '[n]',
    help: 'select the callee frame (n frames down)',
    async run(context, args) {
      paused(context).frames.move(-Number(args.trim() || 1));
      await showFrame(context);
    },
  },
  {
    names: ['frame', 'f'],
    usage: '<N>',
    help: 'select frame N (see `bt`)',
    async run(context, args) {
      if (!/^\d+$/.test(args.trim())) throw new BalrogError('usage: frame <N> (a frame number from `bt`)');
      paused(context).frames.select(Number(args.trim()));
      await showFrame(context);
    },
  },
  {
    names: ['list', 'l'],
    usage: '[n]',
    help: 'show source around the current line, n lines either side (default 5)',
    async run(context, args) {
      const count = args.trim() ? Number(args.trim()) : 5;
      if (!Number.isInteger(count) || count < 0) throw new BalrogError('usage: list [n] (n: lines either side)');
      for (const line of await sourceAround(context.session, paused(context).frames.selected, count, context.chalk)) context.print(line);
    },
  },
  {
    names: ['locals'],
    usage: '',
    help: 'show the local variables of the selected frame',
    async run(context) {
      const locals = await context.session.locals(context.chalk !== undefined);
      if (locals.length === 0) context.print('No locals');
      for (const local of locals) context.print(`${local.name} = ${local.value}`);
    },
  },
  {
    names: ['watch'],
    usage: '<expr>',
    help: 'evaluate <expr> at every pause',
    async run(context, args) {
      if (!args.trim()) throw new BalrogError('usage: watch <expression>');
      context.session.watch(args.trim());
    },
  },
  {
    names: ['unwatch'],
    usage: '<N | expr>',
    help: 'stop watching',
    async run(context, args) {
      context.session.unwatch(args.trim());
    },
  },
  {
    names: ['watchers'],
    usage: '',
    help: 'show the watched expressions and their values',
    async run(context) {
      await printWatchers(context);
    },
  },
  {
    names: ['p', 'print'],
    usage: '<expr>',
    help: 'evaluate <expr> in the selected frame (REPL syntax: TypeScript, await)',
    async run(context, args) {
      if (!args.trim()) throw new BalrogError('usage: p <expression>');
      await context.evaluateAndPrint(args);
    },
  },
  { names: ['repl'], usage: '', help: 'a REPL in the selected frame (.exit or Ctrl+D to return)', async run(context) { context.enterRepl(); } },
  {
    names: ['exceptions'],
    usage: 'all|uncaught|none',
    help: 'pause on all exceptions, uncaught ones, or none',
    async run(context, args) {
      const mode = args.trim();
      if (mode !== 'all' && mode !== 'uncaught' && mode !== 'none') throw new BalrogError('usage: exceptions all|uncaught|none');
      await context.session.setExceptionMode(mode as ExceptionMode);
      context.print(`Pause on exceptions: ${mode}`);
    },
  },
  { names: ['help', 'h'], usage: '', help: 'this help', async run(context) { context.print(helpText()); } },
  { names: ['.exit', 'exit', 'quit', 'q'], usage: '', help: 'leave: remove breakpoints, resume, detach', async run(context) { context.quit(); } },
];

/** Prints `Watchers:` and each watched expression's value. */
export async function printWatchers(context: CommandContext): Promise<void> {
  const watches = context.session.watches;
  if (watches.length === 0) return;
  context.print('Watchers:');
  for (const [index, expression] of watches.entries()) {
    let text: string;
    try {
      text = (await context.session.evaluate(expression, context.chalk !== undefined)).text;
    } catch (error) {
      text = `<${(error as Error).message}>`;
    }
    context.print(`  ${index}: ${expression} = ${text}`);
  }
}

/** Finds the command named `name` (a main name or an alias). */
export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.names.includes(name));
}

/** The aligned help text. */
export function helpText(): string {
  const rows = commands.map((command) => [[command.names.join(', '), command.usage].filter(Boolean).join(' '), command.help] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    ...rows.map(([left, help]) => `  ${left.padEnd(width)}${help}`),
    `  ${'<expr>'.padEnd(width)}anything else is evaluated in the selected frame`,
  ].join('\n');
}
