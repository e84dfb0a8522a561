/**
 * Finding and ending what a test file's process left running. Each file runs as
 * the leader of its own process group (spawned detached), and every process it
 * starts inherits a marker in its environment: the group catches what stays in
 * it, the marker what left it (node-pty's shells and Jupyter's kernels start new
 * sessions; `detached: true` children too). Read from /proc (Linux).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LeftoverProcess {
  pid: number;
  command: string;
}

/** Where the processes of one test file are: its group (the leader's pid) and its environment marker (`NAME=value`). */
export interface FileProcesses {
  group: number;
  marker: string;
}

/** The live processes (zombies are already dead) in the file's group or carrying its marker, never this process. */
export function findLeftovers({ group, marker }: FileProcesses): LeftoverProcess[] {
  const found: LeftoverProcess[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const stat = readProcFile(pid, 'stat');
    if (stat === undefined) continue;
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after its last ')'.
    const close = stat.lastIndexOf(')');
    const [state, , pgrp] = stat.slice(close + 2).split(' ');
    if (state === 'Z' || state === 'X') continue;
    const inGroup = Number(pgrp) === group;
    if (inGroup || readProcFile(pid, 'environ')?.split('\0').includes(marker)) {
      const commandLine = readProcFile(pid, 'cmdline')?.split('\0').join(' ').trim();
      found.push({ pid, command: commandLine || stat.slice(stat.indexOf('(') + 1, close) });
    }
  }
  return found;
}

/**
 * Ends every process of the file: SIGTERM, then SIGKILL to what is still there
 * after `graceMs`. Returns what it found running, for the runner to name.
 */
export async function killLeftovers(file: FileProcesses, graceMs: number): Promise<LeftoverProcess[]> {
  const found = findLeftovers(file);
  if (found.length === 0) return [];
  signalAll(file, found, 'SIGTERM');
  if (!(await waitUntilGone(file, graceMs))) {
    // What started during the grace is caught here too: the scan is made again.
    signalAll(file, findLeftovers(file), 'SIGKILL');
    await waitUntilGone(file, graceMs);
  }
  return found;
}

function signalAll({ group }: FileProcesses, processes: LeftoverProcess[], signal: NodeJS.Signals): void {
  sendSignal(-group, signal);
  for (const { pid } of processes) sendSignal(pid, signal);
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: it ended on its own in the meantime.
  }
}

async function waitUntilGone(file: FileProcesses, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (findLeftovers(file).length > 0) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/** A /proc file's text, or undefined once the process is gone or not ours to read. */
function readProcFile(pid: number, name: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return undefined;
  }
}
