/**
 * `balrog run [--inspect[=[host:]port]] <entry> [args...]`: runs a program
 * with the balrog runtime, like `node --require balrog/register <entry>`.
 */
import { launch } from './launch.js';
import { parseRunArgs, runUsage } from './run-args.js';

/** Entry point of `balrog run`; `argv` is what follows `run`. */
export async function main(argv: string[]): Promise<number> {
  const options = parseRunArgs(argv);
  if (options === null) {
    process.stdout.write(runUsage);
    return 0;
  }
  return launch(options);
}
