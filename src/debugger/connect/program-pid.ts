/**
 * `balrog run` starts the program in a child `node` process. Users will
 * often pass the pid they see first, the launcher's: signalling that would
 * open the launcher's inspector, not the program's. So a launcher's pid is
 * turned into its program's (Linux: through /proc; elsewhere unchanged).
 */
import { readFileSync } from 'node:fs';

/** The pid to debug for `pid`: the program's when `pid` is a `balrog run` launcher. */
export function programPid(pid: number): { pid: number; launcher?: number } {
  const args = readProc(`/proc/${pid}/cmdline`)?.split('\0');
  if (!args) return { pid };
  const run = args.findIndex((arg, i) => arg === 'run' && i > 0 && /(^|\/)balrog(\.js)?$/.test(args[i - 1]!));
  if (run < 0) return { pid };
  const children = readProc(`/proc/${pid}/task/${pid}/children`)?.trim().split(/\s+/).filter(Boolean).map(Number) ?? [];
  const child = children.find((candidate) => /(^|\/)node[\d.]*$/.test(readProc(`/proc/${candidate}/cmdline`)?.split('\0')[0] ?? ''));
  return child === undefined ? { pid } : { pid: child, launcher: pid };
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
