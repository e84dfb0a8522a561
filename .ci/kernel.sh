#!/bin/sh
# The kernel's extra CI needs (run from the repo root, after `npm ci` and the build):
# Debian's Jupyter clients, nbclient included (the notebook tests execute notebooks with it),
# then a short run of the exit stress suite (every exit path 5 times; `npm run stress:kernel`
# does 100 each). About a minute.
set -eu
need=""
for pkg in python3-jupyter-client python3-jupyter-kernel-test python3-ipykernel python3-nbclient python3-nbformat; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need="$need $pkg"
done
if [ -n "$need" ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need >/dev/null
fi
[ -f dist/test/kernel/stress-exits.js ] || npm run build
node dist/test/kernel/stress-exits.js 5
