/**
 * Turns inspector locations into what the user reads: a path relative to
 * the working directory when the file is under it, 1-based lines.
 */
import { relative, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourcePosition } from './scripts.js';

/** The path the user sees for a script or source URL. */
export function displayPath(url: string, baseDir: string = process.cwd()): string {
  let path = url;
  if (url.startsWith('file://')) {
    try {
      path = fileURLToPath(url);
    } catch {
      return url;
    }
  }
  if (!isAbsolute(path)) return path;
  const rel = relative(baseDir, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** `file:line` (1-based line) for a source position. */
export function formatPosition(position: SourcePosition, baseDir?: string): string {
  return `${displayPath(position.url, baseDir)}:${position.line + 1}`;
}
