/**
 * Message (de)serialization on the ZeroMQ wire:
 * `[identities..., '<IDS|MSG>', signature, header, parent_header, metadata, content, buffers...]`.
 */
import { BalrogError } from '../core/errors.js';
import type { DigestHistory } from './digest-history.js';
import type { Header, Message } from './message.js';
import type { MessageSigner } from './signer.js';

const DELIMITER = Buffer.from('<IDS|MSG>', 'utf8');

/** A message that cannot be accepted: malformed frames, a bad signature, or a replay. */
export class WireError extends BalrogError {
  constructor(
    message: string,
    readonly reason: 'malformed' | 'signature' | 'replay',
  ) {
    super(message, { code: codes[reason] });
  }
}

const codes = {
  malformed: 'ERR_BALROG_KERNEL_MESSAGE',
  signature: 'ERR_BALROG_KERNEL_SIGNATURE',
  replay: 'ERR_BALROG_KERNEL_REPLAY',
} as const;

/**
 * Parses a multipart message and checks its signature, and with a `history`,
 * that the signature was not seen before; throws WireError when the message
 * must be dropped.
 */
export function decodeMessage(frames: readonly Buffer[], signer: MessageSigner, history?: DigestHistory): Message {
  const at = frames.findIndex((frame) => frame.equals(DELIMITER));
  if (at < 0) throw new WireError('message without the <IDS|MSG> delimiter', 'malformed');
  if (frames.length < at + 6)
    throw new WireError(`message has ${frames.length - at - 1} frames after the delimiter; expected at least 5`, 'malformed');
  const signature = frames[at + 1]!.toString('utf8');
  const parts = frames.slice(at + 2, at + 6);
  if (!signer.verify(signature, parts)) throw new WireError('message signature does not match the connection key', 'signature');
  // Checked once the signature is known to be genuine, and only when messages are signed at all.
  if (history && signer.enabled && !history.remember(signature)) {
    throw new WireError(`Duplicate Signature ${signature}: the same message was received before (a replay); refused`, 'replay');
  }
  const [header, parent, metadata, content] = parts.map((part, i) => parseJsonObject(part, partNames[i]!));
  if (typeof header!.msg_type !== 'string' || typeof header!.msg_id !== 'string') {
    throw new WireError('message header lacks msg_type or msg_id', 'malformed');
  }
  return {
    identities: frames.slice(0, at).map((frame) => Buffer.from(frame)),
    header: header as Header,
    parent_header: parent as Header,
    metadata: metadata!,
    content: content!,
    buffers: frames.slice(at + 6).map((frame) => Buffer.from(frame)),
  };
}

/** Serializes and signs a message into frames ready for a ZeroMQ socket. */
export function encodeMessage(message: Message<unknown>, signer: MessageSigner): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((part) =>
    Buffer.from(JSON.stringify(part ?? {}, jsonReplacer), 'utf8'),
  );
  return [...message.identities, DELIMITER, Buffer.from(signer.sign(parts), 'utf8'), ...parts, ...message.buffers];
}

const partNames = ['header', 'parent_header', 'metadata', 'content'];

function parseJsonObject(frame: Buffer, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString('utf8'));
  } catch (error) {
    throw new WireError(`message ${name} is not valid JSON: ${(error as Error).message}`, 'malformed');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WireError(`message ${name} must be a JSON object`, 'malformed');
  }
  return value as Record<string, unknown>;
}

// User values reach the wire inside display data; a BigInt must not make the reply vanish.
function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
