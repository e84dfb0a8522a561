/**
 * The Debug Adapter Protocol (DAP) side of the Jupyter debug protocol, as
 * ipykernel serves it with debugpy: each `debug_request` carries one DAP
 * request, its `debug_reply` the response, and `debug_event`s carry DAP
 * events (`stopped`, `continued`, `output`, `initialized`). Underneath is V8's
 * inspector on the kernel's main thread, driven from the control worker
 * (see inspector-client.ts), so it keeps answering while a cell is paused.
 *
 * Evaluation at a pause is the debugger engine's (src/debugger/engine): the
 * REPL's syntax, and `await` parks the paused cell's fiber while the event
 * loop turns, then the value comes back to the same paused frame.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Protocol } from 'devtools-protocol/types/protocol.js';
import { TargetEvaluator } from '../../debugger/engine/evaluator.js';
import { summarize } from '../../debugger/engine/variables.js';
import { helperInstallExpression } from '../../debugger/target/helper.js';
import { CELL_FILE_SUFFIX, CELL_HASH_SEED, cellFilePrefix, dumpCell } from './cell-files.js';
import { MainThreadInspector } from './inspector-client.js';
import { KERNEL_DEBUG_GLOBALS } from './kernel-globals.js';

/** A DAP request as JupyterLab sends it. */
export interface DapRequest {
  seq: number;
  type: 'request';
  command: string;
  arguments?: Record<string, unknown>;
}

/** A DAP response. */
export interface DapResponse {
  seq: number;
  type: 'response';
  request_seq: number;
  success: boolean;
  command: string;
  message?: string;
  body?: Record<string, unknown>;
}

/** A DAP event. */
export interface DapEvent {
  seq: number;
  type: 'event';
  event: string;
  body?: Record<string, unknown>;
}

/** The one thread a DAP client sees: the kernel's JavaScript (cells run on it, or in its fibers). */
export const THREAD_ID = 1;

/** What a variablesReference stands for. */
type Reference = { objectId: string } | { globalsOf: string | undefined };

/** Thrown by a handler: the response says `success: false` with this message. */
class RequestFailed extends Error {}

/**
 * balrog's own code (its build, launcher, addon and dependencies) and Node's:
 * never shown in the call stack, stepped over.
 */
const packageRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const internalRoots = ['dist', 'bin', 'native', 'node_modules'].map((folder) => path.join(packageRoot, folder) + path.sep);
const blackboxPatterns = [
  ...internalRoots.flatMap((root) => [`^${escapeRegExp(root)}`, `^${escapeRegExp(pathToFileURL(root).href)}`]),
  '^node:',
];

const OBJECT_GROUP = 'balrog-dap';

/** One debug session of the kernel (initialize ... disconnect). */
export class DapAdapter {
  #seq = 0;
  #inspector: MainThreadInspector | undefined;
  #evaluator: TargetEvaluator | undefined;
  /** DAP breakpoints by source path (what debugInfo reports) and the inspector's ids for them. */
  readonly #breakpoints = new Map<string, { requested: unknown[]; ids: string[] }>();
  /** The DAP id of each inspector breakpoint (what `stopped` names in hitBreakpointIds). */
  readonly #breakpointNumbers = new Map<string, number>();
  #nextBreakpoint = 1;
  #paused: Protocol.Debugger.PausedEvent | undefined;
  /** What the next pause is: the step or pause the client asked for. */
  #expecting: 'step' | 'pause' | undefined;
  readonly #references = new Map<number, Reference>();
  #nextReference = 1;
  /** Set while a Runtime.discardConsoleEntries is scheduled. */
  #discarding = false;
  /** Script URLs by id (a paused frame names its script by id only). */
  readonly #scriptUrls = new Map<string, string>();

  /**
   * @param emit sends a DAP event to the frontend (a debug_event on iopub)
   * @param onStarted tells the kernel whether a session is active: cells then run under their cell file
   */
  constructor(
    readonly emit: (event: DapEvent) => void,
    readonly onStarted: (started: boolean) => void,
  ) {}

  get started(): boolean {
    return this.#inspector !== undefined;
  }

  get paused(): boolean {
    return this.#paused !== undefined;
  }

