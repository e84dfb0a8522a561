/**
 * Top-level `const`/`let` bindings of REPL inputs, kept as properties of the
 * global object so that every later input (and every function an input
 * defined) sees them.
 *
 * Why not real script declarations: a second `let x` in a later script is a
 * SyntaxError for V8 unless the script runs in V8's REPL mode, and REPL mode is
 * only reachable through an inspector session, which cannot survive an input
 * that yields its fiber inside the session's dispatch (see fiber-core.md).
 * Properties give the REPL-mode semantics instead: a const is an accessor whose
 * setter throws V8's own TypeError; any name may be declared again; and a name
 * is only defined after its initializer succeeded, so a throwing initializer
 * poisons nothing.
 */

/** The kind of a top-level binding made by {@link Bindings.declare}. */
export type BindingKind = 'const' | 'let';

function assignToConstant(): never {
  throw new TypeError('Assignment to constant variable.');
}

/** The top-level lexical bindings of one REPL session. */
export class Bindings {
  readonly #target: object;
  readonly #kinds = new Map<string, BindingKind>();

  constructor(target: object = globalThis) {
    this.#target = target;
  }

  /** Declares (or declares again) each `name: value` of `values`. */
  declare(kind: BindingKind, values: Record<string, unknown>): void {
    for (const name of Object.keys(values)) {
      const value = values[name];
      const existing = Object.getOwnPropertyDescriptor(this.#target, name);
      if (existing && !existing.configurable) {
        throw new SyntaxError(`Identifier '${name}' has already been declared`);
      }
      Object.defineProperty(this.#target, name, kind === 'const'
        ? { get: () => value, set: assignToConstant, enumerable: false, configurable: true }
        : { value, writable: true, enumerable: false, configurable: true });
      this.#kinds.set(name, kind);
    }
  }

  /** Declares the const bindings of an import: `pairs` are `[local, imported]`, `'*'` for the namespace. */
  declareImport(namespace: Record<string, unknown>, pairs: Array<[string, string]>): void {
    const values: Record<string, unknown> = {};
    for (const [local, imported] of pairs) {
      if (imported !== '*' && !(imported in namespace)) {
        throw new SyntaxError(`The requested module does not provide an export named '${imported}'`);
      }
      values[local] = imported === '*' ? namespace : namespace[imported];
    }
    this.declare('const', values);
  }

  /** Forgets bindings about to be declared with `var` or `function`, which cannot replace an accessor. */
  releaseVars(names: readonly string[]): void {
    for (const name of names) {
      if (this.#kinds.delete(name)) Reflect.deleteProperty(this.#target, name);
    }
  }

  /** The names declared so far. */
  names(): string[] {
    return [...this.#kinds.keys()];
  }

  /** The kind of `name`, if this session declared it. */
  kindOf(name: string): BindingKind | undefined {
    return this.#kinds.get(name);
  }

  /** Removes every binding (the REPL's `.clear`). */
  clear(): void {
    this.releaseVars(this.names());
  }
}
