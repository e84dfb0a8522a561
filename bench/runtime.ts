/**
 * Runtime benchmark: loopback HTTP load with wrk against the same handlers
 * under plain `node` and under `balrog run` (per-request fibers), in the same
 * run; then 10,000 requests held suspended in their fibers at once.
 * wrk is Debian's package (installed here if missing): a Node load generator
 * saturates first on 2 cores and hides the server's overhead.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchSection } from './section.js';

const balrogBin = fileURLToPath(new URL('../../bin/balrog.js', import.meta.url));
const syncModule = pathToFileURL(fileURLToPath(new URL('../src/sync/index.js', import.meta.url))).href;
const coreModule = pathToFileURL(fileURLToPath(new URL('../src/core/index.js', import.meta.url))).href;
const nativeAddon = fileURLToPath(new URL('../../native/index.js', import.meta.url));
const DURATION = '3s';
// Plain node's own figure swung 11,000-35,000 req/s between runs on the 2-vCPU VM,
// so each pair is measured in turns, and each side keeps its best turn.
const TURNS = 3;
const SUSPENDED = 10_000;
// wrk's connections for the 1 ms timer: about as many requests wait at once.
const TIMER_CONNECTIONS = 100;

// An expression, in a server's async SIGTERM handler: the addon's counters (the
// same instance as the core's, being the same file).
const nativeStats = `(await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(nativeAddon)}).stats()`;

// Under balrog run, a server says at exit what its hand-offs cost.
const reportHandOffs = `process.on('SIGTERM', async () => {
  if (globalThis[Symbol.for('balrog.core')]) console.log('stats ' + JSON.stringify(${nativeStats}));
  process.exit(0);
});`;

// A barrier server's counts, said at exit: when a flood fails, they tell a request
// lost on its way in (fewer arrived than connected) from one never answered, and
// the longest time its event loop ran nothing else (a stall of a minute lets the
// kernel drop connections it could not queue for accept(): "read ECONNRESET").
const barrierCounts = `const expected = Number(process.argv[2]);
let connected = 0, arrived = 0, answered = 0, release;
const all = new Promise((resolve) => (release = resolve));
let lastTick = Date.now(), longestStall = 0;
setInterval(() => { const now = Date.now(); longestStall = Math.max(longestStall, now - lastTick - 100); lastTick = now; }, 100).unref();`;
const poolAtExit = `
  counts.pool = ${nativeStats};`;
const barrierEnd = (fibers: boolean) => `server.on('connection', () => connected++);
process.on('SIGTERM', async () => {
  const counts = { connected, arrived, answered, longestStall, rss: process.memoryUsage().rss };${fibers ? poolAtExit : ''}
  console.log('barrier ' + JSON.stringify(counts));
  process.exit(0);
});
server.listen(0, '127.0.0.1', 16384, () => console.log('port ' + server.address().port));`;

// A timer floor server: plain node's timer handler, with `roundTrip` (set up by
// `setup`) made every second request after the sleep, and `stop` run at exit.
const timerFloor = (setup: string, roundTrip: string, stop: string) => `import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
${setup}
let served = 0;
const server = http.createServer(async (req, res) => { await delay(1); if (++served % 2 === 0) ${roundTrip}; setImmediate(() => res.end('waited')); });
process.on('SIGTERM', () => { ${stop}process.exit(0); });
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));`;

// A timer floor that hands the isolate to the addon's bare helper number `helper` (an expression) and back.
const timerIsolateFloor = (helper: string) =>
  timerFloor(
    `import { createRequire } from 'node:module';
const floor = createRequire(import.meta.url)(${JSON.stringify(nativeAddon)});`,
    `floor.benchIsolatePass(${helper})`,
    'floor.benchIsolatePassStop(); ',
  );

const servers: Record<string, string> = {
  'hello.mjs': `import http from 'node:http';
const server = http.createServer((req, res) => res.end('hello world'));
${reportHandOffs}
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));`,
  'timer-node.mjs': `import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
const server = http.createServer(async (req, res) => { await delay(1); res.end('waited'); });
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));`,
  // The floor of the timer row under load, measured in place: plain node paying the OS what a
  // waiting request's fiber pays it, one wake-up of a parked thread per request (a parked round trip
  // between two bare threads every second request: two wake-ups, two parks, no V8 lock), after the
  // sleep; the responses are written at the end of the turn's callbacks, as balrog writes those of
  // the turn's fibers. balrog makes ~1.2 such wake-ups per waiting request (its hand-off rows).
  'timer-floor.mjs': timerFloor(
    `import { Worker } from 'node:worker_threads';
const turns = new Int32Array(new SharedArrayBuffer(8));
new Worker(\`const { workerData } = require('node:worker_threads');
const turns = new Int32Array(workerData);
for (;;) { Atomics.wait(turns, 0, 0); turns[0] = 0; turns[1] = 1; Atomics.notify(turns, 1); }\`, { eval: true, workerData: turns.buffer }).unref();
const roundTrip = () => { turns[1] = 0; turns[0] = 1; Atomics.notify(turns, 0); Atomics.wait(turns, 1, 0); };`,
    'roundTrip()',
    '',
  ),
  // The same with the isolate itself handed to a bare thread and back instead (V8's Unlocker/Locker, as a
  // fiber's hand-offs do, no JavaScript on the other thread): the floor in place of any design that runs a
  // waiting request's code on a thread of its own.
  'timer-isolate-floor.mjs': timerIsolateFloor('0'),
  // The same with one helper thread per connection (the request handed over every second time takes the next in
  // turn): each waiting request's hand-off goes to a thread of its own, with its own stack and V8 thread state, as a
  // fiber's does, where the single helper above stays hot in the caches of the CPU it last ran on.
  'timer-isolate-floor-threads.mjs': timerIsolateFloor(`(served / 2) % ${TIMER_CONNECTIONS}`),
  'timer-balrog.mjs': `import http from 'node:http';
import { sleep } from ${JSON.stringify(syncModule)};
const server = http.createServer((req, res) => { sleep(1); res.end('waited'); });
${reportHandOffs}
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));`,
  // Every request waits until all ${SUSPENDED} are in: that many fibers are suspended at once.
  'barrier.mjs': `import http from 'node:http';
const { wait } = globalThis[Symbol.for('balrog.core')];
${barrierCounts}
const server = http.createServer((req, res) => {
  if (++arrived === expected) release();
  wait(all);
  res.end('released');
  answered++;
});
${barrierEnd(true)}`,
  // The same barrier with async handlers under plain node: what the flood itself costs.
  'barrier-node.mjs': `import http from 'node:http';
${barrierCounts}
const server = http.createServer(async (req, res) => {
  if (++arrived === expected) release();
  await all;
  res.end('released');
  answered++;
});
${barrierEnd(false)}`,
  // The same barrier under plain node, each waiting request holding a bare parked thread, started when it
  // comes and woken once when it is answered: the floor in place of any design that gives a suspended request a thread.
  'barrier-floor.mjs': `import http from 'node:http';
import { createRequire } from 'node:module';
const floor = createRequire(import.meta.url)(${JSON.stringify(nativeAddon)});
${barrierCounts}
const server = http.createServer(async (req, res) => {
  const thread = floor.benchThreadPark();
  if (++arrived === expected) release();
  await all;
  floor.benchThreadWake(thread);
  res.end('released');
  answered++;
});
${barrierEnd(false)}`,
  'flood.mjs': `import http from 'node:http';
const [port, count] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
let ok = 0, failed = 0, firstError = '';
const started = Date.now();
await Promise.all(Array.from({ length: count }, () => new Promise((resolve) => {
  const req = http.get({ host: '127.0.0.1', port, agent, path: '/' }, (res) => {
    res.resume();
    res.on('end', () => { if (res.statusCode === 200) ok++; else failed++; resolve(); });
  });
  req.setTimeout(120000, () => req.destroy(new Error('timeout')));
  req.on('error', (e) => { failed++; firstError ||= e.message; resolve(); });
})));
console.log(JSON.stringify({ ok, failed, firstError, ms: Date.now() - started }));`,
};

function ensureWrk(): void {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return;
  } catch (error) {
    // wrk --version exits 1 even when present; only ENOENT means missing
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return;
  }
  execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk'], {
    stdio: 'inherit',
  });
}

/**
 * Where the server and wrk run: anywhere (the scheduler decides), or the server
 * on CPU 0 and wrk on CPU 1 (`taskset`), so the server's threads hand off on one
 * vCPU and never wait for a wake-up on another.
 */
