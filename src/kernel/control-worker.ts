/**
 * The heartbeat and control channels, in a worker thread. A cell that runs a
 * busy loop blocks the main thread, so these two live here: the heartbeat
 * keeps answering, and an interrupt_request turns into a SIGINT to this
 * process at once, which the fiber core turns into an interrupt of the loop.
 * Every control message is also passed to the main thread, which replies.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Reply, Router } from 'zeromq';
import { MessageSigner } from './signer.js';
import { decodeMessage, WireError } from './wire.js';

/** What the main thread passes in. */
export interface ControlWorkerData {
  controlAddress: string;
  heartbeatAddress: string;
  key: string;
}

/** Messages between the main thread and this worker. */
export type ToWorker = { send: Uint8Array[] } | { close: true };
export type FromWorker = { ready: true } | { error: string } | { frames: Uint8Array[] } | { log: string };

const data = workerData as ControlWorkerData;
const port = parentPort!;
const signer = new MessageSigner(data.key);
const heartbeat = new Reply({ linger: 0 });
const control = new Router({ linger: 0 });
let sending = Promise.resolve();

async function echoHeartbeats(): Promise<void> {
  for await (const frames of heartbeat) await heartbeat.send(frames);
}

async function receiveControl(): Promise<void> {
  for await (const frames of control) {
    try {
      const message = decodeMessage(frames, signer);
      if (message.header.msg_type === 'interrupt_request') process.kill(process.pid, 'SIGINT');
    } catch (error) {
      // The main thread decodes again and logs; a bad message never interrupts.
      if (!(error instanceof WireError)) throw error;
    }
    port.postMessage({ frames } satisfies FromWorker);
  }
}

port.on('message', (message: ToWorker) => {
  if ('send' in message) {
    const frames = message.send.map((frame) => Buffer.from(frame));
    sending = sending.then(() => control.send(frames)).catch((error: Error) => {
      port.postMessage({ log: `control send failed: ${error.message}` } satisfies FromWorker);
    });
  } else {
    void sending.finally(() => {
      heartbeat.close();
      control.close();
      port.close();
    });
  }
});

try {
  await heartbeat.bind(data.heartbeatAddress);
  await control.bind(data.controlAddress);
  port.postMessage({ ready: true } satisfies FromWorker);
  const quietly = (error: Error): void => {
    if (!heartbeat.closed && !control.closed) port.postMessage({ log: `control worker: ${error.message}` } satisfies FromWorker);
  };
  echoHeartbeats().catch(quietly);
  receiveControl().catch(quietly);
} catch (error) {
  port.postMessage({ error: (error as Error).message } satisfies FromWorker);
}
