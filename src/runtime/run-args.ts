/**
 * Command-line parsing for `balrog run`. Options end at the entry: every
 * argument after it belongs to the program, as with `node <entry> [args...]`.
 */
import { BalrogError } from '../core/errors.js';
import { formatInspectAddress, type InspectAddress, isLoopbackHost, parseInspectAddress } from './inspect-address.js';
import { inspectorOptions, nodeOptionTokens } from './node-options.js';

/** What `balrog run` was asked to do. */
export interface RunOptions {
  /** Set when `--inspect` or `--inspect-brk` was given. */
  inspect?: InspectAddress & { brk: boolean };
  /** The entry exactly as given (resolved later, against the working directory). */
  entry: string;
  /** The program's own arguments. */
  args: string[];
  /** Warnings to print before starting (a remote inspector). */
  warnings: string[];
}

export const runUsage = `Usage: balrog run [options] <entry> [args...]

Runs <entry> (.js, .mjs, .cjs or .ts) with its top-level code, every HTTP
request handler and every fiberize()d callback in fibers. The entry is always
a file: one whose name starts with '-' goes after '--' (balrog run -- -x.js).

Options:
  --inspect[=[host:]port]       start the inspector (default 127.0.0.1:9229)
  --inspect-brk[=[host:]port]   same, and pause before the entry's first line
  --allow-remote-inspect        allow an inspector host that is not loopback
                                (here or in NODE_OPTIONS)
  -h, --help                    this help
`;

function usageError(message: string): BalrogError {
  return new BalrogError(`${message}\n\n${runUsage}`, { code: 'ERR_BALROG_USAGE', exitCode: 9 });
}

/**
 * Parses the arguments after `balrog run` (and checks the inspector that
 * `env.NODE_OPTIONS` would open); `null` means help was asked for.
 */
export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): RunOptions | null {
  let inspect: RunOptions['inspect'];
  let allowRemote = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg === '-h' || arg === '--help') return null;
    if (arg === '--allow-remote-inspect') {
      allowRemote = true;
      continue;
    }
    const m = /^(--inspect(?:-brk)?)(?:=(.*))?$/.exec(arg);
    if (m) {
      const flag = m[1]!;
      inspect = { ...parseInspectAddress(m[2], flag), brk: flag === '--inspect-brk' };
      continue;
    }
    throw usageError(
      `unknown option '${arg}' for \`balrog run\` (node options go in NODE_OPTIONS; ` +
        `an entry whose name starts with '-' goes after '--': balrog run -- ${arg})`,
    );
  }
  const entry = argv[i];
  if (entry === undefined) throw usageError('`balrog run` needs an entry file, e.g. `balrog run server.js`');
  const warnings: string[] = [];
  const check = (address: InspectAddress, source: string) => {
    const warning = remoteInspectWarning(address, source, allowRemote);
    if (warning) warnings.push(warning);
  };
  if (inspect) check(inspect, `${inspect.brk ? '--inspect-brk' : '--inspect'}=${formatInspectAddress(inspect)}`);
  const fromEnv = inspectorOptions(nodeOptionTokens(env.NODE_OPTIONS ?? ''));
  for (const { flag, value } of fromEnv) check(parseInspectAddress(value, flag), `NODE_OPTIONS=${flag}${value ? `=${value}` : ''}`);
  return { ...(inspect ? { inspect } : {}), entry, args: argv.slice(i + 1), warnings };
}

/**
 * An inspector beyond loopback lets anyone who reaches it run code in the
 * process: refused unless --allow-remote-inspect, and then a warning.
 */
function remoteInspectWarning(address: InspectAddress, source: string, allowRemote: boolean): string | undefined {
  if (isLoopbackHost(address.host)) return undefined;
  if (!allowRemote) {
    throw new BalrogError(
      `refusing to open the inspector on '${address.host}' (${source}), which is not loopback: anyone who can ` +
        'reach it can run code in this process. Use 127.0.0.1, or add --allow-remote-inspect if you really mean it',
      { code: 'ERR_BALROG_REMOTE_INSPECT', exitCode: 9 },
    );
  }
  return (
    `balrog: warning: the inspector listens on ${formatInspectAddress(address)} (${source}), beyond this machine. ` +
    'Anyone who can connect to it can run any code in this process.'
  );
}
