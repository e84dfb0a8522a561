/**
 * Where and how a non-stop breakpoint's parking call goes into a script's
 * source: before the first statement that starts on the breakpoint's line (or
 * the next line that starts one), on that same line, so that no line number
 * of the script moves. A statement that is the single body of an `if`, a loop
 * or a label is wrapped in braces with the call, so that the call does not
 * change what the `if` governs.
 *
 * A `debugger;` statement inside a function is converted, on its line too,
 * into `{ if (<nonstop>?.hit(<id>) ?? true) debugger; }`: in a fiber the call
 * stops that fiber as a breakpoint does and returns false, outside a fiber it
 * reports and returns false, and once non-stop mode is off (or the target's
 * part is gone) the statement pauses as it always did.
 */
import { parse } from '@babel/parser';
import type * as t from '@babel/types';
import { BalrogError } from '../../../core/errors.js';
import { nonStopExpression } from '../../target/park.js';

/** One parking call to insert: the breakpoint's id, its line (0-based), its condition. */
export interface Insertion {
  id: number;
  line: number;
  condition?: string;
}

/** Where an insertion landed: the statement's 0-based line and column in the unedited source. */
export interface Placement {
  line: number;
  column: number;
}

interface Site {
  placement: Placement;
  /** Where the statement ends (0-based line and column): text put after it goes there. */
  endPlacement: Placement;
  start: number;
  end: number;
  /** The statement is not in a statement list: the call and it go in braces. */
  wrap: boolean;
  /** A `debugger;` statement inside a function (one at a script's top level runs once, as it loads: it is left alone). */
  debuggerInFunction: boolean;
}

/** A `debugger;` statement to convert: its id (for the target's part) and where it starts in the unedited source. */
export interface StatementConversion {
  id: number;
  start: number;
}

/** Functions: a `debugger;` statement in one of them runs when it is called, so it can be converted before that. */
const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

/** Statement lists: a call may go before any of their statements. */
const LIST_PARENTS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase']);
/** Statements whose body is one statement: a call goes with it in braces. */
const SINGLE_BODY_PARENTS = new Set([
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
  'WithStatement',
]);

/** The code inserted for breakpoint `id`; a condition is evaluated in the frame, and an error in it counts as false, as in V8. */
export function parkingCall(id: number, condition?: string): string {
  const call = `${nonStopExpression}?.hit(${id});`;
  return condition ? `try { if (${condition}) ${call} } catch {} ` : `${call} `;
}

/** What goes before and after `debugger;` statement `id` (see the module comment). */
export function statementWrapping(id: number): { before: string; after: string } {
  return { before: `{ if (${nonStopExpression}?.hit(${id}) ?? true) `, after: ' }' };
}

/** Parses a script once; statements by start line. */
export class StatementIndex {
  private readonly sites: Site[] = [];

  constructor(readonly source: string) {
    const ast = parse(source, {
      sourceType: 'unambiguous',
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      errorRecovery: true,
    });
    this.collect(ast.program, undefined, false);
    this.sites.sort((a, b) => a.start - b.start);
  }

  /** The `debugger;` statements inside functions, in source order: those non-stop mode converts. */
  debuggerStatements(): Array<{ start: number; placement: Placement }> {
    return this.sites.filter((site) => site.debuggerInFunction).map(({ start, placement }) => ({ start, placement }));
  }

  /** The first statement that starts on `line` (0-based) or after it; undefined when none does. */
  siteAt(line: number): Site | undefined {
    return this.sites.find((site) => site.placement.line >= line);
  }

  /** The statement that starts at `offset` of the source. */
  siteAtOffset(offset: number): Site | undefined {
    return this.sites.find((site) => site.start === offset);
  }

  private collect(node: t.Node, position: 'list' | 'single' | undefined, inFunction: boolean): void {
    if (position && node.loc && node.start != null && node.end != null && !isDeclarationOnly(node)) {
      this.sites.push({
        placement: { line: node.loc.start.line - 1, column: node.loc.start.column },
        endPlacement: { line: node.loc.end.line - 1, column: node.loc.end.column },
        start: node.start,
        end: node.end,
        wrap: position === 'single',
        debuggerInFunction: inFunction && node.type === 'DebuggerStatement',
      });
    }
    const inside = inFunction || FUNCTION_TYPES.has(node.type);
    for (const key of Object.keys(node) as Array<keyof t.Node>) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
      const value = node[key] as unknown;
      const where = statementPosition(node.type, key);
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) this.collect(child, where === 'list' ? 'list' : undefined, inside);
      } else if (isNode(value)) {
        this.collect(value, where === 'single' ? 'single' : undefined, inside);
      }
    }
  }
}

