#!/bin/sh
# Starts the whole example from any folder (`sh start.sh` here, or
# `sh examples/food-delivery/start.sh` from the repository root):
#   1. builds the repository if dist/ is missing (npm run build),
#   2. starts PostgreSQL on 127.0.0.1:55432 (test/runtime/helpers/postgres.sh),
#   3. makes an empty `food_delivery` database (every run starts at order #1),
#   4. runs the kitchen on KITCHEN_PORT (3001) and the service on PORT (3000).
# It stays in the foreground: Ctrl+C (or a SIGTERM) stops the kitchen and the
# service. PostgreSQL keeps running for the next run; stop it with
# `sh test/runtime/helpers/postgres.sh stop`.
set -eu

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
port="${PORT:-3000}"
kitchen_port="${KITCHEN_PORT:-3001}"
balrog="node $root/bin/balrog.js run"
example="$root/dist/examples/food-delivery"

if [ ! -f "$example/server.js" ] || [ ! -f "$root/dist/src/runtime/register.js" ]; then
  echo "start.sh: building the repository (npm run build)" >&2
  npm run build >&2
fi
server_url="$(sh test/runtime/helpers/postgres.sh)"
database_url="$($balrog "$example/fresh-database.js" "$server_url" food_delivery)"
echo "start.sh: empty database $database_url" >&2

kitchen=''
service=''
# stop <exit status>: ends both services (balrog run passes the SIGTERM on to each program).
stop() {
  trap - INT TERM EXIT
  if [ -n "$service$kitchen" ]; then
    echo "start.sh: stopping the kitchen and the service" >&2
    for pid in $service $kitchen; do kill -TERM "$pid" 2>/dev/null || true; done
    wait
  fi
  exit "$1"
}
trap 'stop 130' INT
trap 'stop 143' TERM
trap 'stop $?' EXIT

PORT="$kitchen_port" $balrog "$example/kitchen.js" &
kitchen=$!
PORT="$port" KITCHEN_URL="http://127.0.0.1:$kitchen_port" DATABASE_URL="$database_url" $balrog "$example/server.js" &
service=$!
echo "start.sh: press Ctrl+C to stop both (PostgreSQL keeps running: sh test/runtime/helpers/postgres.sh stop)" >&2

# Returns when a service exits (then the other is stopped too) or a signal arrives.
while kill -0 "$kitchen" 2>/dev/null && kill -0 "$service" 2>/dev/null; do
  sleep 1 &
  wait $! || true
done
echo "start.sh: a service exited (see its messages above); stopping the other" >&2
stop 1
