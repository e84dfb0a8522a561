/**
 * The console's one-line input: insert, delete, move, with a history that
 * ↑ and ↓ walk. Pure functions over a small state, so the keys are easy to test.
 */
import type { Key } from 'ink';

/** The text being typed and where the cursor is. */
export interface LineState {
  text: string;
  cursor: number;
}

export const emptyLine: LineState = { text: '', cursor: 0 };

/** Applies a key press; returns the new state (the same object when the key is not an editing key). */
export function editLine(state: LineState, input: string, key: Key): LineState {
  const { text, cursor } = state;
  if (key.leftArrow) return { text, cursor: Math.max(0, cursor - 1) };
  if (key.rightArrow) return { text, cursor: Math.min(text.length, cursor + 1) };
  if (key.home || (key.ctrl && input === 'a')) return { text, cursor: 0 };
  if (key.end || (key.ctrl && input === 'e')) return { text, cursor: text.length };
  if (key.ctrl && input === 'u') return { text: text.slice(cursor), cursor: 0 };
  if (key.backspace || (key.delete && !isForwardDelete(input))) {
    if (cursor === 0) return state;
    return { text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
  }
  if (key.ctrl || key.meta || key.escape || key.tab || key.return || key.upArrow || key.downArrow) return state;
  if (!input) return state;
  // Pasted text may hold newlines: the console takes one line at a time.
  const typed = input.replace(/[\r\n]+/g, ' ');
  return { text: text.slice(0, cursor) + typed + text.slice(cursor), cursor: cursor + typed.length };
}

// Terminals send DEL (0x7f) for Backspace, which ink reports as `delete`.
function isForwardDelete(input: string): boolean {
  return input === '\x1b[3~';
}

/** Walks a history list with ↑ (`-1`) and ↓ (`+1`); `index === history.length` is the line being typed. */
export function walkHistory(history: readonly string[], index: number, direction: -1 | 1): { index: number; line: LineState } | undefined {
  const next = index + direction;
  if (next < 0 || next > history.length) return undefined;
  const text = next === history.length ? '' : history[next]!;
  return { index: next, line: { text, cursor: text.length } };
}
