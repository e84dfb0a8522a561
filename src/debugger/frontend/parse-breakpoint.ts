/**
 * Parses `b` arguments: `file:line [if cond]` or `functionName [if cond]`.
 */
import { BalrogError } from '../../core/errors.js';
import type { BreakpointSpec } from '../engine/breakpoints.js';

/** Parses the text after `b`. */
export function parseBreakpointArgs(text: string): BreakpointSpec {
  const match = /^(\S+)(?:\s+if\s+(.+))?$/s.exec(text.trim());
  if (!match)
    throw new BalrogError('usage: b <file>:<line> [if <condition>] or b <functionName> [if <condition>]', {
      code: 'ERR_BALROG_DEBUG_COMMAND',
    });
  const [, typed, condition] = match as unknown as [string, string, string | undefined];
  // node inspect writes a function breakpoint as a call: `sb('otherFunction()')`.
  const where = typed.replace(/\(\)$/, '');
  const extra = condition ? { condition: condition.trim() } : {};
  const line = /^(.+):(\d+)$/.exec(where);
  if (line) {
    const number = Number(line[2]);
    if (number < 1) throw new BalrogError('line numbers start at 1', { code: 'ERR_BALROG_DEBUG_COMMAND' });
    return { kind: 'line', file: line[1]!, line: number, ...extra };
  }
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(where)) return { kind: 'function', name: where, ...extra };
  throw new BalrogError(`cannot set a breakpoint at '${where}': use <file>:<line> (any path suffix, e.g. app.ts:12) or a function name`, {
    code: 'ERR_BALROG_DEBUG_COMMAND',
  });
}
