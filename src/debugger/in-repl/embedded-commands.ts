/**
 * What the debug prompts embedded in a program that keeps running around them
 * share: the REPL's `debug>` (paused-prompt.ts) and the kernel's, asked for
 * through Jupyter's stdin channel (src/kernel/debug/stdin-debugger.ts). Both
 * run the commands of `balrog debug` (frontend/commands.ts) and hide that
 * program's own machinery: its frames in `bt` and its `$balrog$` bindings in
 * `locals`. How each prompt reads lines and prints stays its own.
 */
import { BalrogError } from '../../core/errors.js';
import type { DebugSession, PauseInfo, Stop } from '../engine/session.js';
import type { CommandContext } from '../frontend/commands.js';
import { describeStack } from '../frontend/describe.js';
import { isInternalScript } from './internal-code.js';

/** Commands that let the paused program go on, and how. */
export const RESUMING: Record<string, (session: DebugSession) => Promise<Stop>> = {
  c: (session) => session.continue(),
  n: (session) => session.stepOver(),
  s: (session) => session.stepInto(),
  o: (session) => session.stepOut(),
};

/** What an embedded prompt gives the commands of `balrog debug`: most of their context, and how it shows a pause. */
export interface EmbeddedPromptHost
  extends Pick<CommandContext, 'session' | 'chalk' | 'print' | 'evaluateAndPrint' | 'enterRepl' | 'quit'> {
  /** Prints a pause: where it stopped, the source around it, the watchers. */
  showPause(pause: PauseInfo): Promise<void>;
  /** Why `run` has no meaning here, and what to do instead. */
  runNotHere: string;
}

/** The command context of an embedded prompt: no `kill` (the program is not the debugger's to end), no `run`. */
export function embeddedCommandContext(host: EmbeddedPromptHost): CommandContext {
  return {
    session: host.session,
    chalk: host.chalk,
    print: host.print,
    showStop: async (stop) => {
      if (stop.kind === 'paused') await host.showPause(stop.pause);
      else host.print(stop.reason);
    },
    evaluateAndPrint: host.evaluateAndPrint,
    enterRepl: host.enterRepl,
    quit: host.quit,
    kill: undefined,
    restart: async () => {
      throw new BalrogError(host.runNotHere, { code: 'ERR_BALROG_DEBUG_COMMAND' });
    },
  };
}

/** `bt` without the frames of the program's own machinery (evaluator, fiber core) and Node's; numbers stay those of `frame N`. */
export function backtraceLines(session: DebugSession): string[] {
  const frames = session.requirePause().frames;
  const shown = frames.frames.filter((frame) => frame.index === frames.selected.index || !isInternalScript(frame.scriptUrl));
  return describeStack(shown, frames.selected.index);
}

/** `locals` without the program's own plumbing (`$balrog$runtime` in the scope that holds shadowing declarations). */
export async function localsLines(session: DebugSession, colors: boolean): Promise<string[]> {
  const locals = (await session.locals(colors)).filter((local) => !local.name.startsWith('$balrog$'));
  return locals.length === 0 ? ['No locals'] : locals.map((local) => `${local.name} = ${local.value}`);
}

/** A typed line as command name and the rest. */
export function splitCommand(line: string): { command: string; args: string } {
  const space = line.search(/\s/);
  return space < 0 ? { command: line, args: '' } : { command: line.slice(0, space), args: line.slice(space + 1) };
}
