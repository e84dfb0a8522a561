/**
 * Jupyter messages (messaging protocol 5.3) as the kernel sees them, and the
 * way it builds the header of each message it sends.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';

/** The protocol version this kernel speaks. */
export const PROTOCOL_VERSION = '5.3';

/** A message header. */
export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  [extra: string]: unknown;
}

/** A message: ZeroMQ routing identities, the four JSON parts, and binary buffers. */
export interface Message<Content = Record<string, unknown>> {
  identities: Buffer[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Content;
  buffers: Buffer[];
}

/** Makes headers for the messages of one kernel session. */
export class MessageFactory {
  readonly #username = safeUsername();

  /** @param session the session id of the messages (the control worker's share the kernel's) */
  constructor(readonly session: string = randomUUID()) {}

  header(msgType: string): Header {
    return {
      msg_id: randomUUID(),
      session: this.session,
      username: this.#username,
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    };
  }

  /** A message caused by `parent` (a reply, or an iopub message about a request). */
  make<C extends object>(msgType: string, content: C, parent?: Message<unknown>, metadata: Record<string, unknown> = {}): Message<C> {
    return {
      identities: parent ? parent.identities : [],
      header: this.header(msgType),
      parent_header: parent ? parent.header : {},
      metadata,
      content,
      buffers: [],
    };
  }
}

function safeUsername(): string {
  try {
    return userInfo().username;
  } catch {
    return 'balrog';
  }
}
