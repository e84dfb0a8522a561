/**
 * `balrog attach <pid | port | host:port | ws://...>` and
 * `balrog debug <entry> [args...]`: connect, then hand the session to the
 * line-mode front end.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BalrogError } from '../core/errors.js';
import { CdpClient } from './cdp/client.js';
import { discoverWebSocketUrl } from './connect/discover.js';
import { programPid } from './connect/program-pid.js';
import { startChildTarget, type ChildTarget } from './connect/child-target.js';
import { checkHostAllowed, parseTargetSpec } from './connect/target-spec.js';
import { DebugSession } from './engine/session.js';
import { LineFrontend } from './frontend/line-frontend.js';
import { drawFirstFrame } from './tui/first-frame.js';
import { ProgramOutput } from './tui/program-output.js';

const attachUsage = `Usage: balrog attach [options] <pid | port | host:port | ws://...>

Debug a running Node process; await works while paused in a fiber.
A pid gets its inspector turned on (SIGUSR1) and is found on 127.0.0.1:9229.

Options:
  --port <port>      the inspector port of a pid target (default 9229)
  --allow-remote     allow a non-loopback inspector address (prints a warning)
  --tui              full-screen debugger (line mode when stdout is not a terminal)
  --non-stop         a breakpoint stops the fiber that reaches it, not the process (TUI: N toggles)
  --no-color         plain output
  -h, --help         this help
`;

const debugUsage = `Usage: balrog debug [options] <entry> [args...]

Start <entry> under \`balrog run\` with its inspector on 127.0.0.1 (a free port, or --port)
and stop at its first line.

Options:
  --plain-node       start <entry> with plain node instead of \`balrog run\`
  --port <port>      the inspector's port (default 0: a free one)
  --tui              full-screen debugger (line mode when stdout is not a terminal)
  --non-stop         a breakpoint stops the fiber that reaches it, not the process (TUI: N toggles)
  --no-color         plain output
  -h, --help         this help
`;

/** `balrog attach`. */
export async function attachMain(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
      tui: { type: 'boolean', default: false },
      'non-stop': { type: 'boolean', default: false },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(attachUsage);
    return 0;
  }
  if (positionals.length !== 1) throw new BalrogError(`attach takes one target\n${attachUsage}`, { code: 'ERR_BALROG_USAGE' });
  const tui = wantsTui(values.tui);
  // ink and React take a second or more to load on a busy machine: load them while connecting.
  if (tui) void loadTui();
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port <= 65535)) {
    throw new BalrogError(`--port needs a port number (1-65535), not '${values.port}'`, { code: 'ERR_BALROG_USAGE' });
  }
  let spec = parseTargetSpec(positionals[0]!, port === undefined ? {} : { port });
  if (spec.kind === 'pid') {
    const program = programPid(spec.pid);
    if (program.launcher !== undefined) {
      process.stderr.write(`balrog: ${program.launcher} is \`balrog run\`; attaching to its program, process ${program.pid}\n`);
      spec = { ...spec, pid: program.pid };
    }
  }
  const warning = checkHostAllowed(spec.host, values['allow-remote']);
  if (warning) process.stderr.write(`${warning}\n`);
  const url = await discoverWebSocketUrl(spec);
  const client = await CdpClient.connect(url);
  if (spec.kind === 'pid') await requireTargetPid(client, spec.pid, url);
  const session = await DebugSession.attach(client);
  if (values['non-stop']) await session.enableNonStop();
  process.stderr.write(`Attached to process ${session.targetPid ?? '?'} (${url})\n`);
  if (tui) return runTuiFrontend(session, !values['no-color'], undefined);
  return runFrontend(session, !values['no-color']);
}

/** Refuses an inspector that belongs to another process than the pid the user named. */
async function requireTargetPid(client: CdpClient, pid: number, url: string): Promise<void> {
  const reply = await client.send('Runtime.evaluate', { expression: 'process.pid', returnByValue: true, silent: true });
  if (reply.result.value === pid) return;
  await client.close();
  throw new BalrogError(
    `the inspector at ${url} belongs to process ${String(reply.result.value)}, not ${pid}: ${pid} could not open its own ` +
      '(its port is taken); start it with --inspect=127.0.0.1:<port> and attach to that port',
    { code: 'ERR_BALROG_INSPECTOR_UNREACHABLE' },
  );
}

