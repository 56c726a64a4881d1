# Sourced by scripts/fresh-machine-check.sh and tests/package/deb_test.sh: a minimal Debian 12 root
# (mmdebstrap --variant=apt) whose package sources are this machine's own, so that the root reaches
# Debian through whatever mirror or proxy the machine is set up for, and the repository names no
# registry's host of its own.

# The machine's enabled apt source files that serve bookworm (one-line .list or deb822 .sources);
# files apt does not read (such as *.disabled) and sources for other suites are left out.
machine_bookworm_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -s "$f" ] || continue
    grep -vE '^[[:space:]]*#' "$f" | grep -qE '(^|[[:space:]])bookworm(-[a-z]+)?([[:space:]]|$)' && echo "$f"
  done
}

# fresh_root DIR [mmdebstrap options...]: makes the root; its log goes to DIR.log.
fresh_root() {
  local dir=$1
  shift
  local sources=()
  mapfile -t sources < <(machine_bookworm_sources)
  if [ ${#sources[@]} -eq 0 ]; then
    echo "fresh root: this machine has no apt source for Debian 12 (bookworm) in /etc/apt" >&2
    return 1
  fi
  mmdebstrap --variant=apt "$@" bookworm "$dir" "${sources[@]}" >"$dir.log" 2>&1
}
