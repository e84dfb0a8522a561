#!/usr/bin/env bash
# The frameworks' own test suites under balrog (issue 15, item 4): Express 5,
# Koa 3 and Fastify 5 at the installed versions, each test file under plain
# node and under `node --require balrog/register`; fails on any test that
# passes plain but fails under balrog. Fastify's test files come from its npm
# tarball (`npm pack`, so this needs the npm registry); Express's and Koa's
# are ported into test/runtime/compat/. About 2 minutes on 2 idle cores.
# Idempotent; runs from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/mocha ] && [ -d node_modules/fastify ] || npm ci --no-audit --no-fund
npm run compat
