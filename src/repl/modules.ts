/**
 * Module loading for REPL inputs: `import` and `require` resolve from the
 * REPL's working directory, not from balrog's own files.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import process from 'node:process';
import vm from 'node:vm';

/** `(specifier) => Promise<namespace>` resolving relative to `filename`. */
export type Importer = (specifier: string) => Promise<Record<string, unknown>>;

/**
 * An importer whose referrer is `filename` (a path in the working directory).
 * A tiny script compiled with the main context's default loader does the
 * `import()`, so specifiers resolve as they would from a module at `filename`
 * (bare packages from its node_modules, with ESM "exports" conditions).
 */
export function createImporter(filename: string): Importer {
  const loader = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (loader) {
    silenceLoaderWarning();
    const script = new vm.Script('(specifier) => import(specifier)', {
      filename,
      importModuleDynamically: loader,
    });
    return script.runInThisContext() as Importer;
  }
  const require = createRequire(filename);
  return async (specifier) => {
    const resolved = specifier.startsWith('node:') ? specifier : pathToFileURL(require.resolve(specifier)).href;
    return (await import(resolved)) as Record<string, unknown>;
  };
}

/** A `require` that resolves from `filename`'s directory. */
export function createRequireFrom(filename: string): NodeJS.Require {
  return createRequire(filename);
}

let silenced = false;

/**
 * Node 20 and 22 flag the main context's default loader as experimental on
 * its first use; the warning would reach the user's terminal for a choice
 * balrog made. Only that one warning is dropped.
 */
function silenceLoaderWarning(): void {
  if (silenced) return;
  silenced = true;
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    if (String(warning).includes('USE_MAIN_CONTEXT_DEFAULT_LOADER')) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
}
