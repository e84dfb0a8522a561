'use strict';
// Loads the addon built for the running Node by `npm install` (node-gyp).
const path = require('node:path');

const fs = require('node:fs');

// build/abi-<ABI>/ holds builds for other Node majors (.ci/build-native.sh); build/Release is npm's.
const perAbi = path.join(__dirname, 'build', `abi-${process.versions.modules}`, 'balrog_fiber.node');
const file = fs.existsSync(perAbi) ? perAbi : path.join(__dirname, 'build', 'Release', 'balrog_fiber.node');
try {
  module.exports = require(file);
} catch (error) {
  const hint =
    error && error.code === 'MODULE_NOT_FOUND'
      ? 'it is not built'
      : `it does not load on Node ${process.version} (ABI ${process.versions.modules}): ${error?.message}`;
  const wrapped = new Error(
    `@balrog/fiber: ${hint}. Rebuild it for this Node with \`npm rebuild @balrog/fiber\` (needs python3, make and a C++ compiler).`,
  );
  wrapped.code = 'ERR_BALROG_ADDON';
  wrapped.cause = error;
  throw wrapped;
}
