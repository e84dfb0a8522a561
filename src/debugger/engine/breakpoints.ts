/**
 * balrog's breakpoints: `file:line` (any path suffix of a script or of an
 * original source behind a source map) and function breakpoints, each with an
 * optional condition. One balrog breakpoint may stand for several inspector
 * breakpoints (a `.ts` file bundled into two scripts).
 */
import type { Protocol } from 'devtools-protocol/types/protocol.js';
import { BalrogError } from '../../core/errors.js';
import type { CdpClient } from '../cdp/client.js';
import { displayPath, formatPosition } from './locations.js';
import { pathEndsWith, type ScriptInfo, type ScriptRegistry, type SourcePosition } from './scripts.js';

/** What the user asked for. */
export type BreakpointSpec =
  | { kind: 'line'; file: string; line: number; condition?: string }
  | { kind: 'function'; name: string; condition?: string };

/** A breakpoint balrog set. */
export interface Breakpoint {
  id: number;
  spec: BreakpointSpec;
  /** Inspector breakpoint ids behind it. */
  cdpIds: string[];
  /** Where it resolved to, in original sources (empty while pending). */
  locations: SourcePosition[];
  /**
   * True for a `file:line` breakpoint that balrog sets itself in each script
   * that matches as scripts load (source-mapped or TypeScript files), rather
   * than leaving it to the inspector's URL matching.
   */
  deferred: boolean;
}

/** Files the inspector's URL matching cannot place by line: their scripts are compiled. */
const COMPILED_SOURCE = /\.(ts|tsx|mts|cts)$/;

/** Looks up a function object by name for `b functionName`. */
export type FunctionLookup = (name: string) => Promise<Protocol.Runtime.RemoteObject>;

/** Sets, lists and removes breakpoints. */
export class BreakpointManager {
  private nextId = 1;
  private readonly breakpoints = new Map<number, Breakpoint>();

  constructor(
    private readonly client: CdpClient,
    private readonly scripts: ScriptRegistry,
    private readonly lookupFunction: FunctionLookup,
  ) {}

  /** Sets a breakpoint; throws a clear error when it cannot be set at all, or is set already. */
  async add(spec: BreakpointSpec): Promise<Breakpoint> {
    const same = this.list().find((bp) => samePlace(bp.spec, spec));
    if (same)
      throw new BalrogError(`Breakpoint at specified location already exists: #${same.id} ${describeBreakpoint(same)}`, {
        code: 'ERR_BALROG_BREAKPOINT',
      });
    const breakpoint: Breakpoint = { id: this.nextId, spec, cdpIds: [], locations: [], deferred: false };
    if (spec.kind === 'function') await this.setOnFunction(breakpoint, spec);
    else await this.setOnLine(breakpoint, spec);
    this.nextId++;
    this.breakpoints.set(breakpoint.id, breakpoint);
    return breakpoint;
  }

  /** Removes breakpoint `id`. */
  async remove(id: number): Promise<Breakpoint> {
    const breakpoint = this.breakpoints.get(id);
    if (!breakpoint) throw new BalrogError(`there is no breakpoint ${id}: see \`breakpoints\``, { code: 'ERR_BALROG_DEBUG_NOT_FOUND' });
    this.breakpoints.delete(id);
    for (const cdpId of breakpoint.cdpIds) await this.client.send('Debugger.removeBreakpoint', { breakpointId: cdpId });
    return breakpoint;
  }

  /** Removes every breakpoint balrog set. */
  async clear(): Promise<void> {
    for (const id of [...this.breakpoints.keys()]) await this.remove(id);
  }

  /**
   * The line breakpoint at `line` (1-based) of `file`: set with that file
   * and line, or resolved there (`file` a path suffix of where it resolved).
   */
  findAt(file: string, line: number): Breakpoint | undefined {
    return this.list().find(
      (bp) =>
        bp.spec.kind === 'line' &&
        ((bp.spec.line === line && (bp.spec.file === file || pathEndsWith(file, bp.spec.file))) ||
          bp.locations.some((at) => at.line + 1 === line && pathEndsWith(displayPath(at.url), file))),
    );
  }

  /** Breakpoints in the order they were set. */
  list(): Breakpoint[] {
    return [...this.breakpoints.values()];
  }

  /** The balrog breakpoints behind a pause's `hitBreakpoints`. */
  hitBy(cdpIds: readonly string[] | undefined): Breakpoint[] {
    if (!cdpIds?.length) return [];
    return this.list().filter((bp) => bp.cdpIds.some((id) => cdpIds.includes(id)));
  }

  /** Records a location the inspector resolved later (a script parsed after the breakpoint was set). */
  resolved(cdpId: string, position: SourcePosition): void {
    for (const breakpoint of this.breakpoints.values()) {
      if (breakpoint.cdpIds.includes(cdpId) && !breakpoint.locations.some((l) => l.url === position.url && l.line === position.line)) {
        breakpoint.locations.push(position);
      }
    }
  }