type Placement = 'shared' | 'pinned';

const pinnedTo = (placement: Placement, cpu: number, command: string, args: string[]): [string, string[]] =>
  placement === 'pinned' ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args];

function startServer(args: string[], placement: Placement = 'shared'): Promise<{ child: ChildProcess; port: number }> {
  const [command, commandArgs] = pinnedTo(placement, 0, process.execPath, args);
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /port (\d+)\n/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`server ${args.join(' ')} exited with ${code}`)));
  });
}

/** Stops a server and returns what it said at exit; one whose event loop is stuck is killed after 10 s and says nothing. */
function stopServer(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    const stuck = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stdout!.on('data', (d: string) => (out += d));
    child.on('close', () => {
      clearTimeout(stuck);
      resolve(out);
    });
    child.kill('SIGTERM');
  });
}

interface HandOffs {
  switches: number;
  passes?: number;
  hotStarts?: number;
  parks: number;
  wakes: number;
  localWakes?: number;
}

interface WrkResult {
  rps: number;
  errors: string;
  /** Requests served in the warm-up and the measured run together. */
  requests: number;
  /** balrog run only: the server's hand-off counters at exit. */
  handOffs?: HandOffs;
}

function wrk(port: number, connections: number, placement: Placement): WrkResult {
  const url = `http://127.0.0.1:${port}/`;
  const requestsIn = (text: string) => Number(/(\d+) requests in/.exec(text)?.[1] ?? 0);
  const run = (duration: string) =>
    execFileSync(...pinnedTo(placement, 1, 'wrk', ['-t1', `-c${connections}`, `-d${duration}`, url]), { encoding: 'utf8' });
  const warmUp = run('1s'); // JIT
  const out = run(DURATION);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (!rps) throw new Error(`could not read wrk's output:\n${out}`);
  const errors = [/Non-2xx or 3xx responses: \d+/.exec(out)?.[0], /Socket errors: .*/.exec(out)?.[0]].filter(Boolean).join('; ');
  return { rps: Number(rps[1]), errors, requests: requestsIn(warmUp) + requestsIn(out) };
}

