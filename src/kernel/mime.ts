/**
 * Turning a cell's value into a MIME bundle, the ijavascript way: a value may
 * offer `_toMime()`, `_toHtml()`, `_toSvg()`, `_toPng()` or `_toJpeg()`, and a
 * notebook may replace the whole mimer with `global.$$mimer$$`.
 */
import { inspect } from 'node:util';

/** A MIME bundle: MIME type to data. */
export type MimeBundle = Record<string, unknown>;

type Mimer = (value: unknown) => MimeBundle;

const rich: Array<[string, string]> = [
  ['_toHtml', 'text/html'],
  ['_toSvg', 'image/svg+xml'],
  ['_toPng', 'image/png'],
  ['_toJpeg', 'image/jpeg'],
];

/** The default mimer, compatible with ijavascript's. */
export function defaultMimer(value: unknown): MimeBundle {
  if (value === undefined) return { 'text/plain': 'undefined' };
  if (value === null) return { 'text/plain': 'null' };
  const source = value as Record<string, unknown>;
  let bundle: MimeBundle = {};
  if (typeof source._toMime === 'function') {
    const made = tryCall(() => (source._toMime as () => unknown).call(value));
    if (typeof made === 'object' && made !== null) bundle = { ...(made as MimeBundle) };
  }
  if (!('text/plain' in bundle)) bundle['text/plain'] = inspect(value, { colors: false, depth: 4 });
  for (const [method, mime] of rich) {
    if (typeof source[method] === 'function' && !(mime in bundle)) {
      const made = tryCall(() => (source[method] as () => unknown).call(value));
      if (made !== undefined) bundle[mime] = made;
    }
  }
  return bundle;
}

/** A value's MIME bundle through the notebook's `$$mimer$$` if it set one. */
export function toMime(value: unknown): MimeBundle {
  const custom = (globalThis as { $$mimer$$?: unknown }).$$mimer$$;
  return typeof custom === 'function' ? (custom as Mimer)(value) : defaultMimer(value);
}

function tryCall(fn: () => unknown): unknown {
  try {
    return fn();
  } catch {
    // ijavascript ignores a failing _toX method and shows the plain text instead.
    return undefined;
  }
}
