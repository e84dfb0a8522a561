/**
 * Cursor positions: since protocol 5.2 they count Unicode code points, while
 * JavaScript strings index UTF-16 code units.
 */

/** The string index of code point `cursor` in `text` (clamped to the end). */
export function codePointToIndex(text: string, cursor: number): number {
  let index = 0;
  for (let n = 0; n < cursor && index < text.length; n++) {
    index += text.codePointAt(index)! > 0xffff ? 2 : 1;
  }
  return index;
}

/** The code point count of `text.slice(0, index)`. */
export function indexToCodePoint(text: string, index: number): number {
  return [...text.slice(0, index)].length;
}
