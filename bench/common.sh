# Shared by the bench scripts: the Release binary they measure (built when missing; set
# MIGREADY_BIN to measure another one).
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${MIGREADY_BIN:-$BENCH_ROOT/build/release/scanner/cli/migready}
if [ ! -x "$BIN" ]; then
  cmake -S "$BENCH_ROOT" -B "$BENCH_ROOT/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMIGREADY_TESTS=OFF >/dev/null
  ninja -C "$BENCH_ROOT/build/release" migready >/dev/null
fi
export PATH=$PATH:/usr/sbin