/**
 * The source with every insertion and statement conversion made; each
 * insertion's placement, by id; what was inserted where (for columns).
 * Throws a BalrogError when no statement starts on or after a breakpoint's line.
 */
export function insertAll(
  index: StatementIndex,
  insertions: readonly Insertion[],
  conversions: readonly StatementConversion[] = [],
): { source: string; placements: Map<number, Placement>; shifts: Shift[] } {
  const placements = new Map<number, Placement>();
  // Per statement: the calls that go before it, and the conversion of it (a `debugger;`).
  const bySite = new Map<Site, { calls: string[]; conversion?: number }>();
  const entry = (site: Site) => bySite.get(site) ?? bySite.set(site, { calls: [] }).get(site)!;
  for (const insertion of insertions) {
    const site = index.siteAt(insertion.line);
    if (!site)
      throw new BalrogError(`no statement starts on line ${insertion.line + 1} or after it: a non-stop breakpoint needs one`, {
        code: 'ERR_BALROG_BREAKPOINT',
      });
    placements.set(insertion.id, site.placement);
    entry(site).calls.push(parkingCall(insertion.id, insertion.condition));
  }
  for (const conversion of conversions) {
    const site = index.siteAtOffset(conversion.start);
    if (site?.debuggerInFunction) entry(site).conversion = conversion.id;
  }
  // Text goes in at points of the unedited source: before a statement, after it. Statements nest
  // (`if (x) debugger;`), so the points are put in one forward pass: at one offset, what closes a
  // statement goes before what opens the next, and an inner statement closes before its outer one.
  const points: Array<{ offset: number; closes: boolean; site: Site; text: string }> = [];
  const shifts: Shift[] = [];
  for (const [site, { calls, conversion }] of bySite) {
    const wrapping = conversion === undefined ? { before: '', after: '' } : statementWrapping(conversion);
    // Braces for the calls of a single-body statement; a converted statement is a block already.
    const wrap = site.wrap && calls.length > 0;
    // Several breakpoints on one statement: their calls go in a row before it.
    const before = `${wrap ? '{ ' : ''}${calls.join('')}${wrapping.before}`;
    const after = `${wrapping.after}${wrap ? ' }' : ''}`;
    points.push({ offset: site.start, closes: false, site, text: before });
    shifts.push({ ...site.placement, length: before.length });
    if (after) {
      points.push({ offset: site.end, closes: true, site, text: after });
      shifts.push({ ...site.endPlacement, length: after.length });
    }
  }
  points.sort((a, b) => a.offset - b.offset || Number(b.closes) - Number(a.closes) || b.site.start - a.site.start);
  let source = '';
  let done = 0;
  for (const point of points) {
    source += index.source.slice(done, point.offset) + point.text;
    done = point.offset;
  }
  source += index.source.slice(done);
  return { source, placements, shifts };
}

/** Text inserted at a 0-based line and column of the unedited source. */
export interface Shift {
  line: number;
  column: number;
  length: number;
}

/** The column in the unedited source of column `column` of `line` in the edited one (inside an insertion: where it stands). */
export function originalColumn(shifts: readonly Shift[], line: number, column: number): number {
  let shift = 0;
  for (const inserted of shifts.filter((s) => s.line === line).sort((a, b) => a.column - b.column)) {
    const start = inserted.column + shift;
    if (column < start) break;
    if (column < start + inserted.length) return inserted.column;
    shift += inserted.length;
  }
  return column - shift;
}

function isNode(value: unknown): value is t.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Whether the children under `key` of a `type` node stand where statements do: in a list, or as a single body. */
function statementPosition(type: string, key: string): 'list' | 'single' | undefined {
  if ((LIST_PARENTS.has(type) && key === 'body') || (type === 'SwitchCase' && key === 'consequent')) return 'list';
  if (type === 'IfStatement' && (key === 'consequent' || key === 'alternate')) return 'single';
  if (SINGLE_BODY_PARENTS.has(type) && key === 'body') return 'single';
  return undefined;
}

/** Declarations that run no code where they stand: a call before them would stop where nothing happens. */
function isDeclarationOnly(node: t.Node): boolean {
  return (
    node.type === 'FunctionDeclaration' ||
    node.type === 'ImportDeclaration' ||
    node.type === 'ExportAllDeclaration' ||
    node.type === 'TSInterfaceDeclaration' ||
    node.type === 'TSTypeAliasDeclaration' ||
    node.type === 'EmptyStatement'
  );
}
