/**
 * The heartbeat and control channels, in a worker thread. A cell that runs a
 * busy loop blocks the main thread, so these two live here: the heartbeat
 * keeps answering, and an interrupt_request turns into a SIGINT to this
 * process at once, which the fiber core turns into an interrupt of the loop.
 * Every control message is also passed to the main thread, which replies.
 *
 * Two rules keep the process from aborting when it ends (zeromq.js issue
 * #411, ZeroMQ in worker threads): the sockets are closed before the thread
 * is torn down (a socket still open then is finalized during teardown, and
 * its finalizer throws: "terminate called after throwing an instance of
 * 'Napi::Error'"), and nothing is sent zero-copy (see worker-frames.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Reply, Router } from 'zeromq';
import { MessageSigner } from './signer.js';
import { DigestHistory } from './digest-history.js';
import { decodeMessage, WireError } from './wire.js';
import { copiedFrame } from './worker-frames.js';

/** What the main thread passes in. */
export interface ControlWorkerData {
  controlAddress: string;
  heartbeatAddress: string;
  key: string;
}

/**
 * Messages between the main thread and this worker. `close` carries a flag in
 * shared memory that the worker sets (and notifies) once its sockets are
 * closed, so that the main thread can wait for it synchronously, even from a
 * process 'exit' handler.
 */
export type ToWorker = { send: Uint8Array[] } | { close: Int32Array };
export type FromWorker = { ready: true } | { error: string } | { frames: Uint8Array[] } | { log: string };

const data = workerData as ControlWorkerData;
const port = parentPort!;
const signer = new MessageSigner(data.key);
// Replies still queued when the socket closes get a moment to leave (ipykernel
// lingers too); nothing waits for this, since the process exit does not.
const heartbeat = new Reply({ linger: 0 });
const control = new Router({ linger: 1000 });
// Its own history: a replayed interrupt_request must not interrupt either.
const digests = new DigestHistory();
let sending = Promise.resolve();

async function echoHeartbeats(): Promise<void> {
  for await (const frames of heartbeat) await heartbeat.send(frames.map(copiedFrame));
}

async function receiveControl(): Promise<void> {
  for await (const frames of control) {
    try {
      const message = decodeMessage(frames, signer, digests);
      if (message.header.msg_type === 'interrupt_request') process.kill(process.pid, 'SIGINT');
    } catch (error) {
      // The main thread decodes again and logs; a bad message never interrupts.
      if (!(error instanceof WireError)) throw error;
    }
    port.postMessage({ frames } satisfies FromWorker);
  }
}

// Set once the main thread asks for the close: from then on nothing here calls into the addon.
let closing = false;
const quietly = (error: Error): void => {
  if (!closing) port.postMessage({ log: `control worker: ${error.message}` } satisfies FromWorker);
};
let loops: Array<Promise<void>> = [];

/**
 * Closes both sockets, lets the receive loops end (their pending receives
 * reject), and only then tells the main thread, which may tear this thread
 * down right away (process.exit). JavaScript that calls into zeromq.js while
 * its thread is being terminated aborts the process: node-addon-api rethrows
 * the "cannot call into JS" failure as a C++ exception nothing catches (a
 * receive loop's error handler reading `socket.closed` did, ~1 exit in 60).
 */
async function closeSockets(done: Int32Array): Promise<void> {
  heartbeat.close();
  control.close();
  await Promise.allSettled(loops);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
  port.close();
}

port.on('message', (message: ToWorker) => {
  if ('send' in message) {
    if (closing) return; // the kernel is exiting; whatever was sent before the close still goes out
    const frames = message.send.map(copiedFrame);
    sending = sending
      .then(() => control.send(frames))
      .catch((error: Error) => {
        if (!closing) port.postMessage({ log: `control send failed: ${error.message}` } satisfies FromWorker);
      });
  } else {
    closing = true;
    void sending.finally(() => closeSockets(message.close));
  }
});

try {
  await heartbeat.bind(data.heartbeatAddress);
  await control.bind(data.controlAddress);
  port.postMessage({ ready: true } satisfies FromWorker);
  loops = [echoHeartbeats().catch(quietly), receiveControl().catch(quietly)];
} catch (error) {
  port.postMessage({ error: (error as Error).message } satisfies FromWorker);
}
