/**
 * The line-mode debugger's commands, as one table: names (first is the main
 * one, the rest aliases), usage, help text and what each does. `help` is
 * generated from this table, aligned.
 */
import type { ChalkInstance } from 'chalk';
import { BalrogError } from '../../core/errors.js';
import type { DebugSession, ExceptionMode, Stop } from '../engine/session.js';
import { describeBreakpoint } from '../engine/breakpoints.js';
import { describeBreakpoints, describeStack, sourceAround } from './describe.js';
import { parseBreakpointArgs } from './parse-breakpoint.js';
import { displayPath } from '../engine/locations.js';
import { inspect } from 'node:util';

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
  /** Ends the program the debugger started (`kill`); undefined for `attach`. */
  kill: (() => void) | undefined;
  /** Starts the program again (`restart`). */
  restart(): Promise<void>;
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

const paused = (context: CommandContext) => context.session.requirePause();

const showFrame = async (context: CommandContext) => {
  const frames = paused(context).frames;
  context.print(describeStack([frames.selected], frames.selected.index)[0]!);
  for (const line of await sourceAround(context.session, frames.selected, 0, context.chalk)) context.print(line);
};

/** The id of the breakpoint set at `<file>:<line>` (the file as typed or any path suffix). */
const breakpointAt = (context: CommandContext, file: string, line: number): number => {
  const found = context.session.findBreakpoint(file, line);
  if (!found)
    throw new BalrogError(`Could not find breakpoint at ${file}:${line}: see \`breakpoints\``, { code: 'ERR_BALROG_DEBUG_NOT_FOUND' });
  return found.id;
};

