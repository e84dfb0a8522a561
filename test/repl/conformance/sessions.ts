/**
 * The conformance suite's data: sessions (inputs of Node's own REPL tests,
 * one line per line typed) and Node 20's recorded output for each line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the suite's files are (in the source tree, not dist/). */
export const conformanceDir = fileURLToPath(new URL('../../../../test/repl/conformance/', import.meta.url));

/** One session: its name (the Node test file it comes from) and its lines. */
export interface Session {
  name: string;
  lines: string[];
  /** Whether it can be typed in a terminal (a tab there is completion, not a character). */
  terminal: boolean;
}

/** What a REPL printed after one line: the prompt it showed before the line, and the output. */
export interface LineOutput {
  prompt: string;
  output: string;
}

/** Every session under sessions/ (`#` lines are the header that cites the source). */
export function loadSessions(): Session[] {
  const dir = `${conformanceDir}sessions/`;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => {
      const lines = readFileSync(`${dir}${file}`, 'utf8')
        .replace(/\n$/, '')
        .split('\n')
        .filter((l) => !l.startsWith('# '));
      return { name: file.replace(/\.txt$/, ''), lines, terminal: !lines.some((l) => l.includes('\t')) };
    });
}

/** Renders a recording: each line typed after the prompt shown for it, then what was printed. */
export function renderRecording(lines: readonly string[], outputs: readonly LineOutput[]): string {
  return lines.map((line, i) => `${outputs[i]!.prompt}${line}\n${outputs[i]!.output}`).join('');
}

/** Reads a recording back, knowing the lines that were typed. */
export function parseRecording(text: string, lines: readonly string[]): LineOutput[] {
  const outputs: LineOutput[] = [];
  let at = 0;
  /** [length of the echo, the prompt in it] if `line` is echoed at `from`. */
  const echoAt = (from: number, line: string): [number, string] | undefined => {
    // A prompt shown twice (Node's `.load` shows one more) stays on the echo's line.
    let extra = '';
    while (text.startsWith(`${extra}> `, from) && extra.length < 8) {
      for (const prompt of ['> ', '... ']) {
        // A terminal's screen shows `> ` alone as `>` (trailing blanks trimmed).
        for (const echo of [`${extra}${prompt}${line}\n`, `${`${extra}${prompt}${line}`.trimEnd()}\n`]) {
          if (text.startsWith(echo, from)) return [echo.length, prompt];
        }
      }
      extra += '> ';
    }
    for (const prompt of ['> ', '... ']) {
      for (const echo of [`${prompt}${line}\n`, `${`${prompt}${line}`.trimEnd()}\n`]) {
        if (text.startsWith(echo, from)) return [echo.length, prompt];
      }
    }
    return undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const echo = echoAt(at, lines[i]!);
    if (!echo) throw new Error(`recording does not match the session at line ${i + 1}: ${JSON.stringify(lines[i])}`);
    const start = at + echo[0];
    let end = text.length;
    if (i + 1 < lines.length) {
      for (let probe = start; probe <= text.length; probe = text.indexOf('\n', probe) + 1) {
        if (echoAt(probe, lines[i + 1]!)) {
          end = probe;
          break;
        }
        if (text.indexOf('\n', probe) === -1) break;
      }
    }
    outputs.push({ prompt: echo[1], output: text.slice(start, end) });
    at = end;
  }
  return outputs;
}

/**
 * What may differ between machines, runs and the two REPLs' plumbing, and is
 * not behaviour: stack frames inside Node itself, and the paths of the checkout.
 */
export function normalize(output: string): string {
  const kept: string[] = [];
  for (const line of output.split('\n')) {
    const frame = /^\s+at (?:.*\(node:[^)]*\)|node:\S+)( \{)?$/.exec(line);
    if (!frame) kept.push(line);
    // The ` {` that opens the error's own properties stays, on the line before.
    else if (frame[1] && kept.length) kept[kept.length - 1] += frame[1];
  }
  return kept.join('\n');
}