async function requestsPerSecond(args: string[], connections: number, placement: Placement): Promise<WrkResult> {
  const { child, port } = await startServer(args, placement);
  let result: WrkResult | undefined;
  try {
    result = wrk(port, connections, placement);
    return result;
  } finally {
    const out = await stopServer(child);
    const stats = /stats (.*)\n/.exec(out);
    if (result && stats) result.handOffs = JSON.parse(stats[1]!) as HandOffs;
  }
}

/** The best of TURNS runs of each server, taken in turns (plain node, then balrog run, and again), in the order given. */
async function bestInTurns(servers: string[][], connections: number, placement: Placement = 'shared'): Promise<WrkResult[]> {
  const best: Array<WrkResult | undefined> = servers.map(() => undefined);
  for (let turn = 0; turn < TURNS; turn++) {
    for (const [i, args] of servers.entries()) {
      const result = await requestsPerSecond(args, connections, placement);
      if (best[i] === undefined || result.rps > best[i]!.rps) best[i] = result;
    }
  }
  return best as WrkResult[];
}

const fmt = (r: WrkResult) => `${Math.round(r.rps).toLocaleString('en-US')} req/s${r.errors ? ` (${r.errors})` : ''}`;

/** A handler's rows: each server's figure (with `how` each waits, if it does), and balrog's share against `minRatio`. */
function comparison(handler: string, how: [string, string], node: WrkResult, balrog: WrkResult, minRatio: number): BenchSection['rows'] {
  const ratio = balrog.rps / node.rps;
  const perRequest = (count: number) => (count / balrog.requests).toFixed(2);
  const handOffs = balrog.handOffs
    ? `${perRequest(balrog.handOffs.switches)} resumes, ${perRequest(balrog.handOffs.passes ?? 0)} passes fiber to fiber, ` +
      `${perRequest(balrog.handOffs.hotStarts ?? 0)} starts on the thread of the fiber before (no hand-off), ` +
      `${perRequest(balrog.handOffs.parks)} parked waits, ` +
      `${perRequest(balrog.handOffs.wakes)} wake-ups of a parked thread ` +
      `(${perRequest(balrog.handOffs.localWakes ?? 0)} of them on the waker's CPU)`
    : 'not reported';
  return [
    { name: `${handler}, plain node${how[0]}`, value: fmt(node) },
    { name: `${handler}, balrog run${how[1]}`, value: fmt(balrog) },
    { name: `${handler}, balrog run: hand-offs per request (best turn)`, value: handOffs },
    {
      name: `${handler}, balrog / node`,
      value: ratio.toFixed(2),
      target: `>= ${minRatio.toFixed(2)}`,
      ok: ratio >= minRatio && !balrog.errors,
    },
  ];
}

