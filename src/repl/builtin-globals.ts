/**
 * Node's built-in modules as globals (`url.format(...)`, `fs.readFileSync`),
 * loaded on first use, as Node's REPL and `node -e` provide them. The terminal
 * REPL gets them from node:repl; scripting mode and `-e` get them here, so that
 * both modes follow one set of rules.
 */
import { builtinModules, createRequire } from 'node:module';

/** Defines a lazy, reassignable global for every public built-in module `target` lacks (as Node's addBuiltinLibsToObject). */
export function addBuiltinModuleGlobals(target: object = globalThis): void {
  const require = createRequire(import.meta.url);
  for (const name of builtinModules) {
    if (name.startsWith('_') || name.includes('/') || Object.hasOwn(target, name)) continue;
    // Assigning replaces the module with the value, as if there were no such global.
    const setReal = (value: unknown): void => {
      Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
    };
    Object.defineProperty(target, name, {
      get: () => {
        const lib: unknown = require(name);
        Object.defineProperty(target, name, { get: () => lib, set: setReal, configurable: true, enumerable: false });
        return lib;
      },
      set: setReal,
      configurable: true,
      enumerable: false,
    });
  }
}
