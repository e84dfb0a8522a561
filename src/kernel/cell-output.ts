/**
 * Routes process.stdout and process.stderr (and so console.*) to the cell
 * that produced the output. The cell is found through AsyncLocalStorage, so
 * a timer or promise started by a cell keeps writing to that cell after it
 * finished, as Jupyter frontends expect from `parent_header`.
 */
import { StringDecoder } from 'node:string_decoder';
import { currentCell } from './cell.js';

type Write = typeof process.stdout.write;

/** Starts routing; returns a function that restores the original streams. */
export function captureProcessOutput(): () => void {
  const restoreOut = patch(process.stdout, 'stdout');
  const restoreErr = patch(process.stderr, 'stderr');
  return () => {
    restoreOut();
    restoreErr();
  };
}

function patch(stream: NodeJS.WriteStream, name: 'stdout' | 'stderr'): () => void {
  const original = stream.write;
  const decoder = new StringDecoder('utf8');
  const write = function (this: unknown, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    const cell = currentCell();
    const done = typeof encoding === 'function' ? encoding : callback;
    if (!cell) return (original as (...args: unknown[]) => boolean).call(stream, chunk, encoding, callback);
    const text = typeof chunk === 'string' ? chunk : decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    cell.stream(name, text);
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  } as Write;
  stream.write = write;
  return () => {
    stream.write = original;
  };
}
