/**
 * `node inspect`'s call syntax for commands, beside the pdb-style words:
 * `sb('app.js', 6)`, `sb(16)`, `sb('fn')`, `list(5)`, `watch('x')`,
 * `unwatch('x')`, `exec('expr')`, `scripts(true)`, `takeHeapSnapshot()`,
 * `profiles[0].save()`. Arguments must be literals (strings, numbers,
 * booleans); anything else is not a command call and is evaluated as code.
 */

/** Command names node inspect calls as functions. */
const CALLABLE = new Set([
  'sb',
  'setBreakpoint',
  'cb',
  'clearBreakpoint',
  'list',
  'watch',
  'unwatch',
  'exec',
  'scripts',
  'takeHeapSnapshot',
  'profile',
  'profileEnd',
  'help',
  'version',
  'kill',
  'restart',
  'run',
  'cont',
  'next',
  'step',
  'out',
  'pause',
  'backtrace',
  'bt',
  'breakpoints',
  'up',
  'down',
  'frame',
  'watchers',
  'breakOnException',
  'breakOnUncaught',
  'breakOnNone',
]);

/** Aliases only node inspect has, as balrog's command words. */
const RENAMED: Record<string, string> = { setBreakpoint: 'sb', clearBreakpoint: 'cb' };

const LITERAL = /^\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|(true|false))\s*(?:,|$)/;

/** The command line `line` stands for, or undefined when it is not a command call. */
export function fromCallSyntax(line: string): string | undefined {
  const save = /^profiles\[(\d+)\]\.save\((.*)\)$/.exec(line.trim());
  if (save) {
    const args = literalArgs(save[2]!);
    return args === undefined ? undefined : ['profiles', 'save', save[1]!, ...args].join(' ');
  }
  const call = /^([A-Za-z]+)\((.*)\)$/s.exec(line.trim());
  if (!call || !CALLABLE.has(call[1]!)) return undefined;
  const args = literalArgs(call[2]!);
  if (args === undefined) return undefined;
  const name = RENAMED[call[1]!] ?? call[1]!;
  // sb('file', line) is `sb file:line`.
  if (name === 'sb' && args.length >= 2 && /^\d+$/.test(args[1]!)) return `sb ${args[0]}:${args[1]}${args[2] ? ` if ${args[2]}` : ''}`;
  if (name === 'cb' && args.length === 2 && /^\d+$/.test(args[1]!)) return `cb ${args[0]}:${args[1]}`;
  if (name === 'scripts') return args[0] === 'true' ? 'scripts all' : 'scripts';
  return [name, ...args].join(' ');
}

/** The values of a comma-separated list of literals, as text; undefined if one is not a literal. */
function literalArgs(text: string): string[] | undefined {
  const args: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    const match = LITERAL.exec(rest);
    if (!match) return undefined;
    const quoted = match[1] ?? match[2];
    args.push(quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (match[3] ?? match[4])!);
    rest = rest.slice(match[0].length).trim();
  }
  return args;
}
