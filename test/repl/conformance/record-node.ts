/**
 * Records Node's own REPL (`node -i`, stdin a pipe) on every session, as the
 * suite's expectation: `node dist/test/repl/conformance/record-node.js`
 * writes expected/<session>.node<major>.txt, and, for the sessions that can
 * be typed (no tab characters), the terminal screen of `node` in a
 * pseudo-terminal as expected/<session>.node<major>.pty.txt (`--pty-only`:
 * just those; session names as arguments: just those). Not a test: run it by hand on
 * the Node version the expectation is for (20), then commit the files.
 *
 * Each line is written once Node has shown its prompt for it, so output lands
 * after the line that caused it, as a user at the keyboard would see it.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { replayInTerminal } from './pty-session.js';
import { conformanceDir, loadSessions, renderRecording, type LineOutput } from './sessions.js';

const quietMs = 150;

async function record(lines: readonly string[]): Promise<LineOutput[]> {
  const child = spawn(process.execPath, ['-i'], {
    cwd: `${conformanceDir}../fixtures/project`,
    env: { ...process.env, NODE_REPL_HISTORY: '', NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  // The prompt Node shows when it is ready, and nothing more for a while.
  const ready = async (from: number): Promise<void> => {
    for (;;) {
      const before = out.length;
      await new Promise((r) => setTimeout(r, quietMs));
      if (out.length === before && out.length > from && /(?:^|\n|> |\.\.\. )(?:> |\.\.\. )$/.test(out.slice(from))) return;
    }
  };
  await ready(0);
  const outputs: LineOutput[] = [];
  let promptEnd = out.length;
  let prompt = out.endsWith('... ') ? '... ' : '> ';
  for (const line of lines) {
    child.stdin.write(`${line}\n`);
    await ready(promptEnd);
    const text = out.slice(promptEnd);
    const next = text.endsWith('... ') ? '... ' : '> ';
    outputs.push({ prompt, output: text.slice(0, -next.length) });
    prompt = next;
    promptEnd = out.length;
  }
  child.stdin.end();
  await new Promise((r) => child.on('exit', r));
  return outputs;
}

const major = process.versions.node.split('.')[0];
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
for (const session of loadSessions().filter((s) => only.length === 0 || only.includes(s.name))) {
  if (!process.argv.includes('--pty-only')) {
    const outputs = await record(session.lines);
    writeFileSync(`${conformanceDir}expected/${session.name}.node${major}.txt`, renderRecording(session.lines, outputs));
  }
  if (session.terminal) {
    const screen = await replayInTerminal(process.execPath, [], session.lines, {
      cwd: `${conformanceDir}../fixtures/project`,
      env: { ...process.env, NODE_REPL_HISTORY: '', NO_COLOR: '1', TERM: 'xterm-256color' },
    });
    writeFileSync(`${conformanceDir}expected/${session.name}.node${major}.pty.txt`, screen);
  }
  process.stdout.write(`${session.name}: ${session.lines.length} lines\n`);
}
