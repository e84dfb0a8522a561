/**
 * Turns off V8's WebAssembly code GC. V8 aborts the process ("archived threads
 * in combination with wasm not supported") if that GC runs while any thread is
 * archived, and every parked fiber is one; Node's fetch (undici) is
 * WebAssembly and tiers up under load, which triggers the GC. Cost: replaced
 * wasm code is never freed. Repro: .scratch/core-bugs/wasm-code-gc.md. This
 * belongs in the fiber core; it lives here until the core sets it.
 */
import v8 from 'node:v8';

let done = false;

/** Sets `--no-wasm-code-gc` once. */
export function keepWasmCode(): void {
  if (done) return;
  done = true;
  v8.setFlagsFromString('--no-wasm-code-gc');
}
