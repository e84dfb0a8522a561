#!/bin/sh
# Style checks (run from the repo root, after `npm ci`): Biome on the TypeScript/JavaScript
# and clang-format on native/ (Debian's clang-format, installed here if missing: the
# formatting is that version's), both through `npm run lint`. A few seconds once installed.
set -eu
if ! command -v clang-format >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends clang-format >/dev/null
fi
npm run lint
