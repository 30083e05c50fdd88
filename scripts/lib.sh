# shellcheck shell=bash
# Shared install steps for scripts/start and scripts/test: each step is skipped when its
# inputs have not changed (content-hash stamps), so a second run costs a few seconds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
CACHE_DIR="${INTERVIEW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/interview-platform}"
mkdir -p "$CACHE_DIR"

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }

hash_files() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

pick_python() {
  for candidate in "${PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2
  exit 1
}

# apt packages: installed only when missing and when we are root.
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  log "Installing Debian packages: ${missing[*]}"
  local stamp="$CACHE_DIR/apt-updated"
  if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +720 2>/dev/null)" ]; then
    apt-get update -qq
    touch "$stamp"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_venv() {
  local extras="$1"
  local want
  want="$(hash_files "$ROOT/pyproject.toml" "$ROOT/kernels/pyproject.toml")-$extras"
  if [ ! -x "$VENV/bin/python" ]; then
    log "Creating the virtual environment in $VENV"
    "$(pick_python)" -m venv "$VENV"
  fi
  if [ "$(cat "$VENV/.ip-stamp" 2>/dev/null)" != "$want" ]; then
    log "Installing Python packages ($extras)"
    "$VENV/bin/pip" install -q --disable-pip-version-check --upgrade pip >/dev/null
    "$VENV/bin/pip" install -q --disable-pip-version-check -e "$ROOT[$extras]" -e "$ROOT/kernels"
    echo "$want" >"$VENV/.ip-stamp"
  fi
}

# Toolchains of the kernels and the grading sandbox (Debian's; nodejs 20 comes with the machine).
TOOLCHAINS=(bubblewrap gcc g++ libc6-dev openjdk-17-jdk-headless golang-go rustc)

ensure_npm() {
  local dir="$1"
  local want
  want="$(hash_files "$dir/package.json" "$dir/package-lock.json")"
  if [ "$(cat "$dir/node_modules/.ip-stamp" 2>/dev/null)" != "$want" ]; then
    command -v npm >/dev/null || { echo "Node 20 and npm are required" >&2; exit 1; }
    log "Installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" >"$dir/node_modules/.ip-stamp"
  fi
}

# Stream's JavaScript SDK, bundled from npm into the service's static/build/stream-video.js
# (loaded by the call page only when Stream is the video provider); rebuilt when its inputs change
ensure_stream_bundle() {
  local dir="$ROOT/hub/interview_hub/service/stream"
  local out="$ROOT/hub/interview_hub/service/static/build/stream-video.js"
  ensure_npm "$dir"
  local want
  want="$(hash_files "$dir/package-lock.json" "$dir/build.mjs" "$dir/stream-call.js")"
  if [ ! -s "$out" ] || [ "$(cat "$out.stamp" 2>/dev/null)" != "$want" ]; then
    log "Bundling Stream's video SDK"
    (cd "$dir" && node build.mjs >/dev/null)
    echo "$want" >"$out.stamp"
  fi
}
