/**
 * `npm run compat [-- [--import] [express] [koa] [fastify]]`: runs the
 * frameworks' own test suites (see suites.ts) at the installed versions under
 * plain node, then under balrog (`node --require balrog/register`, or
 * `--import` with --import), and fails if any test that passes under plain
 * node fails, or is never reported, under balrog.
 *
 * Exit codes: 0 no regression; 1 regressions (listed); 2 the harness itself
 * failed (a suite could not be fetched or reported no tests under plain node).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, record, type Comparison, type Results, type Status } from './results.js';
import { expressFiles, fastifyFiles, koaFiles } from './suites.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const sourceDir = join(repoRoot, 'test/runtime/compat');
const registerPath = join(repoRoot, 'dist/src/runtime/register.js');
const reporterPath = fileURLToPath(new URL('./node-test-results.js', import.meta.url));
const mochaBin = join(repoRoot, 'node_modules/mocha/bin/mocha.js');
const requireHere = createRequire(join(repoRoot, 'noop.js'));
/** A test file that runs longer than this is stopped; its unreported tests count as not passing. */
const FILE_TIMEOUT_MS = 180_000;

type Mode = 'plain' | 'balrog';
type Preload = 'require' | 'import';
const MODES: Mode[] = ['plain', 'balrog'];

interface Run {
  cwd: string;
  args: string[];
  /** Where the reporter writes; read after the process ends. */
  output: string;
}

/** Runs `node <preload> <args>`; resolves when it ends (or was stopped after FILE_TIMEOUT_MS). */
function runNode(mode: Mode, preload: Preload, { cwd, args }: Run): Promise<void> {
  const balrog = mode === 'balrog' ? [preload === 'require' ? '--require' : '--import', registerPath] : [];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...balrog, ...args], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    const timer = setTimeout(() => {
      process.stderr.write(`compat: stopping ${args.join(' ')} (${mode}) after ${FILE_TIMEOUT_MS / 1000} s\n`);
      child.kill('SIGKILL');
    }, FILE_TIMEOUT_MS);
    child.on('close', () => {
      clearTimeout(timer);
      if (process.env.COMPAT_VERBOSE) process.stderr.write(stderr);
      resolve();
    });
  });
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return []; // the process died before its reporter wrote anything
  }
}

/** Runs `tasks` with at most `jobs` at a time. */
async function pool(tasks: Array<() => Promise<void>>, jobs: number): Promise<void> {
  const queue = [...tasks];
  const worker = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) await task();
  };
  await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, worker));
}

/**
 * Runs node:test files, one process per file and mode, `jobs` processes at a
 * time (the suites mostly wait on timers and sockets); results keyed by file
 * and test name (indented by its nesting depth).
 */
async function runNodeTestFiles(preload: Preload, cwd: string, files: string[], work: string, jobs: number) {
  const outputs = (mode: Mode, file: string) => join(work, `${mode}-${file.replace(/[\\/]/g, '_')}.jsonl`);
  const tasks = MODES.flatMap((mode) =>
    files.map((file) => () => {
      const output = outputs(mode, file);
      const args = [`--test-reporter=${reporterPath}`, `--test-reporter-destination=${output}`, file];
      return runNode(mode, preload, { cwd, args, output });
    }),
  );
  await pool(tasks, jobs);
  const results = { plain: new Map(), balrog: new Map() } as Record<Mode, Results>;
  for (const mode of MODES) {
    for (const file of files) {
      for (const line of readLines(outputs(mode, file))) {
        const r = JSON.parse(line) as { status: Status; name: string; nesting: number };
        record(results[mode], file, `${'  '.repeat(r.nesting)}${r.name}`, r.status);
      }
    }
  }
  return results;
}

interface MochaReport {
  passes: Array<{ fullTitle: string; file?: string }>;
  failures: Array<{ fullTitle: string; file?: string }>;
  pending: Array<{ fullTitle: string; file?: string }>;
}

/** Runs mocha files in one process per mode, as upstream does (both modes at once); results keyed by file and full title. */
async function runMochaFiles(preload: Preload, cwd: string, files: string[], work: string) {
  const output = (mode: Mode) => join(work, `${mode}-mocha.json`);
  const args = (mode: Mode) => [
    mochaBin,
    '--require',
    'test/support/env',
    '--check-leaks',
    '--reporter',
    'json',
    '--reporter-option',
    `output=${output(mode)}`,
    ...files,
  ];
  await Promise.all(MODES.map((mode) => runNode(mode, preload, { cwd, args: args(mode), output: output(mode) })));
  const results = { plain: new Map(), balrog: new Map() } as Record<Mode, Results>;
  for (const mode of MODES) {
    let report: MochaReport;
    try {
      report = JSON.parse(readFileSync(output(mode), 'utf8')) as MochaReport;
    } catch {
      continue; // no report: every test counts as not reported
    }
    const add = (tests: MochaReport['passes'], status: Status) => {
      for (const t of tests) record(results[mode], (t.file ?? '').replace(`${cwd}/`, ''), t.fullTitle, status);
    };
    add(report.passes, 'pass');
    add(report.failures, 'fail');
    add(report.pending, 'skip');
  }
  return results;
}

