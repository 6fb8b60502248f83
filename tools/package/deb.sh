#!/usr/bin/env bash
# Builds closet_VERSION_amd64.deb: the binary with the Swift runtime linked in statically (so the
# package needs only Debian's own libraries), the model, the man page, completions and the licences.
# Usage: tools/package/deb.sh [OUTDIR]   (default: the current folder)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-.}
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
# Static Foundation links libcurl by name: its -dev package provides libcurl.so.
for p in libcurl4-openssl-dev dpkg-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$p"; }
done
swift build -c release --static-swift-stdlib --product closet --scratch-path .build-static
bin=.build-static/release/closet
version=$($bin --version | head -1 | awk '{print $2}')
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT
make --no-print-directory install-files BIN="$bin" PREFIX=/usr DESTDIR="$root" >/dev/null
strip --strip-unneeded "$root/usr/bin/closet"
# Debian keeps man pages compressed, and zsh completions in vendor-completions.
gzip -9n "$root/usr/share/man/man1/closet.1"
mkdir -p "$root/usr/share/zsh/vendor-completions"
mv "$root/usr/share/zsh/site-functions/_closet" "$root/usr/share/zsh/vendor-completions/_closet"
rmdir "$root/usr/share/zsh/site-functions"
install -d "$root/usr/share/doc/closet"
install -m 644 tools/package/copyright "$root/usr/share/doc/closet/copyright"
install -m 644 models/README.md "$root/usr/share/doc/closet/MODEL_CARD.md"
# Depends: the package of each library the binary names (ELF NEEDED), found with dpkg -S.
# (Debian 12 merged /usr, but dpkg knows some libraries under /lib: both spellings are asked.)
package_of() {
  local path real
  path=$(ldconfig -p | awk -v l="$1" '$1 == l && /x86-64/ {print $NF; exit}')
  [ -n "$path" ] || return 0
  real=$(readlink -f "$path")
  for candidate in "$path" "$real" "${real#/usr}" "/usr$path"; do
    pkg=$(dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1 || true)
    if [ -n "$pkg" ]; then echo "$pkg"; return 0; fi
  done
}
depends=$(objdump -p "$bin" | awk '/NEEDED/ {print $2}' | while read -r lib; do package_of "$lib"; done | sort -u | paste -sd, | sed 's/,/, /g')
size=$(du -sk "$root/usr" | cut -f1)
install -d "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<CONTROL
Package: closet
Version: $version
Architecture: $arch
Maintainer: closet developers <closet@localhost>
Installed-Size: $size
Depends: $depends
Section: utils
Priority: optional
Homepage: https://localhost/closet
Description: offline, keyboard-driven closet manager for the terminal
 Photograph your clothes and closet keeps the wardrobe: imports JPEG and PNG
 photos into a local SQLite wardrobe, classifies them with its own CNN engine,
 shows them in an ncurses UI and suggests outfits for the weather. Nothing
 leaves the machine unless asked.
CONTROL
deb="$out/closet_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
