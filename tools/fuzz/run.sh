#!/usr/bin/env bash
# Fuzzing with libFuzzer (clang and swiftc from the Swift toolchain).
#   tools/fuzz/run.sh [seconds]          the decoder shim, C, with AddressSanitizer and UBSan
#   tools/fuzz/run.sh import-fuzz [seconds]  the whole import path in Swift (decode, thumbnail, colours,
#                                        store), coverage-guided, with AddressSanitizer
#   tools/fuzz/run.sh import             replays the corpus through the import path (no sanitizer build)
#   tools/fuzz/run.sh restore-fuzz [runs]  `closet restore` on fuzzed JSON exports, coverage-guided, with
#                                        AddressSanitizer: no path escapes the wardrobe, all or nothing
#   tools/fuzz/run.sh restore            replays tools/fuzz/restore-corpus through restore
# All start from tools/fuzz/corpus; new inputs go to tools/fuzz/out/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p tools/fuzz/out/corpus tools/fuzz/out/import-corpus
if [ "${1:-}" = import-fuzz ]; then
  # A separate build folder: every module instrumented for coverage and ASan. lld, because SwiftPM
  # links the entry point as ImportFuzzer_main and ld.gold stopped at an internal error on it.
  swift build -c release --product ImportFuzzer --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
  .build-fuzz/release/ImportFuzzer -max_total_time="${2:-60}" -max_len=65536 -rss_limit_mb=4096 \
    -artifact_prefix=tools/fuzz/out/ tools/fuzz/out/import-corpus tools/fuzz/corpus 2>&1 | tail -n 5
  exit
fi
if [ "${1:-}" = restore-fuzz ]; then
  swift build -c release --product RestoreFuzzer --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
  mkdir -p tools/fuzz/out/restore-corpus
  .build-fuzz/release/RestoreFuzzer -runs="${2:-1000000}" -max_len=8192 -rss_limit_mb=4096 -print_final_stats=1 \
    -dict=tools/fuzz/restore.dict -artifact_prefix=tools/fuzz/out/ tools/fuzz/out/restore-corpus tools/fuzz/restore-corpus 2>&1 \
    | grep -E "^(stat::number_of_executed_units|stat::average_exec_per_sec|Done|==|SUMMARY)|Fatal|crash" || true
  exit
fi
if [ "${1:-}" = restore ]; then
  swift build -c release --product RestoreFuzzer
  .build/release/RestoreFuzzer tools/fuzz/restore-corpus/*
  exit
fi
if [ "${1:-}" = import ]; then
  # The Swift import path: replay the corpus (seeds + what the decoder fuzzer found) through it.
  swift build -c release --product ImportFuzzer
  .build/release/ImportFuzzer tools/fuzz/corpus/* tools/fuzz/out/corpus/* | grep -vc '^ok' || true
  exit
fi
seconds=${1:-60}
clang -g -O1 -fsanitize=fuzzer,address,undefined -I Sources/CShims/CImageCodecs/include \
  Sources/CShims/CImageCodecs/jpeg.c Sources/CShims/CImageCodecs/png.c tools/fuzz/decode_fuzzer.c \
  -ljpeg -lpng16 -o tools/fuzz/out/decode_fuzzer 2> >(grep -v "Cannot export local symbol" >&2)
tools/fuzz/out/decode_fuzzer -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 tools/fuzz/out/corpus tools/fuzz/corpus 2>&1 | tail -n 5
