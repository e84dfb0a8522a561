/**
 * Known bugs outside the debugger that some tests run into, as `todo`
 * reasons: the tests still run, and count once the bug is fixed.
 */

/**
 * On Node 20 (V8 11.3), with any inspector breakpoint set, the next fiber
 * switch crashes the target (SIGSEGV in V8's Debug::RestoreDebug, called from
 * ThreadManager::RestoreThread in the core's resume). Node 22, 24 and 26 pass.
 */
export const nodeTwentyBreakpointCrash: string | false =
  process.versions.node.startsWith('20.')
    ? 'fiber core on Node 20: a breakpoint set + a fiber switch crashes the target (SIGSEGV in V8 Debug::RestoreDebug)'
    : false;
