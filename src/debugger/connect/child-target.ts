/**
 * Starts the program for `balrog debug` with its inspector on 127.0.0.1 and a
 * free port, and learns the inspector's URL from the line Node prints on
 * stderr. The child's own output is passed through, prefixed with `< `.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BalrogError } from '../../core/errors.js';
import { endingWithParent } from '../../runtime/parent-death.js';

/** A started program waiting for its debugger. */
export interface ChildTarget {
  child: ChildProcess;
  url: string;
  /** Resolves with how the program ended: its exit code, or the signal that killed it. */
  exited: Promise<number | NodeJS.Signals>;
}

const balrogBin = fileURLToPath(new URL('../../../../bin/balrog.js', import.meta.url));

// Lines Node's inspector prints that are about the debugger, not the program.
const inspectorNoise =
  /^(Debugger listening on |Debugger ending on |For help, see: https:\/\/nodejs\.org|Debugger attached\.|Waiting for the debugger to disconnect\.\.\.)/;

/**
 * Starts `balrog run --inspect-brk=127.0.0.1:<port> <entry> [args]` (or plain
 * `node --inspect-brk` when `plainNode`; port 0, a free one, by default),
 * resolves once the inspector listens.
 */
export function startChildTarget(
  entry: string,
  args: string[],
  options: { plainNode: boolean; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; port?: number },
): Promise<ChildTarget> {
  const inspect = `--inspect-brk=127.0.0.1:${options.port ?? 0}`;
  const argv = options.plainNode ? [inspect, entry, ...args] : [balrogBin, 'run', inspect, entry, ...args];
  // Its own process group: a Ctrl+C typed at the debugger (the terminal sends
  // SIGINT to the whole foreground group) is the debugger's to handle, as in
  // a terminal in raw mode; it must not kill the program under it. The
  // program still ends with the debugger: the kernel kills it when the
  // debugger dies (parent-death.ts), even paused before anyone attached; the
  // helper's watchdog covers a debugger that detached.
  const child = spawn(...endingWithParent(process.execPath, argv, 'KILL'), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? code ?? 0));
  });
  createInterface({ input: child.stdout! }).on('line', (line) => options.stdout.write(`< ${line}\n`));
  return new Promise((resolve, reject) => {
    let found = false;
    const stderrLines: string[] = [];
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const match = /^Debugger listening on (ws:\/\/\S+)/.exec(line);
      if (match && !found) {
        found = true;
        resolve({ child, url: match[1]!, exited });
        return;
      }
      if (inspectorNoise.test(line)) return;
      if (!found) stderrLines.push(line);
      options.stderr.write(`< ${line}\n`);
    });
    child.once('error', (error) =>
      reject(new BalrogError(`cannot start ${entry}: ${error.message}`, { code: 'ERR_BALROG_DEBUG_ENTRY', cause: error })),
    );
    void exited.then((code) => {
      if (!found) {
        reject(
          new BalrogError(
            `${entry} exited (${code}) before its inspector started${stderrLines.length ? `:\n${stderrLines.join('\n')}` : ''}`,
            { code: 'ERR_BALROG_DEBUG_ENTRY' },
          ),
        );
      }
    });
  });
}
