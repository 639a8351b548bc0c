#!/usr/bin/env bash
# Another Node.js release beside the machine's, from the npm registry alone.
#
#   scripts/node-runtime.sh install <version>   prints the path of that release's `node` binary
#   scripts/node-runtime.sh restore             puts node_modules back as `npm ci` left it
#
# `install` fetches the official binary package node-linux-<arch>@<version> (its include/node
# headers too) into the cache folder, compiles better-sqlite3 for it there once (node-gyp with
# --nodedir, so nothing but the registry is reached), and lays each runtime's addon out where the
# `bindings` package looks per Node.js version: node_modules/better-sqlite3/compiled/<version>/
# <platform>/<arch>/. The machine's own build/Release addon moves there too, because `bindings`
# tries build/Release first and stops at an addon of the wrong ABI (ERR_DLOPEN_FAILED) — that is
# why one node_modules then serves both runtimes at once (the bench runs one under the other).
# @node-rs/argon2 and esbuild are N-API / plain binaries: nothing to do for them.
#
# Cache: ${LIBRARY_API_RUNTIME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/library-api-ci}; a later run
# (or a fresh clone) reuses what is there: node-v<version>-<platform>-<arch>/ and
# better-sqlite3-<its version>-node-<version>-abi<ABI>-<platform>-<arch>.node.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${LIBRARY_API_RUNTIME_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/library-api-ci}
addon_dir=$root/node_modules/better-sqlite3
platform=$(node -p process.platform)
arch=$(node -p process.arch)
say() { echo "node-runtime: $*" >&2; }

[ -f "$addon_dir/package.json" ] || { say "no node_modules/better-sqlite3: run npm ci first"; exit 1; }

# Where `bindings` finds the addon for Node.js <version>.
compiled_path() { echo "$addon_dir/compiled/$1/$platform/$arch/better_sqlite3.node"; }

# The machine's addon (built by npm ci) moves out of build/Release into its versioned place.
move_machine_addon() {
  local built=$addon_dir/build/Release/better_sqlite3.node machine_version
  machine_version=$(node -p process.versions.node)
  [ -f "$built" ] || return 0
  node -e 'require(process.argv[1])' "$built" 2>/dev/null || { say "$built does not load in the machine's node $machine_version: run npm rebuild better-sqlite3"; exit 1; }
  mkdir -p "$(dirname "$(compiled_path "$machine_version")")"
  mv "$built" "$(compiled_path "$machine_version")"
}

# node-linux-<arch>@<version> unpacked into the cache, once.
install_node() {
  local version=$1 dir tmp
  dir=$cache/node-v$version-$platform-$arch
  if [ ! -x "$dir/bin/node" ]; then
    say "fetching node-$platform-$arch@$version from the npm registry into $cache"
    mkdir -p "$cache"
    tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
    (cd "$tmp" && npm pack "node-$platform-$arch@$version" --silent >/dev/null && tar xzf ./*.tgz) || { rm -rf "$tmp"; say "node-$platform-$arch@$version could not be fetched"; exit 1; }
    rm -rf "$dir"
    mv "$tmp/package" "$dir"
    rm -rf "$tmp"
  fi
  [ "$("$dir/bin/node" -v)" = "v$version" ] || { say "$dir/bin/node is not v$version"; exit 1; }
  echo "$dir"
}

# better-sqlite3 compiled for that release, once per (better-sqlite3, Node.js, ABI) into the cache.
build_addon() {
  local dir=$1 version=$2 abi bs_version cached tmp gyp
  abi=$("$dir/bin/node" -p process.versions.modules)
  bs_version=$(node -p 'require(process.argv[1]).version' "$addon_dir/package.json")
  cached=$cache/better-sqlite3-$bs_version-node-$version-abi$abi-$platform-$arch.node
  if [ ! -f "$cached" ]; then
    say "compiling better-sqlite3 $bs_version for Node.js $version (ABI $abi); once, into $cache"
    gyp=$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js
    [ -f "$gyp" ] || { say "node-gyp not found beside npm ($gyp)"; exit 1; }
    tmp=$(mktemp -d "$cache/.build.XXXXXX")
    cp -r "$addon_dir/binding.gyp" "$addon_dir/deps" "$addon_dir/src" "$addon_dir/package.json" "$tmp/"
    (cd "$tmp" && "$dir/bin/node" "$gyp" rebuild --release --nodedir="$dir" --jobs="$(nproc)" >build.log 2>&1) || { tail -30 "$tmp/build.log" >&2; say "the build failed (log: $tmp/build.log)"; exit 1; }
    "$dir/bin/node" -e 'require(process.argv[1])' "$tmp/build/Release/better_sqlite3.node"
    cp "$tmp/build/Release/better_sqlite3.node" "$cached.part"
    mv "$cached.part" "$cached"
    rm -rf "$tmp"
  fi
  echo "$cached"
}

case "${1:-}" in
  install)
    version=${2:?usage: $0 install <version, e.g. 26.12.1>}
    [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { say "give an exact version (x.y.z), not $version"; exit 1; }
    dir=$(install_node "$version")
    addon=$(build_addon "$dir" "$version")
    move_machine_addon
    mkdir -p "$(dirname "$(compiled_path "$version")")"
    cp "$addon" "$(compiled_path "$version")"
    "$dir/bin/node" -e 'new (require(process.argv[1]))(":memory:").close()' "$addon_dir" || { say "better-sqlite3 does not open a database under Node.js $version"; exit 1; }
    echo "$dir/bin/node"
    ;;
  restore)
    machine=$(compiled_path "$(node -p process.versions.node)")
    if [ -f "$machine" ]; then
      mkdir -p "$addon_dir/build/Release"
      mv "$machine" "$addon_dir/build/Release/better_sqlite3.node"
    fi
    rm -rf "$addon_dir/compiled"
    ;;
  *)
    echo "usage: $0 install <version> | restore" >&2
    exit 2
    ;;
esac