type Flood = {
  ok: number;
  failed: number;
  firstError: string;
  ms: number;
  /** What the server counted, said at its exit (barrierEnd), when it said it. */
  server?: { connected: number; arrived: number; answered: number; longestStall: number };
};
const floodServers = { node: 'barrier-node.mjs', floor: 'barrier-floor.mjs', balrog: 'barrier.mjs' } as const;

/** SUSPENDED requests at once against one server; pinned: the server on CPU 0, the flood's client on CPU 1. */
async function suspendedRequests(dir: string, under: keyof typeof floodServers, placement: Placement): Promise<Flood> {
  const file = join(dir, floodServers[under]);
  const args = under === 'balrog' ? [balrogBin, 'run', file, String(SUSPENDED)] : [file, String(SUSPENDED)];
  const { child, port } = await startServer(args, placement);
  let flood: Flood | undefined;
  try {
    const [command, clientArgs] = pinnedTo(placement, 1, process.execPath, [join(dir, 'flood.mjs'), String(port), String(SUSPENDED)]);
    flood = JSON.parse(execFileSync(command, clientArgs, { encoding: 'utf8', timeout: 180_000 })) as Flood;
    return flood;
  } finally {
    const said = /barrier (.*)\n/.exec(await stopServer(child));
    if (flood && said) flood.server = JSON.parse(said[1]!) as Flood['server'];
  }
}

/** The three floods of one placement, in turn: plain node, the floor in place, balrog run. */
async function floods(dir: string, placement: Placement): Promise<Record<keyof typeof floodServers, Flood>> {
  return {
    node: await suspendedRequests(dir, 'node', placement),
    floor: await suspendedRequests(dir, 'floor', placement),
    balrog: await suspendedRequests(dir, 'balrog', placement),
  };
}

const floodValue = (flood: Flood) => {
  const { server } = flood;
  // A failed flood says where the requests were lost.
  const counts =
    flood.failed === 0
      ? ''
      : server
        ? `; the server saw ${server.connected} connect, ${server.arrived} arrive, ${server.answered} answered, its event loop stalled ${(server.longestStall / 1000).toFixed(1)} s at most`
        : '; the server said nothing at exit (its event loop was stuck)';
  return `${flood.ok} ok, ${flood.failed} failed in ${(flood.ms / 1000).toFixed(1)} s${flood.firstError ? ` (${flood.firstError})` : ''}${counts}`;
};

/** Rows: one placement's floods; the target applies to balrog run with both processes placed by the scheduler. */
function floodRows(label: string, flood: Record<keyof typeof floodServers, Flood>, target: boolean): BenchSection['rows'] {
  const count = SUSPENDED.toLocaleString('en-US');
  const balrog = flood.balrog;
  return [
    {
      name: `${label}${count} requests suspended at once, plain node (async handler, the flood's own cost)`,
      value: floodValue(flood.node),
    },
    {
      name: `${label}${count} requests suspended at once, floor in place: plain node + a bare thread per waiting request (started, parked, woken once)`,
      value: floodValue(flood.floor),
    },
    {
      name: `${label}${count} requests suspended at once`,
      value: `${floodValue(balrog)}; ${(balrog.ms / flood.floor.ms).toFixed(2)}x the floor in place`,
      ...(target ? { target: '0 failed, <= 5 s', ok: balrog.failed === 0 && balrog.ok === SUSPENDED && balrog.ms <= 5_000 } : {}),
    },
  ];
}

/** The floors of a request's fiber, in nanoseconds per round trip (best of 5 each, in the placement's process). */
interface Floors {
  /** Two bare threads that park at every hand-off: the OS's cost (the event loop's thread wakes the fiber's, and is woken back). */
  parked: number;
  /** The same with V8's Locker/Unlocker around each hand-off: the least any design that hands the isolate over pays. */
  isolate: number;
  /** A fiber resumed and yielding (`run()` + `Fiber.yield()`), as the gates behave in this placement: balrog's own round trip. */
  fiber: number;
}

