/**
 * Imported before ink: ink (through `is-in-ci`) renders only the last frame,
 * at exit, when `CI` or `CONTINUOUS_INTEGRATION` is set, and it reads them
 * once, when it loads. The TUI runs only when stdin and stdout are terminals,
 * so someone is watching: hide those variables from ink while it loads, and
 * {@link restoreCiEnv} puts them back.
 */
const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;

/** Puts back the variables hidden while ink loaded. */
export function restoreCiEnv(): void {
  for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
}
