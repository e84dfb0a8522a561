/**
 * MurmurHash2 (32-bit, x86) of a string's UTF-8 bytes: the hash JupyterLab's
 * debugger and ipykernel both compute to name a cell's file (`debugInfo` says
 * `hashMethod: "Murmur2"`), so the kernel and the frontend find the same path
 * for the same cell text without asking each other.
 */

const M = 0x5bd1e995;

/** The unsigned 32-bit MurmurHash2 of `text` (UTF-8) with `seed`. */
export function murmur2(text: string, seed: number): number {
  const data = Buffer.from(text, 'utf8');
  const length = data.length;
  let h = (seed ^ length) >>> 0;
  const roundedEnd = length & ~3;
  for (let i = 0; i < roundedEnd; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k |= data[roundedEnd + 2]! << 16;
    if (tail >= 2) k |= data[roundedEnd + 1]! << 8;
    k |= data[roundedEnd]!;
    h = Math.imul(h ^ k, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h >>> 0;
}
