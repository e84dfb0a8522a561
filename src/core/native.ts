/** Loads the `@balrog/fiber` addon (CommonJS) from ESM. */
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import type { FiberBinding } from '@balrog/fiber';

export type { FiberBinding };

// V8 aborts the process ("archived threads in combination with wasm not
// supported") if its WebAssembly code GC runs while any thread is archived, and
// every parked fiber's thread is. Node's fetch (undici's llhttp) is WebAssembly
// and tiers up under load, which triggers that GC. Off, superseded wasm code is
// kept (one copy per tier per function). Set before any fiber can park.
v8.setFlagsFromString('--no-wasm-code-gc');

/** The addon's loaded binding; loading fails with a message that says how to rebuild it. */
export const native: FiberBinding = createRequire(import.meta.url)('@balrog/fiber') as FiberBinding;

/** Values of `native.status[0]` after a resume. */
export const Outcome = { Yielded: 0, Returned: 1, Threw: 2, Terminated: 3, HostTerminated: 4, NotRun: -1 } as const;

/** Modes of `native.resume`. */
export const ResumeMode = { Value: 0, Throw: 1, Terminate: 2 } as const;
