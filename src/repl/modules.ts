/**
 * Module loading for REPL inputs: `import` and `require` resolve from the
 * REPL's working directory, not from balrog's own files.
 */
import Module, { createRequire } from 'node:module';
import path from 'node:path';
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

/**
 * The REPL's `require`, as Node's REPL makes it: the module `<repl>` (so
 * errors' require stacks name `<repl>`), resolving from `cwd`. Node resolves a
 * relative specifier of a module without a file from the process's working
 * directory, so for another `cwd` this is a `require` from a file there.
 */
export function createReplRequire(cwd: string): NodeJS.Require {
  if (path.resolve(cwd) !== process.cwd()) return createRequire(path.join(cwd, '[balrog repl]'));
  type ModuleInternals = typeof Module & {
    _nodeModulePaths(from: string): string[];
    _resolveFilename(request: string, parent: Module, isMain: boolean, options?: { paths?: string[] }): string;
  };
  const internals = Module as ModuleInternals;
  const repl = new Module('<repl>');
  repl.paths = internals._nodeModulePaths(cwd);
  const require = ((id: string) => repl.require(id)) as NodeJS.Require;
  require.resolve = Object.assign(
    (request: string, options?: { paths?: string[] }) => internals._resolveFilename(request, repl, false, options),
    { paths: (request: string) => createRequire(path.join(cwd, '<repl>')).resolve.paths(request) },
  );
  require.cache = createRequire(path.join(cwd, '<repl>')).cache;
  return require;
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
