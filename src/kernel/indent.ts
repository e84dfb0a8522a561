/**
 * The indent an is_complete_reply suggests for the next line of incomplete
 * code: the last line's indent, one level deeper after an opening bracket.
 */
const UNIT = '  ';

/** The whitespace to start the next line with. */
export function nextLineIndent(code: string): string {
  const lines = code.split('\n');
  let last = lines.pop() ?? '';
  while (last.trim() === '' && lines.length > 0) last = lines.pop()!;
  const indent = /^[ \t]*/.exec(last)![0];
  const opens = /[{([]\s*$/.test(last) || /=>\s*$/.test(last);
  return opens ? indent + UNIT : indent;
}
