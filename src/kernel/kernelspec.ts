/**
 * `balrog kernel install`: writes a kernelspec directory (kernel.json and
 * logos) where Jupyter looks for kernels.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BalrogError } from '../core/errors.js';
import { languageInfo } from './kernel-info.js';
import { drawLogo } from './logo.js';

/** Where and under which name to install. */
export interface InstallOptions {
  /** Install into `<prefix>/share/jupyter/kernels/<name>` (as `jupyter kernelspec install --prefix`). */
  prefix?: string;
  /** The kernel name Jupyter knows it by (default "balrog"). */
  name?: string;
  /** The data directory for a per-user install (default: Jupyter's own rule). */
  userDataDir?: string;
}

const NAME = /^[a-z0-9._-]+$/i;

/** The kernel.json content for a kernel started with this Node and this balrog. */
export function kernelJson(): Record<string, unknown> {
  const bin = fileURLToPath(new URL('../../../bin/balrog.js', import.meta.url));
  return {
    argv: [process.execPath, bin, 'kernel', '--connection-file', '{connection_file}'],
    display_name: 'balrog (TypeScript, JavaScript)',
    language: languageInfo.name,
    interrupt_mode: 'signal',
    metadata: {
      balrog: { languages: ['typescript', 'javascript'], file_extensions: ['.ts', '.js'] },
      debugger: true,
    },
  };
}

/** Jupyter's per-user data directory (jupyter_core's jupyter_data_dir()). */
export function userDataDir(env = process.env): string {
  if (env.JUPYTER_DATA_DIR) return resolve(env.JUPYTER_DATA_DIR);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Jupyter');
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'jupyter');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'jupyter');
}

/** Writes the kernelspec and returns its directory. */
export function installKernelspec(options: InstallOptions = {}): string {
  const name = options.name ?? 'balrog';
  if (!NAME.test(name)) {
    throw new BalrogError(`invalid kernel name ${JSON.stringify(name)}: use letters, digits, ".", "_" and "-" only`, {
      code: 'ERR_BALROG_KERNEL_NAME',
      exitCode: 2,
    });
  }
  const root = options.prefix !== undefined ? join(resolve(options.prefix), 'share', 'jupyter') : (options.userDataDir ?? userDataDir());
  const dir = join(root, 'kernels', name.toLowerCase());
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'kernel.json'), `${JSON.stringify(kernelJson(), null, 2)}\n`);
    writeFileSync(join(dir, 'logo-32x32.png'), drawLogo(32));
    writeFileSync(join(dir, 'logo-64x64.png'), drawLogo(64));
  } catch (error) {
    throw new BalrogError(
      `cannot write the kernelspec to ${dir}: ${(error as Error).message}; choose another place with --prefix <dir> or --user`,
      {
        code: 'ERR_BALROG_KERNEL_INSTALL',
        cause: error,
      },
    );
  }
  return dir;
}
