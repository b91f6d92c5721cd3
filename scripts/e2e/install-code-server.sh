#!/usr/bin/env bash
# Installs code-server (VS Code in a browser, with a real Node extension host) into the gitignored
# .e2e/code-server/ folder, for the editor end-to-end tests. Works as root, offline from GitHub:
# only the npm registry and Debian packages are needed. Skips the install when that version is there.
#
#   scripts/e2e/install-code-server.sh [DEST]      (DEST defaults to <repo>/.e2e/code-server)
#
# Needs ripgrep (rg) and libkrb5-dev from apt (.ci/run installs them).
set -euo pipefail

# 4.100.3 (VS Code 1.100.3) is the newest code-server whose engines.node accepts Node 20.
VERSION=4.100.3
RIPGREP_PKG_VERSION=1.15.11          # the @vscode/ripgrep version code-server 4.100.3 depends on
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dest=${1:-$repo/.e2e/code-server}

installed_version() {
  node -p "require('$dest/node_modules/code-server/package.json').version" 2>/dev/null || true
}
if [ "$(installed_version)" = "$VERSION" ] && [ -x "$dest/node_modules/.bin/code-server" ]; then
  echo "code-server $VERSION already installed in $dest"
  exit 0
fi

for tool in rg node npm tar; do
  command -v "$tool" >/dev/null || { echo "install-code-server: '$tool' is missing (apt-get install ripgrep nodejs)" >&2; exit 1; }
done

mkdir -p "$dest"
cd "$dest"

# Seed @vscode/ripgrep's download cache with Debian's rg: its postinstall would otherwise fetch the
# binary from GitHub, which is unreachable here. It looks in $TMPDIR/vscode-ripgrep-cache-<version>/.
export TMPDIR="$dest/.tmp"
rg_cache="$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
mkdir -p "$rg_cache" "$TMPDIR/rg"
cp "$(command -v rg)" "$TMPDIR/rg/rg"
tar czf "$rg_cache/$RIPGREP_ASSET" -C "$TMPDIR/rg" rg

# A project of its own, so the repo's package.json and .npmrc (ignore-scripts=true) do not apply:
# code-server needs its install scripts (native modules, its own postinstall).
[ -f package.json ] || printf '{ "name": "kms-lint-e2e-code-server", "private": true }\n' > package.json
printf 'ignore-scripts=false\nfund=false\naudit=false\n' > .npmrc

# unsafe_perm: code-server's postinstall refuses to run as root unless this variable is set
# (npm 11 warns that it is an unknown config; harmless). yes: node-pty's postinstall runs
# `npx node-gyp`, which a user config with yes=false would cancel.
started=$SECONDS
npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --ignore-scripts=false --no-fund --no-audit --foreground-scripts --loglevel=error \
  "code-server@$VERSION"

if [ "$(installed_version)" != "$VERSION" ]; then
  echo "install-code-server: code-server $VERSION did not install into $dest" >&2
  exit 1
fi
rm -rf "$TMPDIR"
echo "code-server $VERSION installed in $dest in $((SECONDS - started)) s"
