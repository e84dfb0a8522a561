/**
 * The signatures of the messages already accepted, so that a captured
 * message sent again (a replay) is refused, as jupyter_client's Session does
 * with its `digest_history` ("Duplicate Signature"). Every signed message
 * has a fresh msg_id and date in its header, so a legitimate client never
 * repeats a signature.
 */

/** jupyter_client's default `digest_history_size`. */
export const DIGEST_HISTORY_SIZE = 2 ** 16;

/** A bounded set of signatures; past its size, the oldest tenth is forgotten. */
export class DigestHistory {
  readonly #seen = new Set<string>();

  constructor(readonly size = DIGEST_HISTORY_SIZE) {}

  get count(): number {
    return this.#seen.size;
  }

  /** Records `signature`; false when it was already there (a replay). */
  remember(signature: string): boolean {
    if (this.#seen.has(signature)) return false;
    this.#seen.add(signature);
    // jupyter_client culls a random 10%; the oldest are the least likely to come back.
    if (this.#seen.size > this.size) {
      let drop = Math.max(1, Math.floor(this.size / 10));
      for (const old of this.#seen) {
        if (drop-- === 0) break;
        this.#seen.delete(old);
      }
    }
    return true;
  }
}
