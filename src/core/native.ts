/** Loads the `@balrog/fiber` addon (CommonJS) from ESM. */
import { createRequire } from 'node:module';
import type { FiberBinding } from '@balrog/fiber';

export type { FiberBinding };

/** The addon's loaded binding; loading fails with a message that says how to rebuild it. */
export const native: FiberBinding = createRequire(import.meta.url)('@balrog/fiber') as FiberBinding;

/** Values of `native.status[0]` after a resume. */
export const Outcome = { Yielded: 0, Returned: 1, Threw: 2, Terminated: 3, NotRun: -1 } as const;

/** Modes of `native.resume`. */
export const ResumeMode = { Value: 0, Throw: 1, Terminate: 2 } as const;
