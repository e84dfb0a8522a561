/**
 * Starts a real target process with its inspector on 127.0.0.1 and reads the
 * inspector URL and the service port it prints (`listening <port>`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { createInterface } from 'node:readline';
import { fixturesDir } from './debugger-process.js';

/** A started target. */
export interface Target {
  child: ChildProcess;
  /** The inspector's WebSocket URL, when the target opened its inspector at start. */
  url: string | undefined;
  /** The port its HTTP service listens on. */
  port: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs `node <nodeArgs> <script>` in the fixtures folder; resolves once it listens. */
export async function startTarget(nodeArgs: string[], script: string, timeoutMs = 10_000): Promise<Target> {
  const child = spawn(process.execPath, [...nodeArgs, script], { cwd: fixturesDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => clearTimeout(killer));
  let stderr = '';
  let url: string | undefined;
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderr += `${line}\n`;
    url ??= /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start listening:\n${stderr}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) => reject(new Error(`${script} exited with ${code}:\n${stderr}`)));
  });
  return { child, url, port, stderr: () => stderr, exited };
}

/** GET http://127.0.0.1:<port><path>; undefined when no answer comes within `timeoutMs`. */
export function httpGet(port: number, path: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path }, (response) => {
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
