/**
 * Module hooks used only with `node --import balrog/register <entry>`: there,
 * Node loads the entry itself, on the main thread, after the preloads. These
 * hooks swap the entry for a stub that asks the runtime to load the real
 * entry in a fiber, and waits for it (so a failure still ends the program).
 * Runs on Node's hooks thread.
 */
const STUB_SOURCE = 'await globalThis[Symbol.for("balrog.runtime.runMain")]();';
const STUB_URL = `data:text/javascript,${encodeURIComponent(STUB_SOURCE)}`;

interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;

let stubbed = false;

/** Node's resolve hook: the main entry is the one import without a parent. */
export async function resolve(specifier: string, context: ResolveContext, next: NextResolve) {
  if (!stubbed && context.parentURL === undefined) {
    stubbed = true;
    return { url: STUB_URL, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}
