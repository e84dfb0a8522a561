/**
 * Ends the program when the `balrog run` that started it is gone (killed with
 * SIGKILL, say), as `node <entry>` would be gone: an orphan would keep its
 * ports and files. `balrog run` passes its pid in BALROG_RUN_LAUNCHER_PID;
 * the variable is removed at once so that the program's own children do not
 * inherit it. A one-second unref'd timer: it never keeps the program alive.
 */
export const LAUNCHER_ENV = 'BALROG_RUN_LAUNCHER_PID';

/** Starts watching, if this process was started by `balrog run`. */
export function watchLauncher(): void {
  const pid = Number(process.env[LAUNCHER_ENV]);
  delete process.env[LAUNCHER_ENV];
  if (!Number.isInteger(pid) || pid <= 0 || process.ppid !== pid) return;
  setInterval(() => {
    // Reparented: the launcher died. SIGTERM lets the program's own handlers run.
    if (process.ppid !== pid) process.kill(process.pid, 'SIGTERM');
  }, 1000).unref();
}
