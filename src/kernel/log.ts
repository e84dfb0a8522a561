/**
 * The kernel's own log. It goes to the real stderr (Jupyter shows it in the
 * server's console), never into a cell, so it keeps a write function taken
 * before cell output capture patches process.stderr.
 */
const writeStderr = process.stderr.write.bind(process.stderr);

/** Writes one line to the kernel log. */
export function log(message: string): void {
  writeStderr(`[balrog kernel] ${message}\n`);
}
