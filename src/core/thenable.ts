/**
 * What `await` treats as a promise: any object or function with a callable
 * `then`. For balrog's own modules (the REPL, the kernel); not part of the
 * public API. (The debugger's target helper keeps a copy: it is injected into
 * targets as source text and cannot import.)
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
