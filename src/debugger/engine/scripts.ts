/**
 * The scripts the target has parsed, with their source maps, so that every
 * location the user sees or types is in the original (e.g. `.ts`) source.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TraceMap, originalPositionFor, allGeneratedPositionsFor, sourceContentFor, LEAST_UPPER_BOUND } from '@jridgewell/trace-mapping';
import type { Protocol } from 'devtools-protocol/types/protocol.js';

/** A parsed script as the target reported it. */
export interface ScriptInfo {
  scriptId: string;
  url: string;
  sourceMapURL: string | undefined;
}

/** A 0-based position in a source the user knows: a script or an original source of a map. */
export interface SourcePosition {
  /** URL of the source (`file:///...`, `node:internal/...`) or the script id when it has none. */
  url: string;
  line: number;
  column: number;
  /** Set when the position came through a source map. */
  mapped: boolean;
}

/** A generated position to set a breakpoint at. */
export interface GeneratedTarget {
  scriptId: string;
  url: string;
  line: number;
  column: number;
}

/** Keeps scripts by id, loads their source maps lazily, maps positions both ways. */
export class ScriptRegistry {
  private readonly scripts = new Map<string, ScriptInfo>();
  private readonly maps = new Map<string, TraceMap | null>();

  /** Records a `Debugger.scriptParsed` event. */
  add(event: Protocol.Debugger.ScriptParsedEvent): void {
    this.scripts.set(event.scriptId, {
      scriptId: event.scriptId,
      url: event.url,
      sourceMapURL: event.sourceMapURL || undefined,
    });
  }

  get(scriptId: string): ScriptInfo | undefined {
    return this.scripts.get(scriptId);
  }

  /** All known scripts. */
  all(): Iterable<ScriptInfo> {
    return this.scripts.values();
  }

  /** Maps a generated location to the original source, when the script has a source map. */
  toOriginal(location: Protocol.Debugger.Location): SourcePosition {
    const script = this.scripts.get(location.scriptId);
    const column = location.columnNumber ?? 0;
    const url = script?.url || `script:${location.scriptId}`;
    const map = script && this.mapOf(script);
    if (map) {
      // A position with no mapping of its own (a break on a compiler-made
      // prologue) shows the next mapped code: what is about to run.
      for (let line = location.lineNumber + 1; line <= location.lineNumber + 20; line++) {
        const col = line === location.lineNumber + 1 ? column : 0;
        let original = originalPositionFor(map, { line, column: col });
        if (original.source === null) original = originalPositionFor(map, { line, column: col, bias: LEAST_UPPER_BOUND });
        if (original.source !== null) {
          return { url: original.source, line: original.line - 1, column: original.column, mapped: true };
        }
      }
    }
    return { url, line: location.lineNumber, column, mapped: false };
  }

  /**
   * Finds generated positions for a 0-based line of any original source whose
   * path ends with `suffix`; the line is moved down to the next mapped one.
   */
  generatedFor(suffix: string, line: number, onlyScriptId?: string): GeneratedTarget[] {
    const targets: GeneratedTarget[] = [];
    for (const script of this.scripts.values()) {
      if (onlyScriptId !== undefined && script.scriptId !== onlyScriptId) continue;
      const map = this.mapOf(script);
      if (!map) continue;
      for (const source of map.resolvedSources) {
        if (!source || !pathEndsWith(source, suffix)) continue;
        for (let candidate = line; candidate < line + 50; candidate++) {
          const hits = allGeneratedPositionsFor(map, { source, line: candidate + 1, column: 0, bias: LEAST_UPPER_BOUND });
          if (hits.length === 0) continue;
          const first = hits.reduce((a, b) => (b.line < a.line || (b.line === a.line && b.column < a.column) ? b : a));
          targets.push({ scriptId: script.scriptId, url: script.url, line: first.line - 1, column: first.column });
          break;
        }
      }
    }
    return targets;
  }

  /** True when some script has `suffix` as a path suffix of its URL. */
  hasScriptMatching(suffix: string): boolean {
    for (const script of this.scripts.values()) if (pathEndsWith(script.url, suffix)) return true;
    return false;
  }

  /** The text of an original source, from the map's sourcesContent or the disk. */
  originalText(url: string): string | undefined {
    for (const script of this.scripts.values()) {
      const map = this.maps.get(script.scriptId);
      if (!map) continue;
      const index = map.resolvedSources.indexOf(url);
      if (index >= 0) {
        const content = sourceContentFor(map, map.sources[index]!);
        if (content !== null) return content;
      }
    }
    return readFileFromUrl(url);
  }

  private mapOf(script: ScriptInfo): TraceMap | null {
    let map = this.maps.get(script.scriptId);
    if (map !== undefined) return map;
    map = null;
    if (script.sourceMapURL) {
      try {
        const text = loadSourceMap(script.sourceMapURL, script.url);
        if (text) map = new TraceMap(text, mapBaseUrl(script.sourceMapURL, script.url));
      } catch {
        // A broken or unreadable map: show generated locations rather than fail.
        map = null;
      }
    }
    this.maps.set(script.scriptId, map);
    return map;
  }
}

/** True when `path`'s last segments equal `suffix`'s (`b.ts` matches `/a/b.ts`, not `/a/ab.ts`). */
export function pathEndsWith(pathOrUrl: string, suffix: string): boolean {
  const path = pathOrUrl.replace(/\\/g, '/');
  const want = suffix.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!path.endsWith(want)) return false;
  const before = path.length - want.length;
  return before === 0 || path[before - 1] === '/' || want.startsWith('/');
}

function loadSourceMap(sourceMapURL: string, scriptUrl: string): string | undefined {
  const data = /^data:application\/json[^,]*?(;base64)?,(.*)$/s.exec(sourceMapURL);
  if (data) {
    return data[1] ? Buffer.from(data[2]!, 'base64').toString('utf8') : decodeURIComponent(data[2]!);
  }
  const resolved = new URL(sourceMapURL, scriptUrl.includes('://') ? scriptUrl : `file://${scriptUrl}`);
  return readFileFromUrl(resolved.href);
}

function mapBaseUrl(sourceMapURL: string, scriptUrl: string): string {
  if (sourceMapURL.startsWith('data:')) return scriptUrl;
  return new URL(sourceMapURL, scriptUrl.includes('://') ? scriptUrl : `file://${scriptUrl}`).href;
}

function readFileFromUrl(url: string): string | undefined {
  try {
    if (url.startsWith('file://')) return readFileSync(fileURLToPath(url), 'utf8');
    if (url.startsWith('/')) return readFileSync(url, 'utf8');
  } catch {
    // Not on this machine (a remote target): the caller falls back to the inspector.
  }
  return undefined;
}
