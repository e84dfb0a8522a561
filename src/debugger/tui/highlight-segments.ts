/**
 * Splits a line of JavaScript/TypeScript into colored segments for ink
 * (which takes colors as props, not escape codes): the same tokens as the
 * line debugger's `list` highlighting.
 */
import { token } from '../format/highlight.js';

/** A run of text and its color (undefined: the terminal's). */
export interface Segment {
  text: string;
  color: string | undefined;
}

/** The segments of one line, in order; their texts joined give the line back. */
export function highlightSegments(line: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of line.matchAll(token)) {
    const index = match.index;
    if (index > last) segments.push({ text: line.slice(last, index), color: undefined });
    const color = match[1] || match[2] ? 'gray' : match[3] ? 'green' : match[4] ? 'yellow' : 'magenta';
    segments.push({ text: match[0], color });
    last = index + match[0].length;
  }
  if (last < line.length) segments.push({ text: line.slice(last), color: undefined });
  return segments;
}
