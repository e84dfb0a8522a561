/**
 * `fetch()` that returns when the response headers are in, with a response
 * whose body readers (`text()`, `json()`, ...) return values instead of promises.
 */
import { assertInFiber } from './in-fiber.js';
import { wait } from '../core/index.js';

/** A `Response` whose body readers block the fiber instead of returning promises. */
export class SyncResponse {
  /** The underlying WHATWG Response (for streaming the body, say). */
  readonly response: Response;

  constructor(response: Response) {
    this.response = response;
  }
  get status(): number {
    return this.response.status;
  }
  get statusText(): string {
    return this.response.statusText;
  }
  get ok(): boolean {
    return this.response.ok;
  }
  get headers(): Headers {
    return this.response.headers;
  }
  get url(): string {
    return this.response.url;
  }
  get redirected(): boolean {
    return this.response.redirected;
  }
  get bodyUsed(): boolean {
    return this.response.bodyUsed;
  }
  /** The body as text. */
  text(): string {
    assertInFiber('response.text()');
    return wait(this.response.text());
  }
  /** The body parsed as JSON. */
  json<T = unknown>(): T {
    assertInFiber('response.json()');
    return wait(this.response.json()) as T;
  }
  /** The body as bytes. */
  arrayBuffer(): ArrayBuffer {
    assertInFiber('response.arrayBuffer()');
    return wait(this.response.arrayBuffer());
  }
  /** The body as a Blob. */
  blob(): Blob {
    assertInFiber('response.blob()');
    return wait(this.response.blob());
  }
  /** The body as form data. */
  formData(): FormData {
    assertInFiber('response.formData()');
    return wait(this.response.formData());
  }
  /** A copy whose body can be read again. */
  clone(): SyncResponse {
    return new SyncResponse(this.response.clone());
  }
}

/** Node's global `fetch`, blocking the fiber until the response headers arrive. */
export function fetch(input: string | URL | Request, init?: RequestInit): SyncResponse {
  assertInFiber('fetch()');
  return new SyncResponse(wait(globalThis.fetch(input, init)));
}
