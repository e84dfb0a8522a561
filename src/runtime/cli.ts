/**
 * `balrog run [--inspect[=[host:]port]] <entry> [args...]`: runs a program
 * with the balrog runtime, like `node --require balrog/register <entry>`.
 */
import inspector from 'node:inspector';
import { launch } from './launch.js';
import { inspectorOptions, nodeOptionTokens } from './node-options.js';
import { parseRunArgs, runUsage } from './run-args.js';

/**
 * An inspector asked for in NODE_OPTIONS opened in this launcher too, before
 * any of its code ran. It is meant for the program, which inherits
 * NODE_OPTIONS: close the launcher's at once, so that it neither stays open
 * (on a host balrog may refuse) nor holds the port the program needs.
 */
function closeLauncherInspector(): void {
  if (inspector.url() !== undefined && inspectorOptions(nodeOptionTokens()).length > 0) inspector.close();
}

/** Entry point of `balrog run`; `argv` is what follows `run`. */
export async function main(argv: string[]): Promise<number> {
  closeLauncherInspector();
  const options = parseRunArgs(argv);
  if (options === null) {
    process.stdout.write(runUsage);
    return 0;
  }
  return launch(options);
}
