/**
 * HMAC-SHA256 signatures of Jupyter messages. The signature covers the four
 * JSON frames (header, parent header, metadata, content) in order.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signs and checks message frames with the connection file's key. */
export class MessageSigner {
  readonly #key: Buffer;

  /** An empty key turns signing off, as the protocol allows. */
  constructor(key: string) {
    this.#key = Buffer.from(key, 'utf8');
  }

  get enabled(): boolean {
    return this.#key.length > 0;
  }

  /** The hex signature of the frames ('' when signing is off). */
  sign(frames: readonly Buffer[]): string {
    if (!this.enabled) return '';
    const hmac = createHmac('sha256', this.#key);
    for (const frame of frames) hmac.update(frame);
    return hmac.digest('hex');
  }

  /** Whether `signature` is the right one, compared in constant time. */
  verify(signature: string, frames: readonly Buffer[]): boolean {
    if (!this.enabled) return true;
    const expected = Buffer.from(this.sign(frames), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
