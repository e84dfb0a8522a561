/**
 * The TUI's keys, as one table: the footer and the `?` help are generated
 * from it, so they cannot drift from each other.
 */

/** One key binding as the user reads it. */
export interface KeyHelp {
  keys: string;
  /** Short word for the footer; absent when the key is only in the help. */
  footer?: string;
  help: string;
}

export const keyTable: readonly KeyHelp[] = [
  { keys: 'c', footer: 'cont', help: 'continue until the next pause' },
  { keys: 'n', footer: 'next', help: 'step over' },
  { keys: 's', footer: 'into', help: 'step into' },
  { keys: 'o', footer: 'out', help: 'step out' },
  { keys: 'p', footer: 'pause', help: 'pause the running target (Ctrl+C too)' },
  // e shares b's row: the help must fit a 24-row terminal.
  { keys: 'b', footer: 'bp', help: 'toggle a breakpoint on the source cursor line (e: pause on exceptions none/uncaught/all)' },
  { keys: 'Tab', footer: 'pane', help: 'next pane (Shift+Tab: previous)' },
  { keys: '↑ ↓ PgUp PgDn', help: 'move the cursor; in Stack it selects the frame (source and variables follow)' },
  { keys: 'Enter → ←', help: 'Variables: open / close an object; Breakpoints: show its line' },
  { keys: '/', footer: 'find', help: 'search in the source (an empty search repeats the last one)' },
  { keys: '!', footer: 'eval', help: 'console: evaluate in the selected frame (TS, await); Esc leaves; ↑ ↓ history' },
  { keys: 'Ctrl+C', help: 'abandon the evaluation that waits, or pause the running target' },
  { keys: 'w', help: 'add a watch expression' },
  { keys: 'd', help: 'Watches / Breakpoints: remove the selected one' },
  { keys: '?', footer: 'help', help: 'show / hide this help' },
  { keys: 'q', footer: 'quit', help: 'leave: breakpoints removed, the target resumed' },
];

/** The footer line: `c cont  n next ...`, cut to `width`. */
export function footerText(width: number): string {
  const text = keyTable
    .filter((key) => key.footer)
    .map((key) => `${key.keys} ${key.footer}`)
    .join('  ');
  if (text.length <= width) return text;
  // Tight terminals: single spaces first, then cut.
  return keyTable
    .filter((key) => key.footer)
    .map((key) => `${key.keys}:${key.footer}`)
    .join(' ')
    .slice(0, width);
}

/** The help lines: keys aligned. */
export function helpLines(): string[] {
  const width = Math.max(...keyTable.map((key) => key.keys.length));
  return keyTable.map((key) => `${key.keys.padEnd(width)}  ${key.help}`);
}
