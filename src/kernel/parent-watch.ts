/**
 * Ends the kernel when the Jupyter process that started it is gone, as
 * ipykernel's parent poller does: jupyter_client passes its pid in
 * JPY_PARENT_PID, and an orphaned kernel would otherwise live on unseen.
 */

/** Calls `onOrphaned` once the parent has died; returns a function that stops watching. */
export function watchParent(onOrphaned: () => void, env = process.env, intervalMs = 1000): () => void {
  const parent = Number(env.JPY_PARENT_PID);
  if (!Number.isInteger(parent) || parent <= 1 || process.ppid !== parent) return () => {};
  const timer = setInterval(() => {
    // Reparented (to init or a subreaper): the parent has exited.
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
