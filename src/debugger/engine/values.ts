/**
 * Formats inspector RemoteObjects the way the REPL prints values: objects go
 * through `util.inspect` inside the target (same output as the REPL, getters
 * not invoked), primitives are formatted here.
 */
import { inspect } from 'node:util';
import type { Protocol } from 'devtools-protocol/types/protocol.js';
import type { CdpClient } from '../cdp/client.js';
import { helperExpression } from '../target/helper.js';

/** Longest one-line summary `locals` prints for a value. */
const COMPACT_WIDTH = 160;

/**
 * Formats a value as `util.inspect` would in the target; `compact` gives a
 * one-line, top-level summary cut at {@link COMPACT_WIDTH} characters.
 */
export async function formatValue(
  client: CdpClient,
  object: Protocol.Runtime.RemoteObject,
  colors: boolean,
  compact = false,
): Promise<string> {
  if (object.objectId) {
    try {
      const { result } = await client.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: `function (colors, compact) { return ${helperExpression}.inspect(this, colors, compact); }`,
        arguments: [{ value: colors && !compact }, { value: compact }],
        returnByValue: true,
        silent: true,
      });
      if (typeof result.value === 'string') {
        return compact && result.value.length > COMPACT_WIDTH ? `${result.value.slice(0, COMPACT_WIDTH - 1)}…` : result.value;
      }
    } catch {
      // The helper is missing (injection failed) or the object is gone: use the inspector's summary.
    }
    return object.description ?? object.className ?? object.type;
  }
  return inspect(primitiveOf(object), { colors });
}

/** Formats a thrown value for `Uncaught ...` lines: `Name: message` for errors. */
export async function formatThrown(client: CdpClient, details: Protocol.Runtime.ExceptionDetails): Promise<string> {
  const exception = details.exception;
  if (!exception) return details.text;
  if (exception.objectId) {
    try {
      const { result } = await client.send('Runtime.callFunctionOn', {
        objectId: exception.objectId,
        functionDeclaration: `function () { return ${helperExpression}.describeError(this); }`,
        returnByValue: true,
        silent: true,
      });
      if (typeof result.value === 'string') return result.value;
    } catch {
      // Fall back to the inspector's description below.
    }
    return (exception.description ?? details.text).split('\n')[0]!;
  }
  return inspect(primitiveOf(exception));
}

function primitiveOf(object: Protocol.Runtime.RemoteObject): unknown {
  if (object.type === 'undefined') return undefined;
  if (object.unserializableValue !== undefined) {
    const text = object.unserializableValue;
    if (text.endsWith('n')) return BigInt(text.slice(0, -1));
    if (text === '-0') return -0;
    return Number(text);
  }
  if (object.type === 'symbol') return Symbol(object.description?.replace(/^Symbol\((.*)\)$/, '$1'));
  return object.value;
}
