/**
 * Reading `NODE_OPTIONS` the way Node does: options separated by spaces, a
 * double-quoted part may hold spaces, `\` escapes the next character inside
 * quotes.
 */

/** The options in `text` (a NODE_OPTIONS value), unquoted. */
export function nodeOptionTokens(text = process.env.NODE_OPTIONS ?? ''): string[] {
  const tokens: string[] = [];
  let token = '';
  let started = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '\\' && i + 1 < text.length) {
      token += text[++i];
    } else if (c === '"') {
      quoted = !quoted;
      started = true;
    } else if (c === ' ' && !quoted) {
      if (started) tokens.push(token);
      token = '';
      started = false;
    } else {
      token += c;
      started = true;
    }
  }
  if (started) tokens.push(token);
  return tokens;
}

/**
 * Options that make Node open an inspector or say where it listens (SIGUSR1
 * opens one at the `--inspect-port` address), with their values: `''` when
 * the option has none (`--inspect`: the default address).
 */
export function inspectorOptions(tokens: string[]): Array<{ flag: string; value: string }> {
  const found: Array<{ flag: string; value: string }> = [];
  tokens.forEach((token, i) => {
    const m = /^(--inspect(?:-brk|-wait|-port)?|--debug-port)(?:=(.*))?$/.exec(token);
    if (!m) return;
    const flag = m[1]!;
    // --inspect-port and --debug-port require a value, which may be the next option.
    const takesNext = m[2] === undefined && (flag === '--inspect-port' || flag === '--debug-port');
    found.push({ flag, value: m[2] ?? (takesNext ? (tokens[i + 1] ?? '') : '') });
  });
  return found;
}
