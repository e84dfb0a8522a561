/**
 * The kernel's logo: a flame-coloured disc with a dark "b" cut into it,
 * drawn at any size with anti-aliased edges (the kernelspec wants 32x32 and 64x64).
 */
import { encodePng } from './png.js';

/** The logo as a `size` x `size` PNG. */
export function drawLogo(size: number): Buffer {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4; // per axis, for anti-aliasing
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples) / size;
          const v = (y + (sy + 0.5) / samples) / size;
          const colour = shade(u, v);
          if (colour) {
            r += colour[0];
            g += colour[1];
            b += colour[2];
            a += 255;
          }
        }
      }
      const n = samples * samples;
      const covered = a / 255;
      const at = (y * size + x) * 4;
      if (covered > 0) {
        pixels[at] = Math.round(r / covered);
        pixels[at + 1] = Math.round(g / covered);
        pixels[at + 2] = Math.round(b / covered);
      }
      pixels[at + 3] = Math.round(a / n);
    }
  }
  return encodePng(size, size, pixels);
}

type Rgb = [number, number, number];

/** The colour at (u, v) in the unit square, or undefined where transparent. */
function shade(u: number, v: number): Rgb | undefined {
  const dx = u - 0.5;
  const dy = v - 0.5;
  if (dx * dx + dy * dy > 0.48 * 0.48) return undefined;
  if (isLetterB(u, v)) return [40, 16, 10];
  // Yellow at the bottom to deep red at the top, like a flame.
  const t = Math.min(1, Math.max(0, v));
  return [Math.round(200 + 55 * t), Math.round(40 + 150 * t), Math.round(10 + 20 * t)];
}

/** A lowercase "b": a stem and a bowl (a ring) at its foot. */
function isLetterB(u: number, v: number): boolean {
  const stem = u >= 0.33 && u <= 0.43 && v >= 0.2 && v <= 0.78;
  const cx = 0.52,
    cy = 0.6;
  const d = Math.hypot(u - cx, v - cy);
  const bowl = d <= 0.18 && d >= 0.08 && u >= 0.38;
  return stem || bowl;
}
