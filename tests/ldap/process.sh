# stop_process PID SIGNAL: asks a test server to stop (slapd wants INT, samba TERM), waits up to
# 10 s, then kills it.
stop_process() {
  local pid=$1 signal=$2 _
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
