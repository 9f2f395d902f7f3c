#!/usr/bin/env bash
# Runs a command (default: `npm test`) on Node 24 LTS, as CI's second run does (`npm run test:node24`).
#
# Node 24 comes from the npm registry (the `node@24` package carries a real binary), cached in
# .tmp/node24/ (git-ignored; NODE24_DIR overrides it), so a second run reuses it — delete the
# folder to get a newer 24.x. better-sqlite3 is a native addon built for one Node ABI: this
# script swaps in a build for Node 24 (made once by build-sqlite.sh, ~1 min, then cached next
# to it) and puts the machine Node's build back when the command ends, even on failure or
# Ctrl-C, so the working tree keeps working on the machine's Node.
#
# Node 24 is first on PATH for the whole command: `npm`, `npx vitest`, Vitest's forks and the
# servers the tests spawn (process.execPath) all run on it. A process left on the machine's Node
# could not load the Node-24 addon, so a green suite here is a suite that ran on 24.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cache="${NODE24_DIR:-$root/.tmp/node24}"
addon="$root/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
[ -f "$addon" ] || { echo "with-node24: $addon is missing: run npm ci first" >&2; exit 1; }

sys_node=$(command -v node)
sys_path=$PATH
node24="$cache/bin/node"
if ! "$node24" --version 2>/dev/null | grep -q '^v24\.'; then
  echo "with-node24: installing Node 24 from the npm registry into ${cache#"$root"/}…"
  rm -rf "$cache"
  npm install -g --prefix "$cache" node@24 --no-audit --no-fund --loglevel=error
fi
"$node24" --version | grep -q '^v24\.' || { echo "with-node24: $node24 is not Node 24" >&2; exit 1; }

# One cached addon per (better-sqlite3 version, Node ABI, headers it is built with: see build-sqlite.sh).
bs_version=$("$sys_node" -p 'require("./node_modules/better-sqlite3/package.json").version')
headers24=$(PATH="$cache/bin:$sys_path" scripts/build-sqlite.sh --headers-version)
slot() { echo "$cache/addons/better_sqlite3-$bs_version-abi$("$1" -p process.versions.modules)${2:+-headers$2}.node"; }
sys_slot=$(slot "$sys_node")
slot24=$(slot "$node24" "$headers24")
mkdir -p "$cache/addons"
# Does the addon in place load on this Node?
loads_on() { "$1" -e 'new (require("better-sqlite3"))(":memory:").close()' 2>/dev/null; }
# Copy then rename: a process that has the old file mapped keeps its own inode.
put() { cp "$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"; }

# Keep the machine Node's build before touching it (only if it really is one: a run killed
# with -9 could have left the Node-24 build in place).
if loads_on "$sys_node"; then put "$addon" "$sys_slot"; fi

restore() {
  if [ -f "$sys_slot" ]; then put "$sys_slot" "$addon"; fi
  if ! loads_on "$sys_node"; then
    echo "with-node24: rebuilding better-sqlite3 for $("$sys_node" --version)…" >&2
    PATH=$sys_path scripts/build-sqlite.sh >&2 && put "$addon" "$sys_slot"
  fi
  loads_on "$sys_node" || echo "with-node24: better-sqlite3 does not load on $("$sys_node" --version): run npm run build:sqlite" >&2
}
trap restore EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export PATH="$cache/bin:$PATH"
if [ -f "$slot24" ]; then
  put "$slot24" "$addon"
else
  started=$SECONDS
  scripts/build-sqlite.sh
  put "$addon" "$slot24"
  echo "with-node24: built in $((SECONDS - started)) s"
fi
loads_on "$node24" || { echo "with-node24: better-sqlite3 does not load on Node $("$node24" --version)" >&2; exit 1; }

if [ $# -eq 0 ]; then set -- npm test; fi
"$@"
