/**
 * Node's own inspector domains, which `devtools-protocol` (Chrome's) does not
 * describe; shaped like its ProtocolMapping so the client types them alike.
 */

/** Node-only commands. */
export interface NodeCommands {
  /** Turns on NodeRuntime events; answers `waitingForDebugger` first when the process waits (--inspect-brk). */
  'NodeRuntime.enable': { paramsType: []; returnType: Record<string, never> };
  'NodeRuntime.disable': { paramsType: []; returnType: Record<string, never> };
}

/** Node-only events. */
export interface NodeEvents {
  'NodeRuntime.waitingForDebugger': [];
  'NodeRuntime.waitingForDisconnect': [];
}
