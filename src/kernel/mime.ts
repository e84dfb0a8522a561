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

/** The default mimer, compatible with ijavascript's; it never throws. */
export function defaultMimer(value: unknown): MimeBundle {
  try {
    return richMime(value);
  } catch {
    // A proxy or getter that throws on `_toMime`, an inspect that throws.
    return { 'text/plain': Object.prototype.toString.call(value) };
  }
}

function richMime(value: unknown): MimeBundle {
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

/**
 * A value's MIME bundle through the notebook's `$$mimer$$` (ijavascript's
 * idiom: `const previous = $$mimer$$; $$mimer$$ = (v) => ({...previous(v), ...})`).
 * A broken mimer (one that throws, or returns something that is not a bundle
 * Jupyter can carry) must not wedge the notebook: the value is shown with the
 * default mimer, and what went wrong goes to the cell's stderr.
 */
export function toMime(value: unknown): MimeBundle {
  const custom = (globalThis as { $$mimer$$?: unknown }).$$mimer$$;
  if (typeof custom !== 'function' || custom === defaultMimer) return defaultMimer(value);
  let problem: string;
  try {
    const bundle: unknown = (custom as Mimer)(value);
    problem = bundleProblem(bundle);
    if (!problem) return bundle as MimeBundle;
  } catch (error) {
    problem = `threw ${error instanceof Error ? `${error.name}: ${error.message}` : inspect(error)}`;
  }
  process.stderr.write(`$$mimer$$ ${problem}; shown with $$defaultMimer$$ instead\n`);
  return defaultMimer(value);
}

/** Why `bundle` cannot be a cell's output ('' when it can). */
function bundleProblem(bundle: unknown): string {
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) {
    return `returned ${inspect(bundle, { depth: 0 })}, not a MIME bundle ({ 'text/plain': ... })`;
  }
  try {
    JSON.stringify(bundle, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch (error) {
    return `returned a bundle that cannot be sent as JSON (${(error as Error).message})`;
  }
  return '';
}

/**
 * ijavascript's globals for mimers: `$$defaultMimer$$`, immutable, and
 * `$$mimer$$`, which starts as the default and may be replaced.
 */
export function installMimerGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  if (!Object.hasOwn(g, '$$defaultMimer$$')) {
    Object.defineProperty(g, '$$defaultMimer$$', { value: defaultMimer, writable: false, configurable: false, enumerable: false });
  }
  if (typeof g.$$mimer$$ !== 'function') g.$$mimer$$ = defaultMimer;
}

function tryCall(fn: () => unknown): unknown {
  try {
    return fn();
  } catch {
    // ijavascript ignores a failing _toX method and shows the plain text instead.
    return undefined;
  }
}