/** `balrog debug`. */
export async function debugMain(argv: string[]): Promise<number> {
  // The entry is the first argument that is neither an option nor an option's value.
  const entryIndex = argv.findIndex((arg, index) => !arg.startsWith('-') && argv[index - 1] !== '--port');
  const options = entryIndex < 0 ? argv : argv.slice(0, entryIndex);
  const { values } = parseArgs({
    args: options,
    options: {
      'plain-node': { type: 'boolean', default: false },
      port: { type: 'string' },
      tui: { type: 'boolean', default: false },
      'non-stop': { type: 'boolean', default: false },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(debugUsage);
    return 0;
  }
  if (entryIndex < 0) throw new BalrogError(`debug needs an entry file\n${debugUsage}`, { code: 'ERR_BALROG_USAGE' });
  const entry = resolve(argv[entryIndex]!);
  if (!existsSync(entry)) throw new BalrogError(`cannot debug ${argv[entryIndex]}: no such file`, { code: 'ERR_BALROG_DEBUG_ENTRY' });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new BalrogError(`--port needs a port number (0-65535, 0 for a free one), not '${values.port}'`, { code: 'ERR_BALROG_USAGE' });
  }
  if (port !== 0) await requireFreePort(port);
  const tui = wantsTui(values.tui);
  if (tui) void loadTui();
  const output = tui ? new ProgramOutput() : undefined;
  const programArgs = argv.slice(entryIndex + 1);
  const startTarget = () =>
    startChildTarget(entry, programArgs, {
      plainNode: values['plain-node'],
      port,
      stdout: output?.stdout ?? process.stdout,
      stderr: output?.stderr ?? process.stderr,
    });
  let target = await startTarget();
  try {
    const nonStop = values['non-stop'];
    let session = await attachToStart(target, entry, nonStop, () => Promise.resolve());
    // The program itself (under `balrog run`, the child is its launcher, which then ends too).
    const kill = (): void => {
      process.kill(session.targetPid ?? target.child.pid!, 'SIGKILL');
    };
    // `restart`: a new program and session; breakpoints, watches and the exception mode carry over,
    // set before the program reaches its first line.
    const restart = async (): Promise<DebugSession> => {
      const old = session;
      const breakpoints = old.listBreakpoints().map((bp) => bp.spec);
      const watches = [...old.watches];
      const nonStopBreakpoints = old.nonStop?.breakpoints() ?? [];
      const mode = old.exceptionMode;
      if (old.exited === undefined) kill();
      await target.exited;
      await old.detach();
      target = await startTarget();
      session = await attachToStart(target, entry, nonStop, async (fresh) => {
        for (const bp of nonStopBreakpoints) await fresh.nonStop?.setBreakpoint(bp.file, bp.line, bp.condition);
        for (const spec of breakpoints) await fresh.setBreakpoint(spec);
        if (mode !== 'none') await fresh.setExceptionMode(mode);
        for (const watch of watches) fresh.watch(watch);
      });
      return session;
    };
    const code = output
      ? await runTuiFrontend(session, !values['no-color'], output)
      : await runFrontend(session, !values['no-color'], { kill, restart });
    // The program goes on after the debugger leaves, as `balrog run` would.
    const ended = await target.exited;
    if (typeof ended === 'string') process.stderr.write(`balrog: the program was killed by ${ended}\n`);
    else if (ended !== 0) process.stderr.write(`balrog: the program exited with code ${ended}\n`);
    return code;
  } catch (error) {
    target.child.kill();
    throw error;
  }
}

/**
 * Refuses a `--port` another process listens on: the program would start
 * without its inspector (Node only warns), and node inspect refuses it too.
 */
async function requireFreePort(port: number): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'in use by another process' : `not available (${error.message})`;
      reject(
        new BalrogError(
          `cannot debug with --port ${port}: 127.0.0.1:${port} is ${why}; pass another port, or leave --port out for a free one`,
          {
            code: 'ERR_BALROG_DEBUG_PORT',
            cause: error,
          },
        ),
      );
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/**
 * Attaches to a program `balrog debug` started and, after `prepare` (which
 * sets carried-over breakpoints), stops at the entry's first line, or lets
 * it run with NODE_INSPECT_RESUME_ON_START=1 (as node inspect does).
 */
async function attachToStart(
  target: ChildTarget,
  entry: string,
  nonStop: boolean,
  prepare: (session: DebugSession) => Promise<void>,
): Promise<DebugSession> {
  const client = await CdpClient.connect(target.url);
  // The program was started with --inspect-brk here: its first break is coming, even on a loaded machine.
  const session = await DebugSession.attach(client, { endTargetWithDebugger: true, firstBreakTimeoutMs: 20_000 });
  if (nonStop) await session.enableNonStop();
  if (!session.paused) process.stderr.write('balrog: the program did not stop at its start; it is running (use `pause`)\n');
  await prepare(session);
  if (process.env.NODE_INSPECT_RESUME_ON_START === '1') {
    await session.resume();
  } else {
    await stopInEntry(session, entry);
  }
  return session;
}

/** Moves a first pause that is in balrog's own startup code to the entry's first line. */
async function stopInEntry(session: DebugSession, entry: string): Promise<void> {
  if (session.paused && !session.pausedIn(entry)) await session.runToScript(entry);
}

async function runFrontend(
  session: DebugSession,
  colorsWanted: boolean,
  programControl: { kill: () => void; restart: () => Promise<DebugSession> } | Record<string, never> = {},
): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const colors = interactive && colorsWanted && !process.env.NO_COLOR;
  return new LineFrontend(session, { input: process.stdin, output: process.stdout, interactive, colors, ...programControl }).run();
}

/** `--tui` when both ends are terminals; otherwise says why line mode is used instead. */
function wantsTui(wanted: boolean): boolean {
  if (!wanted) return false;
  if (process.stdout.isTTY && process.stdin.isTTY) return true;
  process.stderr.write('balrog: --tui needs a terminal (stdin and stdout are not both TTYs); using the line-mode debugger\n');
  return false;
}

let tuiModule: Promise<typeof import('./tui/index.js')> | undefined;

/** Loads the TUI (ink, React) once; started early, so that its first frame follows the attach at once. */
function loadTui(): Promise<typeof import('./tui/index.js')> {
  tuiModule ??= import('./tui/index.js');
  return tuiModule;
}

async function runTuiFrontend(session: DebugSession, colorsWanted: boolean, output: ProgramOutput | undefined): Promise<number> {
  const loading = loadTui();
  // Still loading: the session's status now, the full screen when ink is in.
  const loaded = await Promise.race([loading.then(() => true), new Promise<false>((resolve) => setImmediate(resolve, false))]);
  if (!loaded) drawFirstFrame(session, process.stdout, process.stdin);
  const { runTui } = await loading;
  const colors = colorsWanted && !process.env.NO_COLOR;
  try {
    return await runTui(session, { colors, consoleEvents: output === undefined, onModel: (model) => output?.connect(model) });
  } finally {
    output?.release();
  }
}
