#!/usr/bin/env node
// Thin launcher: the CLI itself is compiled TypeScript (npm install runs the build).
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`balrog: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
