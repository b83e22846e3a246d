# Services the tests need, from Debian's packages, on private ports and directories: sourced by .ci/run.
# start_services exports CALLBACK_TEST_POSTGRES (and CALLBACK_TEST_REDIS); stop_services stops and removes them.

services_dir=""

free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

pg_bin() {
  local initdb
  initdb="$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$initdb" ] && dirname "$initdb"
}

start_postgres() {
  local bin port
  bin="$(pg_bin || true)"
  if [ -z "$bin" ]; then
    echo "ci: installing PostgreSQL (Debian's postgresql)…" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin="$(pg_bin)"
  fi
  port="$(free_port 55432)"
  mkdir -p "$services_dir/postgres"
  # PostgreSQL refuses to run as root: its own user runs it where the package made one.
  local run=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown -R postgres "$services_dir/postgres"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$services_dir/postgres/data" -U callback --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$services_dir/postgres/initdb.log" 2>&1
  # A throwaway server for tests: no fsync; enough connections for every test's pool.
  "${run[@]}" "$bin/pg_ctl" -D "$services_dir/postgres/data" -l "$services_dir/postgres/server.log" -w \
    -o "-p $port -k $services_dir/postgres -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" start >/dev/null
  export CALLBACK_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=callback;Maximum Pool Size=20"
  echo "ci: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
}

stop_postgres() {
  [ -d "$services_dir/postgres/data" ] || return 0
  local bin run=()
  bin="$(pg_bin)"
  [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$bin/pg_ctl" -D "$services_dir/postgres/data" -m immediate stop >/dev/null 2>&1 || true
}

start_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "ci: installing Redis (Debian's redis-server)…" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  local port
  port="$(free_port 56379)"
  mkdir -p "$services_dir/redis"
  # In memory only: nothing saved, nothing appended.
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$services_dir/redis" --pidfile "$services_dir/redis/redis.pid" --logfile "$services_dir/redis/redis.log"
  export CALLBACK_TEST_REDIS="127.0.0.1:$port"
  echo "ci: Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$port" >&2
}

stop_redis() {
  [ -f "$services_dir/redis/redis.pid" ] && kill "$(cat "$services_dir/redis/redis.pid")" 2>/dev/null || true
}

start_services() {
  services_dir="$(mktemp -d /tmp/callback-ci-services.XXXXXX)"
  chmod 755 "$services_dir"
  start_postgres
  start_redis
}

stop_services() {
  [ -n "$services_dir" ] || return 0
  stop_redis
  stop_postgres
  rm -rf "$services_dir"
}
