/**
 * Starts a real target process with its inspector on 127.0.0.1 and reads the
 * inspector URL and the service port it prints (`listening <port>`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fixturesDir } from './debugger-process.js';

/** A free loopback port (for `--inspect-port`). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A started target. */
export interface Target {
  child: ChildProcess;
  /** The inspector's WebSocket URL, when the target opened its inspector at start. */
  url: string | undefined;
  /** The port its HTTP service listens on. */
  port: number;
  /** The pid it printed (`listening <port> pid <pid>`), else the spawned process's. */
  pid: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs `node <nodeArgs> <script>` in the fixtures folder; resolves once it listens. */
export async function startTarget(
  nodeArgs: string[],
  script: string,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Target> {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: fixturesDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => clearTimeout(killer));
  let stderr = '';
  let url: string | undefined;
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderr += `${line}\n`;
    url ??= /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
  });
  const [port, pid] = await new Promise<[number, number]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start listening:\n${stderr}`)), options.timeoutMs ?? 10_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^listening (\d+)(?: pid (\d+))?$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve([Number(match[1]), Number(match[2] ?? child.pid)]);
      }
    });
    void exited.then((code) => reject(new Error(`${script} exited with ${code}:\n${stderr}`)));
  });
  return { child, url, port, pid, stderr: () => stderr, exited };
}

/** GET http://127.0.0.1:<port><path>; undefined when no answer comes within `timeoutMs`. */
export function httpGet(port: number, path: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk));
      response.on('end', () => resolve(body.trim()));
    });
    request.on('error', () => resolve(undefined));
    request.setTimeout(timeoutMs, () => {
      request.destroy();
      resolve(undefined);
    });
  });
}
