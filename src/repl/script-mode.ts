/**
 * The REPL without a terminal: `balrog -e '<code>'` and `balrog repl < file`.
 * No banner, no prompt; each result is printed with util.inspect (for `-e`,
 * each that is not undefined, as `node -p` would not), each error as `Uncaught ...`.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { inspect } from 'node:util';
import type { ReplEvaluator } from './evaluator.js';
import { abandonWhenUnsettled, UnsettledResultError } from './unsettled.js';
import { createResultWriter, type ResultWriter } from './result-writer.js';

/**
 * Evaluates one input and prints its result (stdout) or error (stderr). Returns
 * the exit code: the error's (1, 13 for a result that can never settle, as
 * Node's unsettled top-level await) or, on success, none, so that the
 * program's own `process.exitCode` stands.
 */
export async function evalOnce(evaluator: ReplEvaluator, source: string): Promise<number | undefined> {
  const stop = abandonWhenUnsettled(
    () => evaluator.busy,
    (error) => evaluator.interrupt(error),
  );
  try {
    const value = await evaluator.evaluate(source);
    if (value !== undefined) process.stdout.write(`${inspect(value)}\n`);
    return undefined;
  } catch (error) {
    process.stderr.write(`${evaluator.formatError(error)}\n`);
    return error instanceof UnsettledResultError ? error.exitCode : 1;
  } finally {
    stop();
  }
}

/**
 * Reads inputs from `input` line by line (an input spans lines until it is
 * complete), evaluates each in turn and prints to `output`. Exits the process
 * with 0 at end of input, as Node's REPL does, even if handles are left open.
 * As in Node's REPL, an exception thrown by a timer or a callback, and an
 * unhandled rejection, print `Uncaught ...` and the session goes on; so does
 * an input whose result can never settle.
 */
export async function runScript(evaluator: ReplEvaluator, input: Readable, output: Writable): Promise<number> {
  const report = (error: unknown): void => {
    output.write(`${evaluator.formatError(error)}\n`);
  };
  evaluator.onNotice = (message) => output.write(`${message}\n`);
  const writer = createResultWriter(false);
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  abandonWhenUnsettled(
    () => evaluator.busy,
    (error) => evaluator.interrupt(error),
  );
  const lines = readline.createInterface({ input, crlfDelay: Infinity, terminal: false });
  let buffer = '';
  // The lines of code typed so far, for `.save`.
  const typed: string[] = [];
  for await (const line of lines) {
    const trimmed = line.trim();
    // As Node's REPL: a known command works even inside an unfinished input;
    // an unknown `.word` there is code (`("a"` then `.charAt(0))`).
    if (isCommand(trimmed) && (buffer === '' || knownCommands.has(trimmed.slice(1).split(/\s/)[0]!))) {
      if (/^\.(?:break|clear)$/.test(trimmed)) buffer = '';
      const loaded = fileCommand(trimmed, typed, output);
      if (loaded !== undefined) {
        await run(evaluator, loaded, output, writer);
        continue;
      }
      if (!command(evaluator, trimmed, output)) break;
      continue;
    }
    typed.push(line);
    buffer += `${line}\n`;
    if (isIncomplete(evaluator, buffer)) continue;
    const source = buffer;
    buffer = '';
    await run(evaluator, source, output, writer);
  }
  if (buffer.trim() !== '') await run(evaluator, buffer, output, writer);
  lines.close();
  // Let errors already on their way (a rejection noticed at the next tick) print before leaving.
  await new Promise((resolve) => setImmediate(resolve));
  process.exit(0);
}

/** Whether more lines are needed; an internal failure to tell says no, so the input runs and reports. */
function isIncomplete(evaluator: ReplEvaluator, buffer: string): boolean {
  try {
    return evaluator.isComplete(buffer) === 'incomplete';
  } catch {
    return false;
  }
}

