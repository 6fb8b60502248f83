#!/usr/bin/env bash
# Fuzzing with libFuzzer (clang and swiftc from the Swift toolchain).
#   tools/fuzz/run.sh [seconds]          the decoder shim, C, with AddressSanitizer and UBSan
#   tools/fuzz/run.sh import [seconds]   the whole import path in Swift (decode, thumbnail, colours, store)
# Both start from tools/fuzz/corpus; new inputs go to tools/fuzz/out/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p tools/fuzz/out/corpus tools/fuzz/out/import-corpus
if [ "${1:-}" = import ]; then
  seconds=${2:-60}
  swift build -c release --product ImportFuzzer --scratch-path .build-fuzz \
    -Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xcc -mavx2 -Xcc -mfma
  .build-fuzz/release/ImportFuzzer -max_total_time="$seconds" -max_len=65536 tools/fuzz/out/import-corpus tools/fuzz/corpus 2>&1 | tail -n 5
  exit
fi
seconds=${1:-60}
clang -g -O1 -fsanitize=fuzzer,address,undefined -I Sources/CShims/CImageCodecs/include \
  Sources/CShims/CImageCodecs/jpeg.c Sources/CShims/CImageCodecs/png.c tools/fuzz/decode_fuzzer.c \
  -ljpeg -lpng16 -o tools/fuzz/out/decode_fuzzer 2> >(grep -v "Cannot export local symbol" >&2)
tools/fuzz/out/decode_fuzzer -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 tools/fuzz/out/corpus tools/fuzz/corpus 2>&1 | tail -n 5
