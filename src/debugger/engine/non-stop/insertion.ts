/**
 * Where and how a non-stop breakpoint's parking call goes into a script's
 * source: before the first statement that starts on the breakpoint's line (or
 * the next line that starts one), on that same line, so that no line number
 * of the script moves. A statement that is the single body of an `if`, a loop
 * or a label is wrapped in braces with the call, so that the call does not
 * change what the `if` governs.
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
  start: number;
  end: number;
  /** The statement is not in a statement list: the call and it go in braces. */
  wrap: boolean;
}

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
    this.collect(ast.program, undefined);
    this.sites.sort((a, b) => a.start - b.start);
  }

  /** The first statement that starts on `line` (0-based) or after it; undefined when none does. */
  siteAt(line: number): Site | undefined {
    return this.sites.find((site) => site.placement.line >= line);
  }

  private collect(node: t.Node, position: 'list' | 'single' | undefined): void {
    if (position && node.loc && node.start != null && node.end != null && !isDeclarationOnly(node)) {
      this.sites.push({
        placement: { line: node.loc.start.line - 1, column: node.loc.start.column },
        start: node.start,
        end: node.end,
        wrap: position === 'single',
      });
    }
    for (const key of Object.keys(node) as Array<keyof t.Node>) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
      const value = node[key] as unknown;
      const where = statementPosition(node.type, key);
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) this.collect(child, where === 'list' ? 'list' : undefined);
      } else if (isNode(value)) {
        this.collect(value, where === 'single' ? 'single' : undefined);
      }
    }
  }
}

/**
 * The source with every insertion made (from the end backwards, so offsets
 * stay valid); each insertion's placement, by id. Throws a BalrogError when
 * no statement starts on or after a breakpoint's line.
 */
export function insertAll(
  index: StatementIndex,
  insertions: readonly Insertion[],
): { source: string; placements: Map<number, Placement>; shifts: Shift[] } {
  const placements = new Map<number, Placement>();
  const edits: Array<{ site: Site; text: string }> = [];
  for (const insertion of insertions) {
    const site = index.siteAt(insertion.line);
    if (!site)
      throw new BalrogError(`no statement starts on line ${insertion.line + 1} or after it: a non-stop breakpoint needs one`, {
        code: 'ERR_BALROG_BREAKPOINT',
      });
    placements.set(insertion.id, site.placement);
    edits.push({ site, text: parkingCall(insertion.id, insertion.condition) });
  }
  let source = index.source;
  // Several breakpoints on one statement: their calls go in a row before it.
  edits.sort((a, b) => b.site.start - a.site.start);
  const bySite = new Map<Site, string[]>();
  for (const edit of edits) bySite.set(edit.site, [...(bySite.get(edit.site) ?? []), edit.text]);
  const shifts: Shift[] = [];
  for (const [site, texts] of bySite) {
    const calls = texts.join('');
    shifts.push({ ...site.placement, length: calls.length + (site.wrap ? 2 : 0) });
    source = site.wrap
      ? `${source.slice(0, site.start)}{ ${calls}${source.slice(site.start, site.end)} }${source.slice(site.end)}`
      : `${source.slice(0, site.start)}${calls}${source.slice(site.start)}`;
  }
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