  /** Serves one request; never rejects (a failure is a response with `success: false`). */
  async handle(request: DapRequest): Promise<DapResponse> {
    const command = typeof request.command === 'string' ? request.command : '';
    const args = (typeof request.arguments === 'object' && request.arguments !== null ? request.arguments : {}) as Record<string, unknown>;
    const response = (success: boolean, body?: Record<string, unknown>, message?: string): DapResponse => ({
      seq: ++this.#seq,
      type: 'response',
      request_seq: typeof request.seq === 'number' ? request.seq : 0,
      success,
      command,
      ...(message === undefined ? {} : { message }),
      ...(body === undefined ? {} : { body }),
    });
    try {
      return response(true, await this.#dispatch(command, args));
    } catch (error) {
      const message = error instanceof RequestFailed ? error.message : `${command} failed: ${(error as Error).message ?? error}`;
      return response(false, undefined, message);
    }
  }

  async #dispatch(command: string, args: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    switch (command) {
      case 'initialize':
        await this.#start();
        return capabilities;
      case 'debugInfo':
        return this.#debugInfo();
      case 'inspectVariables':
        // Between stops, each call starts afresh: the references handed out before are dropped.
        if (!this.#paused) this.#dropReferences();
        return { variables: await this.#variables(this.#reference({ globalsOf: undefined }), {}) };
      case 'richInspectVariables':
        return this.#richInspect(args);
      case 'dumpCell':
        return { sourcePath: dumpCell(str(args.code)) };
      case 'source':
        return await this.#source(args);
      case 'disconnect':
        await this.disconnect();
        return undefined;
    }
    const inspector = this.#inspector;
    if (!inspector) throw new RequestFailed(`the debugger is not started: send "initialize" before "${command}"`);
    switch (command) {
      case 'attach':
        setImmediate(() => this.#event('initialized'));
        return undefined;
      case 'configurationDone':
        return undefined;
      case 'threads':
        return { threads: [{ id: THREAD_ID, name: 'kernel' }] };
      case 'setBreakpoints':
        return this.#setBreakpoints(inspector, args);
      case 'setExceptionBreakpoints':
        return this.#setExceptionBreakpoints(inspector, args);
      case 'stackTrace':
        return this.#stackTrace(args);
      case 'scopes':
        return { scopes: this.#scopes(this.#frame(args.frameId)) };
      case 'variables':
        return { variables: await this.#variables(num(args.variablesReference), args) };
      case 'continue':
        await inspector.send('Debugger.resume', {});
        return { allThreadsContinued: true };
      case 'next':
        return this.#step(inspector, 'Debugger.stepOver');
      case 'stepIn':
        return this.#step(inspector, 'Debugger.stepInto');
      case 'stepOut':
        return this.#step(inspector, 'Debugger.stepOut');
      case 'pause':
        this.#expecting = 'pause';
        await inspector.send('Debugger.pause');
        return undefined;
      case 'evaluate':
        return this.#evaluate(args);
      case 'copyToGlobals':
        return this.#copyToGlobals(inspector, args);
      case 'modules':
        return this.#modules(args);
    }
    throw new RequestFailed(`balrog's kernel does not support the debug request "${command}"`);
  }

  /** Connects to the main thread and enables the debugger (initialize). */
  async #start(): Promise<void> {
    if (this.#inspector) return;
    const inspector = new MainThreadInspector();
    inspector.onEvent('Debugger.scriptParsed', (event) => this.#scriptUrls.set(event.scriptId, event.url));
    inspector.onEvent('Debugger.paused', (event) => this.#onPaused(event));
    inspector.onEvent('Debugger.resumed', () => this.#onResumed());
    inspector.onEvent('Runtime.consoleAPICalled', (event) => this.#onConsole(event));
    try {
      await inspector.send('Debugger.enable', {});
      await inspector.send('Debugger.setBlackboxPatterns', { patterns: blackboxPatterns });
      // The engine's evaluator waits and formats through this helper in the target.
      await inspector.send('Runtime.evaluate', { expression: helperInstallExpression, silent: true });
      await inspector.send('Runtime.enable');
    } catch (error) {
      inspector.close();
      throw error;
    }
    this.#inspector = inspector;
    this.#evaluator = new TargetEvaluator(inspector.asCdpClient(), () => process.pid);
    this.onStarted(true);
  }

  /**
   * Ends the session: breakpoints removed, a pause resumed, the inspector
   * session closed. Also what the kernel does before a shutdown, so that a
   * paused cell does not hold the kernel.
   */
  async disconnect(): Promise<void> {
    const inspector = this.#inspector;
    if (!inspector) return;
    // An evaluation still waiting holds the inspector: no other command is served until it ends.
    this.#evaluator?.abandon();
    this.#inspector = undefined;
    this.#evaluator = undefined;
    try {
      for (const { ids } of this.#breakpoints.values()) {
        for (const breakpointId of ids) await inspector.send('Debugger.removeBreakpoint', { breakpointId });
      }
      if (this.#paused) await inspector.send('Debugger.resume', {});
      await inspector.send('Debugger.disable');
    } catch {
      // Closing the session below resumes and clears everything anyway.
    } finally {
      inspector.close();
      this.#breakpoints.clear();
      this.#breakpointNumbers.clear();
      this.#references.clear();
      this.#scriptUrls.clear();
      if (this.#paused) this.#onResumed();
      this.onStarted(false);
    }
  }

  /**
   * Resumes a pause (an interrupt must reach the cell, which cannot run while
   * paused), abandoning an evaluation that waits there first.
   */
  async resume(): Promise<void> {
    this.#evaluator?.abandon();
    const inspector = this.#inspector;
    if (!this.#paused || !inspector) return;
    // Resolved by the resumed event, which V8 sends once its pause loop has
    // ended (the reply to Debugger.resume comes while the loop still runs).
    const resumed = new Promise<void>((resolve) => inspector.once('Debugger.resumed', () => resolve()));
    await inspector.send('Debugger.resume', {}).catch(() => {});
    if (this.#paused) await resumed;
  }

  #debugInfo(): Record<string, unknown> {
    return {
      isStarted: this.started,
      hashMethod: 'Murmur2',
      hashSeed: CELL_HASH_SEED,
      tmpFilePrefix: cellFilePrefix(),
      tmpFileSuffix: CELL_FILE_SUFFIX,
      breakpoints: [...this.#breakpoints].map(([source, { requested }]) => ({ source, breakpoints: requested })),
      stoppedThreads: this.paused ? [THREAD_ID] : [],
      richRendering: true,
      copyToGlobals: true,
      exceptionPaths: [],
    };
  }

  async #setBreakpoints(inspector: MainThreadInspector, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const source = (args.source ?? {}) as { path?: unknown };
    const file = str(source.path);
    if (file === '') throw new RequestFailed('setBreakpoints needs source.path (the path dumpCell returned)');
    const requested = Array.isArray(args.breakpoints) ? (args.breakpoints as Array<Record<string, unknown>>) : [];
    const previous = this.#breakpoints.get(file);
    for (const breakpointId of previous?.ids ?? []) {
      await inspector.send('Debugger.removeBreakpoint', { breakpointId });
      this.#breakpointNumbers.delete(breakpointId);
    }
    const ids: string[] = [];
    const breakpoints: Array<Record<string, unknown>> = [];
    for (const breakpoint of requested) {
      const line = num(breakpoint.line);
      const condition = str(breakpoint.condition);
      // By URL: it also binds in every later script of that name (each run of
      // the cell, a module loaded later). A cell runs under its path; a file
      // Node loads is named by its path (CommonJS) or its file: URL (ESM).
      const reply = await inspector.send('Debugger.setBreakpointByUrl', {
        ...(file.startsWith(cellFilePrefix()) ? { url: file } : { urlRegex: fileUrlPattern(file) }),
        lineNumber: line - 1,
        ...(condition ? { condition } : {}),
      });
      ids.push(reply.breakpointId);
      const id = this.#nextBreakpoint++;
      this.#breakpointNumbers.set(reply.breakpointId, id);
      const resolved = reply.locations[0];
      breakpoints.push({ id, verified: true, line: resolved ? resolved.lineNumber + 1 : line, source: { path: file } });
    }
    if (requested.length === 0) this.#breakpoints.delete(file);
    else this.#breakpoints.set(file, { requested, ids });
    return { breakpoints };
  }

  async #setExceptionBreakpoints(inspector: MainThreadInspector, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const filters = Array.isArray(args.filters) ? args.filters : [];
    // Cells run in fibers, whose entry catches everything (see docs/debugger.md,
    // "Exceptions in fibers"): V8 cannot tell uncaught exceptions there, so the
    // one filter offered is every thrown exception.
    await inspector.send('Debugger.setPauseOnExceptions', { state: filters.includes('all') ? 'all' : 'none' });
    return { breakpoints: filters.map(() => ({ verified: true })) };
  }

  #stackTrace(args: Record<string, unknown>): Record<string, unknown> {
    const paused = this.#requirePause();
    const all = paused.callFrames.map((frame, index) => ({ frame, index, url: this.#urlOf(frame) }));
    let shown = all.filter(({ url }) => !isInternal(url));
    if (shown.length === 0) shown = all.slice(0, 1);
    const start = num(args.startFrame, 0);
    const levels = num(args.levels, 0);
    const slice = shown.slice(start, levels > 0 ? start + levels : undefined);
    return {
      stackFrames: slice.map(({ frame, index, url }) => {
        const file = sourcePath(url);
        return {
          id: index + 1,
          name: frame.functionName || (file.startsWith(cellFilePrefix()) ? '<cell>' : '<anonymous>'),
          source: { name: path.basename(file), path: file },
          line: frame.location.lineNumber + 1,
          column: (frame.location.columnNumber ?? 0) + 1,
        };
      }),
      totalFrames: shown.length,
    };
  }

  #scopes(frame: Protocol.Debugger.CallFrame): Array<Record<string, unknown>> {
    const scopes: Array<Record<string, unknown>> = [];
    for (const scope of frame.scopeChain) {
      if (scope.type === 'global') continue;
      const name = scope.type === 'local' ? 'Locals' : capitalize(scope.type) + (scope.name ? ` ${scope.name}` : '');
      const objectId = scope.object.objectId;
      if (objectId) scopes.push({ name, variablesReference: this.#reference({ objectId }), expensive: false });
    }
    // The notebook's own globals only: the global object itself holds all of Node.
    scopes.push({ name: 'Globals', variablesReference: this.#reference({ globalsOf: frame.callFrameId }), expensive: false });
    return scopes;
  }

  async #variables(reference: number, args: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
    const target = this.#references.get(reference);
    if (!target) throw new RequestFailed(`no variables with reference ${reference} (they are gone once the cell resumes)`);
    const inspector = this.#requireInspector();
    let objectId: string;
    if ('objectId' in target) {
      objectId = target.objectId;
    } else {
      const { result, exceptionDetails } = await inspector.send('Runtime.evaluate', {
        expression: `${KERNEL_DEBUG_GLOBALS}.globals()`,
        objectGroup: OBJECT_GROUP,
        silent: true,
      });
      if (exceptionDetails || !result.objectId) throw new RequestFailed('the notebook globals could not be read');
      objectId = result.objectId;
    }
    const reply = await inspector.send('Runtime.getProperties', { objectId, ownProperties: true, generatePreview: true });
    const variables: Array<Record<string, unknown>> = [];
    for (const property of reply.result) {
      if (property.name.startsWith('$balrog$')) continue;
      if (property.value) variables.push(this.#variable(property.name, property.value));
      else if (property.get || property.set) variables.push({ name: property.name, value: '(getter)', type: '', variablesReference: 0 });
    }
    for (const property of reply.internalProperties ?? []) {
      if (property.value && !['[[FunctionLocation]]', '[[Prototype]]', '[[Scopes]]'].includes(property.name)) {
        variables.push(this.#variable(property.name, property.value));
      }
    }
    const start = num(args.start, 0);
    const count = num(args.count, 0);
    return variables.slice(start, count > 0 ? start + count : undefined);
  }

  #variable(name: string, value: Protocol.Runtime.RemoteObject): Record<string, unknown> {
    const expandable = value.objectId !== undefined && value.type === 'object' && value.subtype !== 'null';
    return {
      name,
      value: summarize(value),
      type: value.type === 'object' ? (value.className ?? value.subtype ?? 'object') : value.type,
      evaluateName: name,
      variablesReference: expandable ? this.#reference({ objectId: value.objectId! }) : 0,
    };
  }

  async #richInspect(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const name = str(args.variableName);
    if (!isIdentifier(name)) return { data: {}, metadata: {} };
    const inspector = this.#requireInspector();
    const expression = `JSON.stringify(${KERNEL_DEBUG_GLOBALS}.mime(${name}))`;
    const frameId = args.frameId === undefined ? undefined : this.#frame(args.frameId).callFrameId;
    const common = { expression, returnByValue: true, silent: true };
    const reply = frameId
      ? await inspector.send('Debugger.evaluateOnCallFrame', { callFrameId: frameId, ...common })
      : await inspector.send('Runtime.evaluate', common);
    if (reply.exceptionDetails || typeof reply.result.value !== 'string') throw new RequestFailed(`${name} could not be shown`);
    return { data: JSON.parse(reply.result.value) as Record<string, unknown>, metadata: {} };
  }

  async #evaluate(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const evaluator = this.#evaluator!;
    const expression = str(args.expression);
    const frame = args.frameId === undefined || !this.#paused ? undefined : this.#frame(args.frameId);
    const url = frame && this.#urlOf(frame);
    const internal = frame && isInternal(url) ? url || 'an internal script' : undefined;
    const evaluation = await evaluator.evaluate(expression, frame?.callFrameId, false, internal);
    if (!evaluation.ok) throw new RequestFailed(evaluation.text);
    return { result: evaluation.undefined ? 'undefined' : evaluation.text, variablesReference: 0 };
  }

  /** Makes a variable of a stopped frame a notebook global (the Variables panel's "Copy to Globals"). */
  async #copyToGlobals(inspector: MainThreadInspector, args: Record<string, unknown>): Promise<undefined> {
    const source = str(args.srcVariableName);
    const destination = str(args.dstVariableName) || source;
    if (!isIdentifier(source) || !isIdentifier(destination)) throw new RequestFailed('copyToGlobals takes variable names');
    const { callFrameId } = this.#frame(args.srcFrameId);
    const reply = await inspector.send('Debugger.evaluateOnCallFrame', {
      callFrameId,
      expression: `globalThis[${JSON.stringify(destination)}] = ${source}`,
      silent: true,
    });
    if (reply.exceptionDetails)
      throw new RequestFailed(`${source} could not be copied: ${reply.exceptionDetails.exception?.description ?? ''}`);
    return undefined;
  }

  /** The program's own files the kernel has loaded (the Kernel Sources panel): neither Node's nor balrog's. */
  #modules(args: Record<string, unknown>): Record<string, unknown> {
    const files = [...new Set(this.#scriptUrls.values())]
      .filter((url) => url.startsWith('file:') && !isInternal(url))
      .map(sourcePath)
      .filter((file) => existsSync(file))
      .sort();
    const start = num(args.startModule, 0);
    const count = num(args.moduleCount, 0);
    const modules = files.map((file, index) => ({ id: index + 1, name: path.basename(file), path: file }));
    return { modules: modules.slice(start, count > 0 ? start + count : undefined), totalModules: modules.length };
  }

  /**
   * A file's text; for a script that is no file (a cell run before the
   * debugger started, named `REPL<n>`), its source as the engine has it.
   */
  async #source(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const file = str((args.source as { path?: unknown } | undefined)?.path);
    try {
      return { content: readFileSync(file, 'utf8') };
    } catch {
      const scriptId = [...this.#scriptUrls].findLast(([, url]) => url === file)?.[0];
      if (!scriptId || !this.#inspector) throw new RequestFailed('source unavailable');
      const { scriptSource } = await this.#inspector.send('Debugger.getScriptSource', { scriptId });
      return { content: scriptSource.replace(/\n\/\/# sourceURL=[^\n]*$/, '') };
    }
  }

  async #step(inspector: MainThreadInspector, method: 'Debugger.stepOver' | 'Debugger.stepInto' | 'Debugger.stepOut'): Promise<undefined> {
    this.#requirePause();
    this.#expecting = 'step';
    await inspector.send(method, {});
    return undefined;
  }

  #onPaused(event: Protocol.Debugger.PausedEvent): void {
    this.#paused = event;
    let reason: string;
    if (event.reason === 'exception' || event.reason === 'promiseRejection') reason = 'exception';
    else reason = this.#expecting ?? 'breakpoint';
    this.#expecting = undefined;
    const hit = (event.hitBreakpoints ?? []).flatMap((id) => this.#breakpointNumbers.get(id) ?? []);
    this.#event('stopped', {
      reason,
      threadId: THREAD_ID,
      allThreadsStopped: true,
      ...(hit.length ? { hitBreakpointIds: hit } : {}),
    });
  }

  #onResumed(): void {
    if (!this.#paused) return;
    this.#paused = undefined;
    this.#dropReferences();
    this.#event('continued', { threadId: THREAD_ID, allThreadsContinued: true });
  }

  #dropReferences(): void {
    if (this.#references.size === 0) return;
    this.#references.clear();
    void this.#inspector?.send('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => {});
  }

  #onConsole(event: Protocol.Runtime.ConsoleAPICalledEvent): void {
    // The helper's own exit report goes to the inspector console; it is not the notebook's output.
    if (event.args[0]?.value === 'balrog.debugger:exit') return;
    const text = event.args.map((arg) => (arg.type === 'string' ? String(arg.value) : summarize(arg))).join(' ');
    const category = event.type === 'error' || event.type === 'warning' ? 'stderr' : 'stdout';
    this.#event('output', { category, output: `${text}\n` });
    // The inspector keeps what was logged (for sessions that enable Runtime later): let it go.
    if (!this.#discarding) {
      this.#discarding = true;
      setImmediate(() => {
        this.#discarding = false;
        void this.#inspector?.send('Runtime.discardConsoleEntries').catch(() => {});
      });
    }
  }

  #event(event: string, body?: Record<string, unknown>): void {
    this.emit({ seq: ++this.#seq, type: 'event', event, ...(body === undefined ? {} : { body }) });
  }

  #urlOf(frame: Protocol.Debugger.CallFrame): string {
    return this.#scriptUrls.get(frame.location.scriptId) ?? frame.url ?? '';
  }

  #reference(target: Reference): number {
    const id = this.#nextReference++;
    this.#references.set(id, target);
    return id;
  }

  #requireInspector(): MainThreadInspector {
    if (!this.#inspector) throw new RequestFailed('the debugger is not started: send "initialize" first');
    return this.#inspector;
  }

  #requirePause(): Protocol.Debugger.PausedEvent {
    if (!this.#paused) throw new RequestFailed('the kernel is not stopped (no breakpoint or step is active)');
    return this.#paused;
  }

  #frame(frameId: unknown): Protocol.Debugger.CallFrame {
    const frame = this.#requirePause().callFrames[num(frameId) - 1];
    if (!frame) throw new RequestFailed(`there is no frame ${String(frameId)} in this stop (see stackTrace)`);
    return frame;
  }
}

/** What `initialize` answers: the DAP capabilities this adapter has. */
const capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsConditionalBreakpoints: true,
  supportsEvaluateForHovers: true,
  supportsVariablePaging: true,
  supportsDelayedStackTraceLoading: true,
  exceptionBreakpointFilters: [{ filter: 'all', label: 'All exceptions', default: false }],
};

function isInternal(url: string | undefined): boolean {
  if (!url) return true;
  const file = sourcePath(url);
  return url.startsWith('node:') || internalRoots.some((root) => file.startsWith(root));
}

/** The path a frontend opens for a script URL (file: URLs become paths; a cell file is one already). */
function sourcePath(url: string | undefined): string {
  if (!url) return '';
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url);
    } catch {
      return url;
    }
  }
  return url;
}

/** Matches a file's script name whether Node gave it as a path or as a file: URL. */
function fileUrlPattern(file: string): string {
  return `^(?:${escapeRegExp(file)}|${escapeRegExp(pathToFileURL(file).href)})$`;
}

function isIdentifier(name: string): boolean {
  return /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