/** `b 16` (a bare line number, as in node inspect and pdb): that line of the selected frame's file. */
const inCurrentFile = (context: CommandContext, args: string): string => {
  const bare = /^(\d+)(\s.*)?$/s.exec(args.trim());
  if (!bare) return args;
  const frame = context.session.paused?.frames.selected;
  if (!frame)
    throw new BalrogError('`b <line>` needs a pause (it means that line in the current file): use `b <file>:<line>`', {
      code: 'ERR_BALROG_TARGET_RUNNING',
    });
  return `${displayPath(frame.position.url)}:${bare[1]}${bare[2] ?? ''}`;
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
        for (const line of describeBreakpoints(context.session.listBreakpoints())) context.print(line);
        return;
      }
      const spec = parseBreakpointArgs(inCurrentFile(context, args));
      const bp = await context.session.setBreakpoint(spec);
      context.print(`Breakpoint ${bp.id} at ${describeBreakpoint(bp)}`);
      if (spec.kind === 'line' && bp.locations.length === 0 && !context.session.isScriptLoaded(spec.file)) {
        context.print(
          `(${spec.file} is not loaded yet: the breakpoint is pending and is set when a script whose path ends with ${spec.file} loads)`,
        );
      }
    },
  },
  {
    names: ['cb', 'clear'],
    usage: '<N> | <file>:<line> | all',
    help: 'remove breakpoint N (see `breakpoints`), the one at <file>:<line>, or all of them',
    async run(context, args) {
      const what = args.trim();
      if (what === 'all') {
        await context.session.clearBreakpoints();
        context.print('Cleared all breakpoints');
        return;
      }
      const at = /^(.+):(\d+)$/.exec(what);
      if (!at && !/^\d+$/.test(what))
        throw new BalrogError('usage: cb <N> (a breakpoint number from `breakpoints`), cb <file>:<line> or cb all', {
          code: 'ERR_BALROG_DEBUG_COMMAND',
        });
      const id = at ? breakpointAt(context, at[1]!, Number(at[2])) : Number(what);
      const bp = await context.session.removeBreakpoint(id);
      context.print(`Cleared breakpoint ${bp.id} at ${describeBreakpoint(bp)}`);
    },
  },
  {
    names: ['breakpoints', 'bl'],
    usage: '',
    help: 'list breakpoints',
    async run(context) {
      for (const line of describeBreakpoints(context.session.listBreakpoints())) context.print(line);
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
      if (!/^\d+$/.test(args.trim()))
        throw new BalrogError('usage: frame <N> (a frame number from `bt`)', { code: 'ERR_BALROG_DEBUG_COMMAND' });
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
      if (!Number.isInteger(count) || count < 0)
        throw new BalrogError('usage: list [n] (n: lines either side)', { code: 'ERR_BALROG_DEBUG_COMMAND' });
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
      if (!args.trim()) throw new BalrogError('usage: watch <expression>', { code: 'ERR_BALROG_DEBUG_COMMAND' });
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
      if (!args.trim()) throw new BalrogError('usage: p <expression>', { code: 'ERR_BALROG_DEBUG_COMMAND' });
      await context.evaluateAndPrint(args);
    },
  },
  {
    names: ['exec'],
    usage: '<expr> | .scope',
    help: 'evaluate <expr> (as p); `exec .scope` lists the names in scope in the selected frame',
    async run(context, args) {
      if (args.trim() === '.scope') {
        context.print(inspect(await context.session.scopeNames(), { breakLength: 100 }));
        return;
      }
      if (!args.trim()) throw new BalrogError('usage: exec <expression> (or exec .scope)', { code: 'ERR_BALROG_DEBUG_COMMAND' });
      await context.evaluateAndPrint(args);
    },
  },
  {
    names: ['scripts'],
    usage: '[all]',
    help: "list the loaded scripts (* marks the selected frame's); `all` adds Node's and balrog's own",
    async run(context, args) {
      const all = args.trim() === 'all';
      const current = context.session.paused?.frames.selected.scriptUrl;
      for (const script of context.session.loadedScripts({ all })) {
        context.print(`${script.url === current ? '*' : ' '} ${script.scriptId}: ${displayPath(script.url)}`);
      }
    },
  },
  {
    names: ['version'],
    usage: '',
    help: "the target's V8 version",
    async run(context) {
      context.print(await context.session.targetVersion());
    },
  },
  {
    names: ['kill'],
    usage: '',
    help: 'end the program (balrog debug only)',
    async run(context) {
      if (!context.kill)
        throw new BalrogError('`kill` ends a program the debugger started (balrog debug); an attached process is left alone: use `.exit`', {
          code: 'ERR_BALROG_DEBUG_COMMAND',
        });
      const ended = context.session.nextStop();
      context.kill();
      await context.showStop(await ended);
    },
  },
  {
    names: ['run', 'restart', 'r'],
    usage: '',
    help: 'start the program again, keeping breakpoints and watches (balrog debug only)',
    async run(context) {
      await context.restart();
    },
  },
  {
    names: ['profile'],
    usage: '',
    help: 'start recording a CPU profile',
    async run(context) {
      await context.session.startProfile();
    },
  },
  {
    names: ['profileEnd'],
    usage: '',
    help: 'stop the CPU profile; `profiles[N].save([file])` writes it (default node.cpuprofile)',
    async run(context) {
      context.print(String(await context.session.stopProfile()));
    },
  },
  {
    names: ['profiles'],
    usage: '',
    help: 'list the recorded CPU profiles',
    async run(context, args) {
      const profiles = context.session.profiles;
      const save = /^save (\d+)(?: (.+))?$/.exec(args.trim());
      if (save) {
        const profile = profiles[Number(save[1])];
        if (!profile) throw new BalrogError(`there is no profile ${save[1]}: see \`profiles\``, { code: 'ERR_BALROG_DEBUG_NOT_FOUND' });
        context.print(`Saved profile to ${await profile.save(save[2])}`);
        return;
      }
      context.print(profiles.length === 0 ? '[]' : `[ ${profiles.map(String).join(', ')} ]`);
    },
  },
  {
    names: ['takeHeapSnapshot'],
    usage: '[file]',
    help: 'write a heap snapshot (default node.heapsnapshot)',
    async run(context, args) {
      const path = await context.session.takeHeapSnapshot(args.trim() || undefined);
      context.print(`Heap snapshot written to ${path}`);
    },
  },
  {
    names: ['repl'],
    usage: '',
    help: 'a REPL in the selected frame (.exit or Ctrl+D to return)',
    async run(context) {
      context.enterRepl();
    },
  },
  {
    names: ['exceptions'],
    usage: 'all|uncaught|none',
    help: 'pause on all exceptions, uncaught ones, or none',
    async run(context, args) {
      const mode = args.trim();
      if (mode !== 'all' && mode !== 'uncaught' && mode !== 'none')
        throw new BalrogError('usage: exceptions all|uncaught|none', { code: 'ERR_BALROG_DEBUG_COMMAND' });
      await context.session.setExceptionMode(mode as ExceptionMode);
      context.print(`Pause on exceptions: ${mode}`);
    },
  },
  ...(['all', 'uncaught', 'none'] as const).map(
    (mode): Command => ({
      names: [`breakOn${mode === 'all' ? 'Exception' : mode === 'uncaught' ? 'Uncaught' : 'None'}`],
      usage: '',
      help: `node inspect's name for \`exceptions ${mode}\``,
      async run(context) {
        await context.session.setExceptionMode(mode);
        context.print(`Pause on exceptions: ${mode}`);
      },
    }),
  ),
  {
    names: ['help', 'h'],
    usage: '',
    help: 'this help',
    async run(context) {
      context.print(helpText());
    },
  },
  {
    names: ['.exit', 'exit', 'quit', 'q'],
    usage: '',
    help: 'leave: remove breakpoints, resume, detach',
    async run(context) {
      context.quit();
    },
  },
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
