/**
 * The worker thread of the REPL's debugger (started by src/repl/debug/repl-debugger.ts).
 * It attaches a DebugSession to the main thread's inspector in process (no
 * port), keeps Node's and balrog's own code out of steps, opens the debug
 * prompt at every pause, keeps the frames of an input's uncaught error for
 * `.debug`, and runs the commands typed at the REPL prompt (`b file:line`,
 * `.breakpoints`, `.pdb on`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DebuggerWorkerData, FromDebugger, ToDebugger } from '../../repl/debug/protocol.js';
import { CdpClient } from '../cdp/client.js';
import { InProcessSocket } from '../cdp/in-process-transport.js';
import { DebugSession } from '../engine/session.js';
import { AwakeSocket } from './awake-socket.js';
import { internalPatterns } from './internal-code.js';
import { PausedPrompt } from './paused-prompt.js';

const port = parentPort!;
const data = workerData as DebuggerWorkerData;
const post = (message: FromDebugger): void => port.postMessage(message);

let prompt: PausedPrompt | undefined;
// Messages from the REPL; listening also keeps this worker's loop alive while
// an inspector request is pending (a pending `session.post` alone does not).
port.on('message', (message: ToDebugger) => {
  if (message.type === 'input-ended') {
    void prompt?.inputEnded();
    return;
  }
  const reply = (running: () => Promise<string[]>): void =>
    void (prompt ? running() : Promise.resolve(['the debugger is not attached']))
      .catch((error: Error) => [`(debugger: ${error.message})`])
      .then((lines) => post({ type: 'reply', id: message.id, lines }));
  if (message.type === 'command') reply(() => prompt!.runDetached(message.line));
  else if (message.type === 'pdb') reply(() => prompt!.setPdb(message.on));
  else if (message.type === 'post-mortem') reply(() => prompt!.postMortem());
});

try {
  // Kept awake while a reply is owed: on Node 26 the worker's wake-up for a reply can be lost (see awake-socket.ts).
  const client = CdpClient.over(new AwakeSocket(new InProcessSocket()));
  const session = await DebugSession.attach(client);
  // Steps stay in the user's code: `o` out of an input's top level runs to its end instead of into the evaluator.
  await client.send('Debugger.setBlackboxPatterns', { patterns: internalPatterns });
  // Always at the throw of an error that escapes an input: `.pdb on` prompts there, and otherwise its
  // frames are kept for `.debug` (post-mortem.ts) and the input goes on at once.
  await session.setExceptionMode('uncaught');
  prompt = new PausedPrompt(session, client, { colors: data.colors });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', message: (error as Error).message });
}
