#!/usr/bin/env bash
# A throwaway redis-server for the Redis frontier tests and CI.
#
#   scripts/redis-for-tests.sh start [--persist] [--port N] [--dir DIR]
#       Installs redis-server with apt-get if it is missing (quiet, bounded in time), then
#       starts it daemonized on 127.0.0.1 (a free port unless --port) in its own temp dir
#       (or DIR) and prints, one per line:
#         REDIS_URL=redis://127.0.0.1:PORT/0
#         REDIS_DIR=/tmp/corio-redis.XXXX
#       Without --persist: no RDB, no AOF (a restart loses everything). With --persist:
#       AOF with fsync always, so `stop` then `start --port PORT --dir DIR` restarts the
#       same data (the "Redis restarted mid-crawl" tests).
#       Exits 3 with a reason on stderr when redis-server is not available.
#   scripts/redis-for-tests.sh stop DIR [--keep]
#       Stops the server started in DIR (its pidfile) and removes DIR unless --keep.
set -euo pipefail

INSTALL_TIMEOUT="${CORIO_REDIS_INSTALL_TIMEOUT:-180}"

have_redis() { command -v redis-server >/dev/null 2>&1; }

try_install() {
  have_redis && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "redis-for-tests: redis-server is not installed and apt-get is not available" >&2
    return 1
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "redis-for-tests: redis-server is not installed and installing it needs root" >&2
      return 1
    fi
  fi
  echo "redis-for-tests: installing redis-server with apt-get (at most ${INSTALL_TIMEOUT}s)" >&2
  local log
  log="$(mktemp)"
  if ! (timeout "$INSTALL_TIMEOUT" $sudo apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive timeout "$INSTALL_TIMEOUT" $sudo apt-get install -y -qq --no-install-recommends redis-server) >"$log" 2>&1; then
    echo "redis-for-tests: apt-get could not install redis-server:" >&2
    tail -n 5 "$log" >&2 || true
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  have_redis
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  local persist=0 port="" dir=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --persist) persist=1 ;;
      --port) port="$2"; shift ;;
      --dir) dir="$2"; shift ;;
      *) echo "redis-for-tests: unknown option $1" >&2; exit 1 ;;
    esac
    shift
  done
  if ! try_install; then
    echo "redis-for-tests: redis-server unavailable" >&2
    exit 3
  fi
  [ -n "$dir" ] || dir="$(mktemp -d "${TMPDIR:-/tmp}/corio-redis.XXXXXX")"
  mkdir -p "$dir"
  local attempt
  for attempt in 1 2 3 4 5; do
    local p="${port:-$(free_port)}"
    local args=(--bind 127.0.0.1 --port "$p" --dir "$dir" --daemonize yes
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save "" --protected-mode yes)
    if [ "$persist" = 1 ]; then args+=(--appendonly yes --appendfsync always); else args+=(--appendonly no); fi
    rm -f "$dir/redis.pid"
    if redis-server "${args[@]}" >/dev/null 2>&1; then
      # Wait (at most 5 s) until it answers.
      local i
      for i in $(seq 1 100); do
        if redis-cli -h 127.0.0.1 -p "$p" ping 2>/dev/null | grep -q PONG; then
          echo "REDIS_URL=redis://127.0.0.1:$p/0"
          echo "REDIS_DIR=$dir"
          return 0
        fi
        sleep 0.05
      done
      [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    fi
    [ -n "$port" ] && break # a fixed port: no point trying others
  done
  echo "redis-for-tests: redis-server did not start; its log:" >&2
  tail -n 20 "$dir/redis.log" >&2 2>/dev/null || true
  exit 1
}

stop() {
  local dir="${1:-}" keep="${2:-}"
  [ -n "$dir" ] || { echo "usage: $0 stop DIR [--keep]" >&2; exit 1; }
  if [ -f "$dir/redis.pid" ]; then
    local pid
    pid="$(cat "$dir/redis.pid")"
    if kill "$pid" 2>/dev/null; then
      local i
      for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/redis.pid"
  fi
  [ "$keep" = "--keep" ] || rm -rf "$dir"
}

cmd="${1:-}"
shift || true
case "$cmd" in
  start) start "$@" ;;
  stop) stop "$@" ;;
  *) echo "usage: $0 start [--persist] [--port N] [--dir DIR] | stop DIR [--keep]" >&2; exit 1 ;;
esac
