/**
 * Frames a worker thread hands to ZeroMQ. zeromq.js sends a Buffer of more
 * than 128 bytes without copying it: the message keeps a reference into the
 * sending thread's addon instance, which libzmq's I/O thread releases
 * whenever it is done with the message, possibly after that thread (and so
 * that instance) is gone. Released into a freed instance, it corrupts the
 * heap ("corrupted double-linked list" at shutdown: zeromq.js issue #411).
 * A string, on the other hand, is copied into memory libzmq frees by itself,
 * and so is a Buffer of up to 128 bytes. Every Jupyter frame the control
 * worker sends is one of these: JSON and hex signatures are UTF-8, routing
 * identities and heartbeat pings are short.
 */

/** zeromq.js copies Buffers up to this size instead of referencing them. */
export const ZERO_COPY_THRESHOLD = 128;

/** A frame zeromq.js will copy: the bytes themselves, or the same bytes as a UTF-8 string. */
export function copiedFrame(frame: Uint8Array): Buffer | string {
  const bytes = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  if (bytes.length <= ZERO_COPY_THRESHOLD) return Buffer.from(bytes);
  const text = bytes.toString('utf8');
  // Only when the string turns back into exactly these bytes (valid UTF-8).
  if (Buffer.byteLength(text, 'utf8') === bytes.length && Buffer.from(text, 'utf8').equals(bytes)) return text;
  // Long binary data: never in a control reply (no buffers) nor in jupyter_client's
  // identities or pings, so this unsafe case stays theoretical.
  return Buffer.from(bytes);
}
