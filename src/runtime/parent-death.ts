/**
 * A child process that ends when the process that started it dies, in any
 * state. The JavaScript watches (launcher-watch.ts, the debugger helper's
 * watchdog) need the child's event loop, which does not run while the child
 * waits for its debugger (`--inspect-brk` before anyone attached) or sits at a
 * breakpoint; a debugger SIGKILLed then left a paused orphan holding its port.
 * Linux's PR_SET_PDEATHSIG has the kernel send a signal instead; Node cannot set
 * it between fork and exec, so util-linux's `setpriv --pdeathsig` (part of every
 * Debian) sets it and execs the command in the same process, same pid. Where
 * setpriv is missing the command runs as is, with the JavaScript watches only.
 */
import { existsSync } from 'node:fs';

const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

/** `[command, args]` to spawn so that the child gets `signal` when this process dies. */
export function endingWithParent(command: string, args: readonly string[], signal: 'TERM' | 'KILL'): [string, string[]] {
  return setpriv ? [setpriv, ['--pdeathsig', signal, '--', command, ...args]] : [command, [...args]];
}
