#!/bin/sh
# Makes the small HEIC, AVIF and WebP test photos in Tests/ImagingTests/Fixtures/formats with the real encoders
# (Debian: libheif-dev libheif-examples webp). Each is a 48x64 picture, red above and blue below, stored turned
# with orientation 6 (as a phone stores a portrait photo), so a test can tell that it stands up exactly once.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../Tests/ImagingTests/Fixtures/formats"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cd "$work"
python3 "$here/mkpng.py"
python3 "$here/exif.py" tiff - exif6.tiff 6
cc "$here/heif-fixture.c" -lheif -o heif-fixture
./heif-fixture "$out/portrait-o6.heic" heic 6
./heif-fixture "$out/portrait-o6.avif" avif 6
cwebp -quiet -q 90 stored6.png -o stored6.webp
webpmux -set exif exif6.tiff stored6.webp -o "$out/portrait-o6.webp"
img2webp -loop 0 -d 100 frame1.png frame2.png -o "$out/animated.webp" >/dev/null
cp upright.png "$out/portrait.png"
ls -l "$out"
