#!/usr/bin/env bash
# Builds @balrog/fiber for another Node distribution, into native/build/abi-<ABI>/,
# which native/index.js prefers over build/Release, so that several Node majors
# can be tested from one checkout without rebuilding in place.
# Usage: .ci/build-native.sh <node distribution folder>
set -euo pipefail
dist=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
abi=$("$dist/bin/node" -p process.versions.modules)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/native/src" "$root/native/binding.gyp" "$work/"
gyp=$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js
(cd "$work" && npm_config_nodedir="$dist" "$dist/bin/node" "$gyp" rebuild --nodedir="$dist" --jobs=2 >build.log 2>&1) || {
  tail -40 "$work/build.log"
  exit 1
}
mkdir -p "$root/native/build/abi-$abi"
cp "$work/build/Release/balrog_fiber.node" "$root/native/build/abi-$abi/balrog_fiber.node"
echo "native/build/abi-$abi/balrog_fiber.node"