function handOffFloors(placement: Placement): Floors {
  const script = `const n = require(${JSON.stringify(nativeAddon)});
import(${JSON.stringify(coreModule)}).then(({ Fiber }) => {
  const best = (f) => { let b = Infinity; for (let i = 0; i < 5; i++) b = Math.min(b, f()); return b; };
  const fiber = new Fiber(() => { for (;;) Fiber.yield(); });
  const rounds = 20000;
  const fiberRound = () => { const t = process.hrtime.bigint(); for (let i = 0; i < rounds; i++) fiber.run(); return Number(process.hrtime.bigint() - t) / rounds; };
  console.log(JSON.stringify({ parked: best(() => n.benchParkedHandoff(rounds)), isolate: best(() => n.benchIsolateHandoff(rounds, true)), fiber: best(fiberRound) }));
});`;
  const [command, args] = pinnedTo(placement, 0, process.execPath, ['-e', script]);
  return JSON.parse(execFileSync(command, args, { encoding: 'utf8' }).trim()) as Floors;
}

/** Rows: the floors, and the best ratio against `node` that one round trip of each per request allows. */
function floorRows(label: string, node: WrkResult, floors: Floors): BenchSection['rows'] {
  const nodeUs = 1e6 / node.rps;
  const ceiling = (ns: number) => (nodeUs / (nodeUs + ns / 1000)).toFixed(2);
  const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
  return [
    { name: `${label}floor: parked hand-off round trip (2 bare threads, futex)`, value: us(floors.parked) },
    { name: `${label}floor: parked isolate hand-off round trip (2 threads, V8 Locker/Unlocker, no JS)`, value: us(floors.isolate) },
    { name: `${label}fiber round trip (run + Fiber.yield) in this placement`, value: us(floors.fiber) },
    {
      name:
        `${label}hello world, ceiling with one round trip per request (plain node ${nodeUs.toFixed(1)} µs per request): ` +
        'bare threads / V8 isolate / fiber',
      value: `${ceiling(floors.parked)} / ${ceiling(floors.isolate)} / ${ceiling(floors.fiber)}`,
    },
  ];
}

/** Rows: the timer's floors measured in place (timer-floor.mjs, timer-isolate-floor.mjs) and the ratios to plain node they leave. */
function inPlaceFloor(
  handler: string,
  node: WrkResult,
  floor: WrkResult,
  isolateFloor: WrkResult,
  threadsFloor: WrkResult,
): BenchSection['rows'] {
  return [
    {
      name: `${handler}, floor in place: plain node + one parked thread wake-up per request (2 bare threads), after the sleep, responses written at the turn's end`,
      value: fmt(floor),
    },
    {
      name: `${handler}, floor in place / node: what one wake-up per request leaves`,
      value: (floor.rps / node.rps).toFixed(2),
    },
    {
      name: `${handler}, isolate floor in place: the same with the isolate handed to a bare thread and back (V8 Unlocker/Locker, parked, no JS there)`,
      value: fmt(isolateFloor),
    },
    {
      name: `${handler}, isolate floor in place / node: what one isolate hand-off per request leaves`,
      value: (isolateFloor.rps / node.rps).toFixed(2),
    },
    {
      name: `${handler}, isolate floor in place, a thread per waiting request: the same with one bare helper thread per connection (${TIMER_CONNECTIONS}), taken in turn`,
      value: fmt(threadsFloor),
    },
    {
      name: `${handler}, isolate floor in place, a thread per waiting request / node`,
      value: (threadsFloor.rps / node.rps).toFixed(2),
    },
  ];
}

