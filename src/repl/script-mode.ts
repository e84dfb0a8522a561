/**
 * The REPL without a terminal: `balrog -e '<code>'` and `balrog repl < file`.
 * No banner, no prompt; each result that is not undefined is printed with
 * util.inspect, each error as `Uncaught ...`.
 */
import process from 'node:process';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { inspect } from 'node:util';
import type { Evaluator } from './evaluator.js';

/** Evaluates one input and prints its result (stdout) or error (stderr); 1 on an error. */
export async function evalOnce(evaluator: Evaluator, source: string): Promise<number> {
  try {
    const value = await evaluator.evaluate(source);
    if (value !== undefined) process.stdout.write(`${inspect(value)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${evaluator.formatError(error)}\n`);
    return 1;
  }
}

/**
 * Reads inputs from `input` line by line (an input spans lines until it is
 * complete), evaluates each in turn and prints to `output`. Exits the process
 * with 0 at end of input, as Node's REPL does, even if handles are left open.
 */
export async function runScript(evaluator: Evaluator, input: Readable, output: Writable): Promise<number> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity, terminal: false });
  let buffer = '';
  for await (const line of lines) {
    if (buffer === '' && isCommand(line.trim())) {
      if (!command(evaluator, line.trim(), output)) break;
      continue;
    }
    buffer += `${line}\n`;
    if (evaluator.isComplete(buffer) === 'incomplete') continue;
    const source = buffer;
    buffer = '';
    if (source.trim() !== '') await run(evaluator, source, output);
  }
  if (buffer.trim() !== '') await run(evaluator, buffer, output);
  lines.close();
  process.exit(0);
}

async function run(evaluator: Evaluator, source: string, output: Writable): Promise<void> {
  try {
    const value = await evaluator.evaluate(source);
    if (value !== undefined) output.write(`${inspect(value)}\n`);
  } catch (error) {
    output.write(`${evaluator.formatError(error)}\n`);
  }
}

/** The dot-commands that make sense without a terminal; false means stop reading. */
function command(evaluator: Evaluator, line: string, output: Writable): boolean {
  const [name, ...rest] = line.slice(1).split(/\s+/);
  const arg = rest.join(' ');
  switch (name) {
    case 'exit':
      return false;
    case 'autoawait':
      if (arg === 'on' || arg === 'off') evaluator.autoAwait = arg === 'on';
      output.write(`autoawait is ${evaluator.autoAwait ? 'on' : 'off'}\n`);
      return true;
    case 'print':
      // Writes its argument as a line: labels in scripted output (and transcript separators in tests).
      output.write(`${arg}\n`);
      return true;
    case 'clear':
      evaluator.reset();
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
