/**
 * Keeps Node's async-id stack consistent across fiber switches.
 *
 * Node keeps one async-id stack per thread of JavaScript (per Environment),
 * pushed by `AsyncResource#runInAsyncScope`, timers, nextTicks and native
 * callbacks, and checked on every pop. A fiber that waits inside
 * `runInAsyncScope` would leave its entries on the stack of whoever resumed it,
 * and Node aborts: "async hook stack has become corrupted". So, like
 * node-fibers did, every switch saves the fiber's entries and removes them,
 * and the next resume pushes them back (on top of the new resumer's stack).
 *
 * Each fiber also runs under its own AsyncResource, pushed at every resume, so
 * `executionAsyncId()` and AsyncLocalStorage (which on Node 20-22 stores per
 * resource) are the same after a wait as before it. On Node >= 24,
 * AsyncLocalStorage lives in V8's continuation data, which the native side swaps.
 *
 * The stack's storage is internal to Node. It is reached once, through an
 * in-process inspector session, as closure variables of
 * `async_hooks.executionAsyncResource` (the same on Node 20, 22, 24 and 26;
 * `process.binding('async_wrap')` is gone on 24+).
 */
import { AsyncResource, executionAsyncResource } from 'node:async_hooks';
import { Session } from 'node:inspector';

interface AsyncInternals {
  fields: Uint32Array;
  ids: Float64Array;
  binding: { async_ids_stack: Float64Array; pushAsyncContext(id: number, trigger: number): void };
  resources: unknown[];
  kStackLength: number;
  kExecutionAsyncId: number;
  kTriggerAsyncId: number;
}

/** One saved entry of a fiber's async-id stack, bottom first. */
export interface AsyncFrame {
  executionAsyncId: number;
  triggerAsyncId: number;
  resource: unknown;
}

let internals: AsyncInternals | undefined;

function post<T>(session: Session, method: string, params: object): T {
  let failure: Error | null = null;
  let reply: T | undefined;
  session.post(method, params, (error, result) => {
    failure = error;
    reply = result as T;
  });
  if (failure) throw failure;
  if (reply === undefined) throw new Error(`inspector call ${method} did not answer synchronously`);
  return reply;
}

type RemoteProperty = { name: string; value?: { objectId?: string; value?: unknown } };

function loadInternals(): AsyncInternals {
  const session = new Session();
  session.connect();
  const key = `__balrog_async_probe_${process.pid}`;
  const global = globalThis as Record<string, unknown>;
  try {
    global[key] = executionAsyncResource;
    const probe = post<{ result: { objectId: string } }>(session, 'Runtime.evaluate', { expression: `globalThis.${key}` });
    const own = post<{ internalProperties: RemoteProperty[] }>(session, 'Runtime.getProperties', {
      objectId: probe.result.objectId,
      ownProperties: true,
    });
    const scopes = own.internalProperties.find((p) => p.name === '[[Scopes]]');
    const list = post<{ result: RemoteProperty[] }>(session, 'Runtime.getProperties', {
      objectId: scopes?.value?.objectId,
      ownProperties: true,
    });
    const wanted = ['async_wrap', 'async_hook_fields', 'async_id_fields', 'execution_async_resources'];
    const constants = ['kStackLength', 'kExecutionAsyncId', 'kTriggerAsyncId'];
    for (const scope of list.result) {
      const vars = post<{ result: RemoteProperty[] }>(session, 'Runtime.getProperties', {
        objectId: scope.value?.objectId,
        ownProperties: true,
      }).result;
      const byName = new Map(vars.map((v) => [v.name, v.value]));
      if (!wanted.every((name) => byName.get(name)?.objectId)) continue;
      post(session, 'Runtime.callFunctionOn', {
        objectId: probe.result.objectId,
        functionDeclaration: `function (...values) { globalThis.${key} = values; }`,
        arguments: [
          ...wanted.map((n) => ({ objectId: byName.get(n)!.objectId })),
          ...constants.map((n) => ({ value: byName.get(n)?.value })),
        ],
      });
      const [binding, fields, ids, resources, kStackLength, kExecutionAsyncId, kTriggerAsyncId] = global[key] as [
        AsyncInternals['binding'],
        Uint32Array,
        Float64Array,
        unknown[],
        number,
        number,
        number,
      ];
      return { binding, fields, ids, resources, kStackLength, kExecutionAsyncId, kTriggerAsyncId };
    }
    throw new Error('the async-id stack was not found in this version of Node');
  } finally {
    delete global[key];
    session.disconnect();
  }
}

