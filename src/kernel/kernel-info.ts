/**
 * The kernel_info_reply content: who this kernel is and what language it takes.
 */
import { createRequire } from 'node:module';
import { PROTOCOL_VERSION } from './message.js';

const require = createRequire(import.meta.url);

function packageVersion(name: string, fallback: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return fallback;
  }
}

/** The language this kernel reports: TypeScript, which includes plain JavaScript. */
export const languageInfo = {
  name: 'typescript',
  version: packageVersion('typescript', '5'),
  mimetype: 'text/typescript',
  file_extension: '.ts',
  pygments_lexer: 'typescript',
  codemirror_mode: { name: 'javascript', typescript: true },
};

/** The content of kernel_info_reply. */
export function kernelInfo(): Record<string, unknown> {
  const balrogVersion = (require('../../../package.json') as { version: string }).version;
  return {
    status: 'ok',
    protocol_version: PROTOCOL_VERSION,
    implementation: 'balrog',
    implementation_version: balrogVersion,
    language_info: languageInfo,
    banner: `balrog ${balrogVersion} on Node.js ${process.version}: await works anywhere, TypeScript or JavaScript`,
    debugger: true,
    // Each new iopub subscriber gets an iopub_welcome (protocol 5.5's feature list; see control-worker.ts).
    supported_features: ['iopub_welcome'],
    help_links: [],
  };
}
