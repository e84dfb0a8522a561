/**
 * Imported before React and ink load (see `index.ts`): the environment they
 * read once, at load, set for an interactive UI.
 *
 * - `CI`, `CONTINUOUS_INTEGRATION`: ink (through `is-in-ci`) renders only
 *   the last frame, at exit, when they are set. The TUI runs only when stdin
 *   and stdout are terminals, so someone is watching.
 * - `NODE_ENV`: React's development build keeps debugging records of every
 *   render (owner stacks, tasks) that grow without bound over a long session
 *   (measured: ~0.45 MiB per step with 200 variables); the production build
 *   does not.
 *
 * {@link restoreEnv} puts the user's values back once both have loaded.
 */
const saved = {
  CI: process.env.CI,
  CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION,
  NODE_ENV: process.env.NODE_ENV,
};
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
process.env.NODE_ENV = 'production';

/** Puts back the variables changed while React and ink loaded. */
export function restoreEnv(): void {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
