/**
 * Records Node's own REPL (`node` in a pseudo-terminal) on the keyed sessions
 * (keys/): `node dist/test/repl/conformance/record-node-keys.js` writes
 * expected/<session>.node<major>.keys.json, the screen after every step. Not a
 * test: run it by hand on Node 20 on a quiet machine, then commit the files.
 *
 * A step is over when the screen has been quiet for a while: Node writes the
 * eager-evaluation preview some time after the key.
 */
import { writeFileSync } from 'node:fs';
import { expectedPath, loadKeyedSessions, replayKeyed, type Settle } from './keyed-terminal.js';
import { conformanceDir } from './sessions.js';

/** Longer than readline's escape-code timeout (500 ms), after which a lone Escape is a key. */
const quietMs = 900;

const settle: Settle = async (_run, _step, current) => {
  let before = '';
  do {
    before = current();
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  } while (current() !== before);
};

const major = process.versions.node.split('.')[0]!;
const only = process.argv.slice(2);
for (const session of loadKeyedSessions().filter((s) => only.length === 0 || only.includes(s.name))) {
  const snapshots = await replayKeyed(session, process.execPath, [], {
    cwd: `${conformanceDir}../fixtures/project`,
    env: { ...process.env, NO_COLOR: '1', TERM: 'xterm-256color' },
    historyEnv: 'NODE_REPL_HISTORY',
    settle,
  });
  writeFileSync(expectedPath(session.name, major), `${JSON.stringify(snapshots, null, 1)}\n`);
  process.stdout.write(`${session.name}: ${snapshots.flat().length} steps\n`);
}
