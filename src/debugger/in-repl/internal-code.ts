/**
 * Code that is not the user's in the REPL's process: Node's own modules and
 * balrog's (its compiled sources, the REPL's evaluator and fiber core among
 * them, and the native addon's loader). Steps do not enter it, `bt` leaves it
 * out, and a pause it causes on its own (a rejection seen in Node's task
 * queue) is not shown.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

const ownDirectories = [fileURLToPath(new URL('../../', import.meta.url)), fileURLToPath(new URL('../../../../native/', import.meta.url))];

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Patterns for `Debugger.setBlackboxPatterns`. */
export const internalPatterns: string[] = [
  '^node:',
  ...ownDirectories.flatMap((dir) => [`^${escapeRegExp(pathToFileURL(dir).href)}`, `^${escapeRegExp(dir)}`]),
];

/** True for a script URL (or path) of Node's or balrog's own code. */
export function isInternalScript(url: string): boolean {
  if (url.startsWith('node:')) return true;
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return ownDirectories.some((dir) => path.startsWith(dir));
}
