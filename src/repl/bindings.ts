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
  /**
   * Bindings whose names are globals the program had before the session
   * (`class Map {}`, `let process`, `const Promise`): they live here, never on
   * the global object, so that balrog, its parser and every library keep the
   * real `Map` (in Node's REPL a script's `let` shadows the global the same
   * way). Inputs see them through `with (scope)` (see {@link shadowing}).
   */
  readonly scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  readonly #builtins: ReadonlySet<string>;
  #shadowing = false;

  /**
   * @param builtins names that a declaration must shadow rather than replace
   *   (default: the global object's own names when the session starts)
   */
  constructor(target: object = globalThis, builtins: Iterable<string> = Object.getOwnPropertyNames(target)) {
    this.#target = target;
    this.#builtins = new Set(builtins);
  }

  /** Whether some binding ever shadowed a builtin global: then inputs must run inside `with (scope)`. */
  get shadowing(): boolean {
    return this.#shadowing;
  }

  /** Whether `name` is a builtin global that a declaration shadows rather than replaces. */
  isBuiltin(name: string): boolean {
    return this.#builtins.has(name);
  }

  /** Whether declaring any of `names` would shadow a builtin global. */
  shadows(names: readonly string[]): boolean {
    return names.some((name) => this.#builtins.has(name));
  }

  #holder(name: string): object {
    return this.#builtins.has(name) ? this.scope : this.#target;
  }

  /** Declares (or declares again) each `name: value` of `values`. */
  declare(kind: BindingKind, values: Record<string, unknown>): void {
    for (const name of Object.keys(values)) {
      const value = values[name];
      const holder = this.#holder(name);
      const existing = Object.getOwnPropertyDescriptor(holder, name);
      if (existing && !existing.configurable) {
        throw new SyntaxError(`Identifier '${name}' has already been declared`);
      }
      if (holder === this.scope) this.#shadowing = true;
      Object.defineProperty(
        holder,
        name,
        kind === 'const'
          ? { get: () => value, set: assignToConstant, enumerable: holder === this.scope, configurable: true }
          : { value, writable: true, enumerable: holder === this.scope, configurable: true },
      );
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
      if (this.#kinds.delete(name)) Reflect.deleteProperty(this.#holder(name), name);
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