  /**
   * Sets pending source-mapped breakpoints in a newly parsed script. The
   * script may already be running by then: breakpoints in TypeScript files
   * that load later are best set before the program starts (`balrog debug`).
   */
  async scriptParsed(script: ScriptInfo): Promise<void> {
    for (const breakpoint of this.breakpoints.values()) {
      const spec = breakpoint.spec;
      if (spec.kind !== 'line' || !breakpoint.deferred) continue;
      for (const target of this.scripts.generatedFor(spec.file, spec.line - 1, script.scriptId)) {
        await this.setAt(breakpoint, target.scriptId, target.line, target.column, spec.condition);
      }
      if (!script.sourceMapURL && pathEndsWith(script.url, spec.file)) {
        await this.setAt(breakpoint, script.scriptId, spec.line - 1, 0, spec.condition);
      }
    }
  }

  private async setOnLine(breakpoint: Breakpoint, spec: Extract<BreakpointSpec, { kind: 'line' }>): Promise<void> {
    const targets = this.scripts.generatedFor(spec.file, spec.line - 1);
    if (targets.length > 0 || COMPILED_SOURCE.test(spec.file)) {
      breakpoint.deferred = true;
      for (const target of targets) await this.setAt(breakpoint, target.scriptId, target.line, target.column, spec.condition);
      // TypeScript run without a source map (type stripping keeps lines as they are).
      for (const script of this.scripts.all()) {
        if (!script.sourceMapURL && pathEndsWith(script.url, spec.file)) {
          await this.setAt(breakpoint, script.scriptId, spec.line - 1, 0, spec.condition);
        }
      }
      return;
    }
    const urlRegex = `(^|/)${escapeRegExp(spec.file.replace(/\\/g, '/').replace(/^\.\//, ''))}$`;
    const result = await this.client.send('Debugger.setBreakpointByUrl', {
      urlRegex,
      lineNumber: spec.line - 1,
      ...(spec.condition ? { condition: spec.condition } : {}),
    });
    breakpoint.cdpIds.push(result.breakpointId);
    for (const location of result.locations) this.addLocation(breakpoint, location);
  }

  private async setAt(breakpoint: Breakpoint, scriptId: string, line: number, column: number, condition?: string): Promise<void> {
    const result = await this.client.send('Debugger.setBreakpoint', {
      location: { scriptId, lineNumber: line, columnNumber: column },
      ...(condition ? { condition } : {}),
    });
    breakpoint.cdpIds.push(result.breakpointId);
    this.addLocation(breakpoint, result.actualLocation);
  }

  private async setOnFunction(breakpoint: Breakpoint, spec: Extract<BreakpointSpec, { kind: 'function' }>): Promise<void> {
    const fn = await this.lookupFunction(spec.name);
    if (fn.type !== 'function' || !fn.objectId) {
      throw new BalrogError(`'${spec.name}' is not a function here (it is ${fn.description ?? fn.type}): use \`b file:line\``, {
        code: 'ERR_BALROG_BREAKPOINT',
      });
    }
    const result = await this.client.send('Debugger.setBreakpointOnFunctionCall', {
      objectId: fn.objectId,
      ...(spec.condition ? { condition: spec.condition } : {}),
    });
    breakpoint.cdpIds.push(result.breakpointId);
    const properties = await this.client.send('Runtime.getProperties', { objectId: fn.objectId, ownProperties: true });
    const location = properties.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value as
      | Protocol.Debugger.Location
      | undefined;
    if (location) this.addLocation(breakpoint, location);
  }

  private addLocation(breakpoint: Breakpoint, location: Protocol.Debugger.Location): void {
    this.resolvedFor(breakpoint, this.scripts.toOriginal(location));
  }

  private resolvedFor(breakpoint: Breakpoint, position: SourcePosition): void {
    if (!breakpoint.locations.some((l) => l.url === position.url && l.line === position.line)) breakpoint.locations.push(position);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The same place, whatever the condition: `b` there again is refused. */
function samePlace(a: BreakpointSpec, b: BreakpointSpec): boolean {
  if (a.kind === 'function') return b.kind === 'function' && a.name === b.name;
  return b.kind === 'line' && a.file === b.file && a.line === b.line;
}

/**
 * Where a breakpoint is, with its condition, as every front end shows it:
 * `file:line`, `name (file:line)` for a function, `(pending)` while no
 * loaded script matches.
 */
export function describeBreakpoint(bp: Breakpoint): string {
  const spec = bp.spec;
  const at = bp.locations[0];
  let where: string;
  if (spec.kind === 'function') where = at ? `${spec.name} (${formatPosition(at)})` : spec.name;
  else where = at ? formatPosition(at) : `${spec.file}:${spec.line} (pending)`;
  return spec.condition ? `${where} if ${spec.condition}` : where;
}
