/**
 * Customers' WebSocket connections: `ws://host/ws?customer=<name>`. A
 * WebSocket server is asynchronous by nature; `sendText` hides that behind a
 * call that returns once the message is flushed. Incoming messages are
 * handled in fibers with fiberize(), so they can query the database too.
 * (`ws` itself is a callback API: this file is where async I/O gets hidden.)
 */
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { wait } from '../../src/core/index.js';
import { fiberize } from '../../src/runtime/index.js';
import type { SyncPool } from '../../src/sync/index.js';
import { findOrder } from './db.js';

const sockets = new Map<string, WebSocket>();

/** Sends `text` and returns when it is written (throws if the socket failed). */
export function sendText(socket: WebSocket, text: string): void {
  wait(new Promise<void>((resolve, reject) => socket.send(text, (error) => (error ? reject(error) : resolve()))));
}

/** The open connection of `customer`, if any. */
export function customerSocket(customer: string): WebSocket | undefined {
  return sockets.get(customer);
}

/** Accepts customers' connections on `/ws` of `server`; `status <id>` messages get the order back. */
export function acceptCustomers(server: Server, db: SyncPool): WebSocketServer {
  const wss = new WebSocketServer({ server, path: '/ws' });
  // 'connection' comes from an HTTP 'upgrade', which is not a request: fiberize it.
  wss.on(
    'connection',
    fiberize((socket: WebSocket, request: IncomingMessage) => {
      const customer = new URL(request.url ?? '/', 'http://x').searchParams.get('customer');
      if (!customer) {
        socket.close(1008, 'connect to /ws?customer=<name>');
        return;
      }
      sockets.set(customer, socket);
      socket.on('close', () => {
        if (sockets.get(customer) === socket) sockets.delete(customer);
      });
      socket.on(
        'message',
        fiberize((data: Buffer) => {
          const match = /^status (\d+)$/.exec(data.toString());
          if (!match) return sendText(socket, 'send "status <order id>"');
          const order = findOrder(db, Number(match[1]));
          sendText(socket, JSON.stringify(order && order.customer === customer ? order : { error: 'no such order' }));
        }),
      );
      sendText(socket, `Hello ${customer}`);
    }),
  );
  return wss;
}