async function run(evaluator: ReplEvaluator, source: string, output: Writable, writer: ResultWriter): Promise<void> {
  // A blank input prints nothing; it still takes its number (`REPL<n>` in frames), as in Node's REPL.
  if (source.trim() === '') return void (await evaluator.evaluate(source));
  try {
    const value = await evaluator.evaluate(source);
    // Every result, `undefined` too: the same rule as the terminal and Node's REPL.
    output.write(`${writer(value)}\n`);
  } catch (error) {
    if (/^\s*npm /.test(source)) {
      // As Node's REPL, for what was meant for the shell.
      output.write('npm should be run outside of the Node.js REPL, in your normal shell.\n(Press Ctrl+D to exit.)\n');
      return;
    }
    output.write(`${evaluator.formatError(error)}\n`);
  }
}

const knownCommands = new Set(['exit', 'autoawait', 'print', 'clear', 'break', 'help', 'save', 'load']);

/**
 * `.save <file>` (writes the lines typed so far) and `.load <file>` (returns the
 * file's content, to run as one input), with Node's messages. Undefined when
 * there is nothing to run (or `line` is another command).
 */
function fileCommand(line: string, typed: readonly string[], output: Writable): string | undefined {
  const match = /^\.(save|load)(?:\s+(.*))?$/.exec(line);
  if (!match) return undefined;
  const file = match[2]?.trim() ?? '';
  if (file === '') {
    output.write('The "file" argument must be specified\n');
    return '';
  }
  if (match[1] === 'save') {
    try {
      writeFileSync(file, typed.join('\n'));
      output.write(`Session saved to: ${file}\n`);
    } catch {
      output.write(`Failed to save: ${file}\n`);
    }
    return '';
  }
  try {
    if (!statSync(file).isFile()) {
      output.write(`Failed to load: ${file} is not a valid file\n`);
      return '';
    }
    return readFileSync(file, 'utf8');
  } catch {
    output.write(`Failed to load: ${file}\n`);
    return '';
  }
}

/** `.help` without a terminal: balrog's commands here, laid out as Node's REPL lays out its own. */
const help = `${[
  ['autoawait', 'Turn implicit awaiting of promise results on or off: .autoawait on|off'],
  ['break', 'Sometimes you get stuck, this gets you out'],
  ['clear', 'Alias for .break'],
  ['exit', 'Exit the REPL'],
  ['help', 'Print this help message'],
  ['load', 'Load JS from a file into the REPL session'],
  ['print', 'Write the rest of the line as a line of output (labels in scripted output)'],
  ['save', 'Save all evaluated commands in this REPL session to a file'],
]
  .map(([name, text]) => `.${name!.padEnd(10)}${text}`)
  .join('\n')}\n\nPress Ctrl+C to abort current expression, Ctrl+D to exit the REPL\n`;

/** The dot-commands that make sense without a terminal; false means stop reading. */
function command(evaluator: ReplEvaluator, line: string, output: Writable): boolean {
  const [name, ...rest] = line.slice(1).split(/\s+/);
  const arg = rest.join(' ');
  switch (name) {
    case 'exit':
      return false;
    case 'autoawait':
      if (arg === 'on' || arg === 'off') evaluator.autoAwait = arg === 'on';
      output.write(`autoawait is ${evaluator.autoAwait ? 'on' : 'off'}\n`);
      return true;
    case 'help':
      output.write(help);
      return true;
    case 'print':
      // Writes its argument as a line: labels in scripted output (and transcript separators in tests).
      output.write(`${arg}\n`);
      return true;
    case 'clear':
    case 'break':
      // As in Node's REPL on the global context (and balrog's terminal): `.clear`
      // is `.break`, which drops the lines buffered so far (done by the caller).
      return true;
    default:
      output.write('Invalid REPL keyword\n');
      return true;
  }
}

/** Node's rule: `.name` is a command, `.5` and `..` are code. */
export function isCommand(line: string): boolean {
  return line.startsWith('.') && line[1] !== '.' && Number.isNaN(Number.parseFloat(line));
}