function installedVersion(name: string): string {
  return (requireHere(`${name}/package.json`) as { version: string }).version;
}

/**
 * Fastify's sources from the registry: `npm pack fastify@<installed>` and its
 * tarball unpacked as <work>/node_modules/fastify (the path balrog's patches
 * recognise), whose own node_modules is the project's, for its dependencies
 * and the test files' dev dependencies.
 */
function fetchFastify(work: string): string {
  const version = installedVersion('fastify');
  const packDir = join(work, 'pack');
  mkdirSync(packDir, { recursive: true });
  const out = execFileSync('npm', ['pack', `fastify@${version}`, '--pack-destination', packDir, '--json', '--silent'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tarball = join(packDir, (JSON.parse(out) as Array<{ filename: string }>)[0]!.filename);
  const dir = join(work, 'node_modules/fastify');
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', dir, '--strip-components=1']);
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

interface SuiteRun {
  name: string;
  version: string;
  files: number;
  /** Runs the suite under plain node and under balrog. */
  run(preload: Preload, work: string, jobs: number): Promise<Record<Mode, Results>>;
}

function suites(): SuiteRun[] {
  const fastify = Object.values(fastifyFiles).flat();
  return [
    {
      name: 'express',
      version: installedVersion('express'),
      files: expressFiles.length,
      run: (preload, work) =>
        runMochaFiles(
          preload,
          join(sourceDir, 'express'),
          expressFiles.map((f) => `test/${f}`),
          work,
        ),
    },
    {
      name: 'koa',
      version: installedVersion('koa'),
      files: koaFiles.length,
      run: (preload, work, jobs) =>
        runNodeTestFiles(
          preload,
          join(sourceDir, 'koa'),
          koaFiles.map((f) => `__tests__/${f}.test.js`),
          work,
          jobs,
        ),
    },
    {
      name: 'fastify',
      version: installedVersion('fastify'),
      files: fastify.length,
      run: (preload, work, jobs) =>
        runNodeTestFiles(
          preload,
          fetchFastify(work),
          fastify.map((f) => `test/${f}`),
          work,
          jobs,
        ),
    },
  ];
}

function summary(name: string, version: string, files: number, c: Comparison): string {
  return (
    `${name} ${version}: ${c.tests} tests in ${files} files; pass under plain node ${c.passPlain}, ` +
    `under balrog ${c.passBalrog}; regressions ${c.regressions.length}` +
    (c.failPlain.length ? `; failing under plain node too: ${c.failPlain.length}` : '')
  );
}

async function main(argv: string[]): Promise<number> {
  const preload: Preload = argv.includes('--import') ? 'import' : 'require';
  const wanted = argv.filter((a) => !a.startsWith('--'));
  const jobs = Math.max(1, Number(process.env.COMPAT_JOBS ?? 4) || 4);
  let status = 0;
  for (const suite of suites()) {
    if (wanted.length > 0 && !wanted.includes(suite.name)) continue;
    const work = mkdtempSync(join(tmpdir(), `balrog-compat-${suite.name}-`));
    const started = Date.now();
    let results: Record<Mode, Results>;
    try {
      results = await suite.run(preload, work, jobs);
    } catch (error) {
      process.stderr.write(`compat: ${suite.name}: could not run the suite: ${(error as Error).message}\n`);
      status = Math.max(status, 2);
      continue;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    const c = compare(results.plain, results.balrog);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    process.stdout.write(`${summary(suite.name, suite.version, suite.files, c)} (${seconds} s, --${preload})\n`);
    for (const key of c.failPlain) process.stdout.write(`  fails under plain node too: ${key}\n`);
    for (const key of c.regressions) process.stdout.write(`  REGRESSION: ${key}\n`);
    if (c.passPlain === 0) {
      process.stderr.write(`compat: ${suite.name}: no test passed under plain node: the harness is broken\n`);
      status = Math.max(status, 2);
    } else if (c.regressions.length > 0) {
      status = Math.max(status, 1);
    }
  }
  return status;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
