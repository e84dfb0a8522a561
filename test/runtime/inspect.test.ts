// `balrog run --inspect*`: Node's "Debugger listening" line for `balrog debug`,
// a pause before the entry's first line with --inspect-brk (CJS and ESM), and
// no inspector beyond loopback unless asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { runToEnd, startBalrog, stop } from './helpers/processes.js';

/** Connects to the inspector, lets the program run, and reports where it first paused. */
function firstPause(wsUrl: string): Promise<{ url: string; line: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    const scripts = new Map<string, string>();
    let id = 0;
    const send = (method: string) => ws.send(JSON.stringify({ id: ++id, method, params: {} }));
    ws.on('open', () => {
      send('Debugger.enable');
      send('Runtime.runIfWaitingForDebugger');
    });
    ws.on('error', reject);
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as {
        method?: string;
        params?: { scriptId: string; url: string; callFrames: Array<{ location: { scriptId: string; lineNumber: number } }> };
      };
      if (msg.method === 'Debugger.scriptParsed') scripts.set(msg.params!.scriptId, msg.params!.url);
      if (msg.method === 'Debugger.paused') {
        const { scriptId, lineNumber } = msg.params!.callFrames[0]!.location;
        send('Debugger.resume');
        ws.close();
        resolve({ url: scripts.get(scriptId) ?? '', line: lineNumber });
      }
    });
  });
}

for (const entry of ['first-line.cjs', 'first-line.mjs']) {
  test(`--inspect-brk pauses before the first line of ${entry}`, async () => {
    const program = startBalrog(['--inspect-brk=127.0.0.1:0', entry]);
    try {
      const [, wsUrl] = await program.waitFor(/Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/\S+)/, 'stderr');
      assert.equal(program.stdout(), '');
      const pause = await firstPause(wsUrl!);
      assert.match(pause.url, new RegExp(`${entry.replace('.', '\\.')}$`));
      assert.equal(pause.line, 1); // the first statement (line 0 is a comment)
      await program.waitFor(/entry ran/);
    } finally {
      await stop(program);
    }
  });
}

test('--inspect on a non-loopback host is refused without --allow-remote-inspect', async () => {
  const r = await runToEnd(startBalrog(['--inspect=0.0.0.0:0', 'first-line.cjs']));
  assert.equal(r.code, 9);
  assert.match(r.stderr, /refusing to open the inspector on '0\.0\.0\.0'.*--allow-remote-inspect/);
  assert.equal(r.stdout, '');
});

test('NODE_OPTIONS=--inspect=0.0.0.0:0 is refused like --inspect=0.0.0.0, and the launcher keeps no inspector open', async () => {
  const r = await runToEnd(startBalrog(['first-line.cjs'], { NODE_OPTIONS: '--inspect=0.0.0.0:0' }));
  assert.equal(r.code, 9);
  assert.match(r.stderr, /refusing to open the inspector on '0\.0\.0\.0' \(NODE_OPTIONS=--inspect=0\.0\.0\.0:0\).*--allow-remote-inspect/);
  assert.equal(r.stdout, '');
});

test('NODE_OPTIONS=--inspect=0.0.0.0:0 with --allow-remote-inspect warns, and only the program listens', async () => {
  const program = startBalrog(['--allow-remote-inspect', 'first-line.cjs'], { NODE_OPTIONS: '--inspect=0.0.0.0:0' });
  try {
    await program.waitFor(/entry ran/);
    const r = await runToEnd(program);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /balrog: warning: the inspector listens on 0\.0\.0\.0:0 \(NODE_OPTIONS=--inspect=0\.0\.0\.0:0\), beyond this machine/,
    );
  } finally {
    await stop(program);
  }
});

test('NODE_OPTIONS=--inspect=127.0.0.1:<port>: the program gets the port (the launcher lets go of it)', async () => {
  const port = 9400 + (process.pid % 500);
  const program = startBalrog(['first-line.cjs'], { NODE_OPTIONS: `--inspect=127.0.0.1:${port}` });
  const r = await runToEnd(program);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /entry ran/);
  assert.doesNotMatch(r.stderr, /address already in use/);
  assert.equal(r.stderr.match(new RegExp(`Debugger listening on ws://127\\.0\\.0\\.1:${port}/`, 'g'))?.length, 2);
});

test('a program waiting for its debugger (--inspect-brk) ends when its launcher is killed with SIGKILL', async () => {
  // No JavaScript runs in the program while it waits, so only the kernel can end it (parent-death.ts).
  const program = startBalrog(['--inspect-brk=127.0.0.1:0', 'first-line.cjs']);
  try {
    const [, port] = await program.waitFor(/Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\//, 'stderr');
    program.child.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    let listening = true;
    while (listening && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      listening = await fetch(`http://127.0.0.1:${port}/json/version`).then(
        () => true,
        () => false,
      );
    }
    assert.equal(listening, false, "the orphaned program still holds its inspector's port");
  } finally {
    await stop(program);
  }
});
