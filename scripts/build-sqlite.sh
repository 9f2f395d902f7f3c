#!/usr/bin/env bash
# Builds better-sqlite3 (a native addon) for the `node` first on PATH (`npm run build:sqlite`).
#
# On Node 24 it compiles against the Node 24.18.1 headers, not the running Node's: from 24.19.0
# on, node_object_wrap.h (header-only, compiled into the addon) removes an environment cleanup
# hook in ObjectWrap's destructor, which V8's garbage collector calls where no context is
# entered, so better-sqlite3 12 aborts the process ("Assertion failed: (env) != nullptr" in
# node::RemoveEnvironmentCleanupHook, from Statement::~Statement) a few seconds into the
# server's life — https://github.com/nodejs/node/issues/65446, open as of Node 24.21.0. An addon
# built with the 24.18.1 headers has the same ABI (NODE_MODULE_VERSION 137) and runs cleanly on
# every 24.x. The headers come from the npm registry (package node-<os>-<arch>), cached in
# .tmp/node-headers/. Drop this pin once Node fixes the header, or with better-sqlite3 13
# (Node-API, no ObjectWrap) when the project leaves Node 20 (13 needs Node >= 22.14).
#
#   --if-needed       on Node 24 only, and only if the addon in place was not built that way
#                     (what `postinstall` runs, so `npm ci` on Node 24 gives a working server)
#   --headers-version print the headers version used for this Node ("" = its own) and exit
set -euo pipefail
cd "$(dirname "$0")/.."
major=$(node -p 'process.versions.node.split(".")[0]')
headers_version=""
[ "$major" = 24 ] && headers_version=24.18.1

case "${1:-}" in
  --headers-version) echo "$headers_version"; exit 0 ;;
  --if-needed) [ -n "$headers_version" ] || exit 0 ;;
  "") ;;
  *) echo "usage: $0 [--if-needed | --headers-version]" >&2; exit 2 ;;
esac

if [ -z "$headers_version" ]; then
  exec npm rebuild better-sqlite3 --loglevel=error
fi

headers="$PWD/.tmp/node-headers/$headers_version"
built_with="$PWD/node_modules/better-sqlite3/build/config.gypi"
if [ "${1:-}" = --if-needed ] && grep -qF "\"nodedir\": \"$headers\"" "$built_with" 2>/dev/null \
  && node -e 'new (require("better-sqlite3"))(":memory:").close()' 2>/dev/null; then
  exit 0
fi
if [ ! -f "$headers/include/node/node_version.h" ]; then
  pkg="node-$(node -p 'process.platform + "-" + process.arch')@$headers_version"
  echo "build-sqlite: fetching the Node $headers_version headers ($pkg) from the npm registry…"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "$pkg" --silent >/dev/null)
  mkdir -p "$headers.tmp"
  tar -xzf "$tmp"/*.tgz -C "$headers.tmp" --strip-components=1 package/include
  rm -rf "$headers" && mv "$headers.tmp" "$headers"
fi
echo "build-sqlite: building better-sqlite3 for Node $(node --version) against the $headers_version headers (~1 min)…"
npm_config_nodedir="$headers" npm rebuild better-sqlite3 --loglevel=error
