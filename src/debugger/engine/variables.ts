/**
 * Scopes and variables of a paused frame, fetched lazily for front ends that
 * show a tree (the TUI): one `Runtime.getProperties` per scope or object the
 * user opens, with one-line summaries built from the inspector's previews, so
 * a frame with hundreds of variables costs one round trip, not one per value.
 */
import type { Protocol } from 'devtools-protocol/types/protocol.js';
import type { CdpClient } from '../cdp/client.js';
import type { Frame } from './frames.js';

/** One scope of a frame (`Local`, `Closure handle`, `Global`, ...). */
export interface ScopeEntry {
  type: Protocol.Debugger.Scope['type'];
  /** What the user reads: the type, capitalised, and the function name for closures. */
  label: string;
  objectId: string | undefined;
}

/** A variable or property: its name, a one-line summary, and an id to open it by when it has children. */
export interface Variable {
  name: string;
  summary: string;
  /** Set for objects and functions: pass it to {@link fetchProperties} to list their properties. */
  objectId: string | undefined;
}

/** Longest summary kept for one value. */
const SUMMARY_WIDTH = 200;

/** The scopes of `frame`, innermost first; the global scope last (it is large: open it on demand). */
export function scopesOf(frame: Frame): ScopeEntry[] {
  return frame.scopeChain.map((scope) => {
    const type = scope.type;
    const name = type.charAt(0).toUpperCase() + type.slice(1);
    return { type, label: scope.name ? `${name} ${scope.name}` : name, objectId: scope.object.objectId };
  });
}

/** The own properties of a scope or object (internal ones like `[[Prototype]]` too), in the inspector's order. */
export async function fetchProperties(client: CdpClient, objectId: string): Promise<Variable[]> {
  const reply = await client.send('Runtime.getProperties', { objectId, ownProperties: true, generatePreview: true });
  const variables: Variable[] = [];
  for (const property of reply.result) {
    if (property.value) variables.push(variableOf(property.name, property.value));
    else if (property.get || property.set) variables.push({ name: property.name, summary: '(getter)', objectId: undefined });
  }
  for (const property of reply.internalProperties ?? []) {
    if (property.value && property.name !== '[[FunctionLocation]]') variables.push(variableOf(property.name, property.value));
  }
  return variables;
}

function variableOf(name: string, value: Protocol.Runtime.RemoteObject): Variable {
  return { name, summary: clip(summarize(value)), objectId: value.objectId };
}

/** A one-line summary of a remote value, in `util.inspect`'s spirit (`{ id: 7, item: 'pizza' }`). */
export function summarize(value: Protocol.Runtime.RemoteObject): string {
  if (value.type === 'string') return quote(String(value.value));
  if (value.type === 'undefined') return 'undefined';
  if (value.unserializableValue !== undefined) return value.unserializableValue;
  if (value.type === 'number' || value.type === 'boolean') return String(value.value);
  if (value.subtype === 'null') return 'null';
  if (value.type === 'function') return summarizeFunction(value.description ?? '');
  if (value.preview) return summarizePreview(value.preview, value.className);
  return value.description ?? value.type;
}

function summarizePreview(preview: Protocol.Runtime.ObjectPreview, className: string | undefined): string {
  const more = preview.overflow ? ', …' : '';
  if (preview.subtype === 'array' || preview.subtype === 'typedarray') {
    const items = preview.properties.map((p) => previewValue(p));
    return `[ ${items.join(', ')}${more} ]`.replace('[  ]', '[]');
  }
  if (preview.entries) {
    const entries = preview.entries.map((e) => (e.key ? `${previewOf(e.key)} => ${previewOf(e.value)}` : previewOf(e.value)));
    return `${preview.description ?? className ?? 'Map'} { ${entries.join(', ')}${more} }`;
  }
  if (preview.subtype && preview.subtype !== 'proxy') return preview.description ?? className ?? 'object';
  const fields = preview.properties.map((p) => `${p.name}: ${previewValue(p)}`);
  const prefix = className && className !== 'Object' ? `${className} ` : '';
  return fields.length === 0 && !more ? `${prefix}{}` : `${prefix}{ ${fields.join(', ')}${more} }`;
}

function previewValue(property: Protocol.Runtime.PropertyPreview): string {
  if (property.type === 'string') return quote(property.value ?? '');
  if (property.type === 'function') return '[Function]';
  if (property.type === 'object' && property.subtype !== 'null') {
    if (property.subtype === 'array') return `[${property.value ?? 'Array'}]`;
    return property.value === 'Object' ? '{…}' : (property.value ?? 'Object');
  }
  return property.value ?? property.type;
}

function previewOf(entry: Protocol.Runtime.ObjectPreview): string {
  if (entry.type === 'string') return quote(entry.description ?? '');
  return entry.description ?? entry.type;
}

/** `[Function: name]`, `[class Name]`, or for an arrow or anonymous function the start of its source. */
function summarizeFunction(description: string): string {
  const named = /^(?:async\s+)?function\*?\s*([\w$]+)/.exec(description)?.[1];
  if (named) return `[Function: ${named}]`;
  const className = /^class\s+([\w$]+)/.exec(description)?.[1];
  if (className) return `[class ${className}]`;
  const start = description.split('\n')[0]!;
  return `[Function] ${start.length > 40 ? `${start.slice(0, 39)}…` : start}`;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function clip(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  return line.length > SUMMARY_WIDTH ? `${line.slice(0, SUMMARY_WIDTH - 1)}…` : line;
}

/** True when the paused thread runs in a fiber (then `await` works in the console). */
export async function pausedInFiber(client: CdpClient, callFrameId: string): Promise<boolean> {
  const reply = await client.send('Debugger.evaluateOnCallFrame', {
    callFrameId,
    expression: "globalThis[Symbol.for('balrog.core')]?.inFiber?.() === true",
    returnByValue: true,
    silent: true,
  });
  return reply.result.value === true;
}