function get(): AsyncInternals {
  internals ??= loadInternals();
  return internals;
}

/**
 * The first frame of a new fiber: its own async resource, created in the
 * spawner's context. Destroyed by hand when the fiber finishes (`emitDestroy`),
 * not tracked by the GC, which would cost every fiber a weak reference.
 */
export function newRootFrame(): AsyncFrame & { resource: AsyncResource } {
  const resource = new AsyncResource('BalrogFiber', { requireManualDestroy: true });
  return { executionAsyncId: resource.asyncId(), triggerAsyncId: resource.triggerAsyncId(), resource };
}

/** The async-id stack's height now. */
export function asyncStackHeight(): number {
  const s = get();
  return s.fields[s.kStackLength]!;
}

/** Pushes a fiber's saved frames; returns the stack height to give back to at the next switch. */
export function enterFrames(frames: readonly AsyncFrame[]): number {
  const s = get();
  const { fields, ids } = s;
  const base = fields[s.kStackLength]!;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    const offset = base + i;
    const stack = s.binding.async_ids_stack;
    if (offset * 2 >= stack.length) {
      s.binding.pushAsyncContext(frame.executionAsyncId, frame.triggerAsyncId); // grows the stack natively
    } else {
      stack[offset * 2] = ids[s.kExecutionAsyncId]!;
      stack[offset * 2 + 1] = ids[s.kTriggerAsyncId]!;
      fields[s.kStackLength] = offset + 1;
      ids[s.kExecutionAsyncId] = frame.executionAsyncId;
      ids[s.kTriggerAsyncId] = frame.triggerAsyncId;
    }
    s.resources[offset] = frame.resource;
  }
  return base;
}

/**
 * Takes every frame above `base` off the stack (the fiber's), and returns them for
 * the next resume: `entered` itself when they are still the ones entered, as they
 * are at most switches, which then allocate nothing.
 */
export function leaveFrames(base: number, entered: readonly AsyncFrame[]): readonly AsyncFrame[] {
  const s = get();
  const { fields, ids, resources } = s;
  const height = fields[s.kStackLength]!;
  const stack = s.binding.async_ids_stack;
  let frames = entered;
  if (!unchanged(s, base, height, entered)) {
    const saved: AsyncFrame[] = [];
    for (let i = base; i < height; i++) {
      saved.push({ executionAsyncId: executionIdAt(s, i, height), triggerAsyncId: triggerIdAt(s, i, height), resource: resources[i] });
    }
    frames = saved;
  }
  if (height > base) {
    ids[s.kExecutionAsyncId] = stack[base * 2]!;
    ids[s.kTriggerAsyncId] = stack[base * 2 + 1]!;
    fields[s.kStackLength] = base;
    while (resources.length > base) resources.pop();
  }
  return frames;
}

/** Whether the stack above `base` holds exactly `frames`. */
function unchanged(s: AsyncInternals, base: number, height: number, frames: readonly AsyncFrame[]): boolean {
  if (height - base !== frames.length) return false;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    if (frame.executionAsyncId !== executionIdAt(s, base + i, height)) return false;
    if (frame.triggerAsyncId !== triggerIdAt(s, base + i, height)) return false;
    if (frame.resource !== s.resources[base + i]) return false;
  }
  return true;
}

// The ids of the frame at stack position `i`: the top frame's are the current
// ones; each frame below had its ids saved one slot up when the next was pushed.
function executionIdAt(s: AsyncInternals, i: number, height: number): number {
  return i === height - 1 ? s.ids[s.kExecutionAsyncId]! : s.binding.async_ids_stack[(i + 1) * 2]!;
}

function triggerIdAt(s: AsyncInternals, i: number, height: number): number {
  return i === height - 1 ? s.ids[s.kTriggerAsyncId]! : s.binding.async_ids_stack[(i + 1) * 2 + 1]!;
}