export async function run(): Promise<BenchSection> {
  ensureWrk();
  const dir = mkdtempSync(join(tmpdir(), 'balrog-bench-runtime-'));
  try {
    for (const [name, source] of Object.entries(servers)) writeFileSync(join(dir, name), source);
    const hello = join(dir, 'hello.mjs');
    const timerServers = [
      [join(dir, 'timer-node.mjs')],
      [join(dir, 'timer-floor.mjs')],
      [join(dir, 'timer-isolate-floor.mjs')],
      [join(dir, 'timer-isolate-floor-threads.mjs')],
      [balrogBin, 'run', join(dir, 'timer-balrog.mjs')],
    ];
    const [helloNode, helloBalrog] = await bestInTurns([[hello], [balrogBin, 'run', hello]], 50);
    const [timerNode, timerFloor, timerIsolateFloor, timerThreadsFloor, timerBalrog] = await bestInTurns(timerServers, TIMER_CONNECTIONS);
    const [helloNodePinned, helloBalrogPinned] = await bestInTurns([[hello], [balrogBin, 'run', hello]], 50, 'pinned');
    const [timerNodePinned, timerFloorPinned, timerIsolateFloorPinned, timerThreadsFloorPinned, timerBalrogPinned] = await bestInTurns(
      timerServers,
      TIMER_CONNECTIONS,
      'pinned',
    );
    const floorsShared = handOffFloors('shared');
    const floorsPinned = handOffFloors('pinned');
    const floodShared = await floods(dir, 'shared');
    const floodPinned = await floods(dir, 'pinned');
    return {
      title: 'Runtime: HTTP handlers in fibers (wrk, loopback)',
      rows: [
        ...comparison('hello world', ['', ''], helloNode, helloBalrog, 0.8),
        ...floorRows('', helloNode, floorsShared),
        ...comparison('1 ms timer', [' (await)', ' (sleep)'], timerNode, timerBalrog, 0.65),
        ...inPlaceFloor('1 ms timer', timerNode, timerFloor, timerIsolateFloor, timerThreadsFloor),
        ...comparison('pinned: hello world', ['', ''], helloNodePinned, helloBalrogPinned, 0.8),
        ...floorRows('pinned: ', helloNodePinned, floorsPinned),
        ...comparison('pinned: 1 ms timer', [' (await)', ' (sleep)'], timerNodePinned, timerBalrogPinned, 0.65),
        ...inPlaceFloor('pinned: 1 ms timer', timerNodePinned, timerFloorPinned, timerIsolateFloorPinned, timerThreadsFloorPinned),
        ...floodRows('', floodShared, true),
        ...floodRows('pinned: ', floodPinned, false),
      ],
      notes: [
        `wrk -t1, ${DURATION} after a 1 s warm-up; 50 connections for hello world, ${TIMER_CONNECTIONS} for the 1 ms timer. ` +
          `Each figure is the best of ${TURNS} runs, plain node and balrog run taken in turns.`,
        '"pinned": each server on CPU 0 and wrk on CPU 1 (taskset), so a hand-off never waits for a wake-up on the other vCPU; ' +
          'otherwise the scheduler places them (wrk shares the two vCPUs with the server).',
        'Requests start in the turn\'s run queue (docs/design/scheduler.md, "The turn\'s run queue"): a fiber that finishes ' +
          'starts the next request on its own thread ("starts on the thread of the fiber before"), one that waits passes the ' +
          'isolate to the next ("passes"), so a hello-world request costs no hand-off of its own. The "ceiling" rows are what ' +
          'one parked round trip per request (the design before the run queue) would allow, from floors measured in the same ' +
          "run: bare threads (the OS), V8's isolate hand-off, and a fiber round trip (balrog's own, with the gates' spinning as " +
          'in that placement; a process with one CPU to run on never spins). A waiting handler costs about one: the queue ' +
          'takes resumes and new requests in turn, so a resume that finishes starts the next request on its own thread and a ' +
          'request that waits passes to the next resume, and the responses of the turn reach the kernel together when its ' +
          'drain ends (docs/design/scheduler.md). The "floor in place" rows serve the timer from plain node paying one ' +
          "wake-up of a parked bare thread per request, responses written at the turn's end: the OS's share of that cost here; " +
          'the "isolate floor in place" rows hand V8\'s isolate to a bare thread and back instead (every second request, ' +
          'one hand-off per request), to one helper that stays hot, or, in the "thread per waiting request" rows, to one ' +
          'helper per connection taken in turn, each with its own stack and V8 thread state as a waiting fiber has: the ' +
          'least any design pays that runs a waiting request on a thread of its own.',
        `The ${SUSPENDED.toLocaleString('en-US')} requests all wait on one promise, released by the last to arrive. ` +
          'A suspended fiber holds an OS thread (V8 cannot move a JS stack between threads), so the "floor in place" serves ' +
          'them from plain node with a bare thread per waiting request, started when the request comes and woken once when ' +
          "it is answered: what the OS charges any design that gives each waiting request a thread, before V8's share. " +
          "balrog's pool starts threads ahead of need on its keeper thread once 16 fibers are busy (docs/core.md, Pool).",
        'Each server is a fresh process; plain node and balrog run serve the same hello-world file.',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
