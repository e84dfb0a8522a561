/**
 * node inspect's raw protocol calls at the prompt: `Debugger.getScriptSource({
 * scriptId: '63' })` sends that inspector request and prints its answer. Only
 * the inspector's domains are recognised (`Math.max(1, 2)` is evaluated as
 * code); the argument is an object literal, read here, in the debugger.
 */
import { runInNewContext } from 'node:vm';
import { BalrogError } from '../../core/errors.js';

/** The inspector domains a Node target has (node inspect exposes the same names). */
const DOMAINS = new Set([
  'Console',
  'Debugger',
  'HeapProfiler',
  'Profiler',
  'Runtime',
  'Schema',
  'NodeRuntime',
  'NodeTracing',
  'NodeWorker',
  'Network',
]);

/** A request typed at the prompt: its method and parameters. */
export interface ProtocolCall {
  method: string;
  params: object;
}

/** The request `line` spells (`Domain.method({ ... })`), or undefined when it is something else. */
export function parseProtocolCall(line: string): ProtocolCall | undefined {
  const match = /^([A-Z][A-Za-z]*)\.([a-z]\w*)\(([\s\S]*)\)\s*;?$/.exec(line.trim());
  if (!match || !DOMAINS.has(match[1]!)) return undefined;
  const text = match[3]!.trim();
  let params: unknown;
  try {
    params = text ? runInNewContext(`(${text})`, Object.create(null), { timeout: 1000 }) : {};
  } catch (error) {
    throw new BalrogError(`cannot read the parameters of ${match[1]}.${match[2]}: ${(error as Error).message}; pass an object literal`, {
      code: 'ERR_BALROG_DEBUG_COMMAND',
    });
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new BalrogError(`the parameters of ${match[1]}.${match[2]} are an object literal ({ name: value }), not ${text}`, {
      code: 'ERR_BALROG_DEBUG_COMMAND',
    });
  }
  // Plain data of this realm (the literal was built in another): what the protocol carries, as JSON.
  return { method: `${match[1]}.${match[2]}`, params: JSON.parse(JSON.stringify(params)) as object };
}
