# closet: `make run` sets up and starts the app; `make test` runs the fast tier of tests (what a newcomer runs),
# `make test-all` every test (what CI runs, with CLOSET_REQUIRE_ALL=1). Each installs the Debian packages it
# needs first (with sudo when not root).

SWIFT ?= swift
CONFIG = -c release
# libheif (HEIC, AVIF), libwebp and libqrencode: phones' photos and `closet receive`'s QR code.
APT_PACKAGES = libncursesw5-dev libsqlite3-dev libjpeg-dev libpng-dev libheif-dev libwebp-dev libqrencode-dev pkg-config tmux
# For `make deb` and its tests too: static Foundation links libcurl; debootstrap makes a clean Debian 12 root.
# Xvfb, xwd (x11-apps), xterm and kitty: the photos in real terminals, screenshotted.
# `time` (GNU time): the memory tests measure one closet run's own peak with it (`ClosetProcess.runMeasuringPeak`).
# zbarimg (zbar-tools) reads the receive QR code back; chromium drives the upload page in the browser test.
FAST_TEST_APT_PACKAGES = $(APT_PACKAGES) time zbar-tools
TEST_APT_PACKAGES = $(FAST_TEST_APT_PACKAGES) libcurl4-openssl-dev dpkg-dev debootstrap xvfb x11-apps xterm kitty chromium
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Where `make install` puts closet: ~/.local by default (no root needed); PREFIX=/usr/local for everyone.
PREFIX ?= $(HOME)/.local
# The binary `install-files` copies (the release build by default).
BIN ?= .build/release/closet
BINDIR = $(DESTDIR)$(PREFIX)/bin
DATADIR = $(DESTDIR)$(PREFIX)/share
MODEL_FILES = models/clothing/manifest.json models/clothing/model.safetensors models/clothing/fine_kinds.json
SEGMENT_FILES = models/segment/manifest.json models/segment/model.safetensors

.PHONY: run test test-all test-asan build-tests lint build deps bench clean install install-files uninstall deb

run: deps build
	./.build/release/closet $(ARGS)

# MARK: Tests, in two tiers. The tier is chosen here, in one place, by what a test launches, not by how long it
# takes today: a test class (or one test, where the rest of its class is fast) is in the slow tier when it
# drives real terminals (tmux, a pseudo-terminal, Xvfb), needs root (mounts, running closet as another user),
# the network (debootstrap), builds packages, reads the datasets in ../shared, or drives a real browser (chromium). The fast tier is everything
# else: lint, the build, unit tests and the CLI tests (in-process or one closet process each), loopback only.
TERMINAL_TESTS = TUIScenarioTests TUIPolishFormsTests TUIPolishGridTests GraphicsTerminalTests RealTerminalTests TUICutoutTests CutoutTerminalTests \
  ArchiveCLITests/testAReadOnlyWardrobeOpensTheTerminalUIWithoutWriting
ROOT_TESTS = FullDiskTests RestoreSafetyTests/testARestoreThatDoesNotFitIsRefusedBeforeWriting \
  DataSafetyCLITests/testAReadOnlyWardrobeCanBeListedAndExported
PACKAGE_TESTS = InstallTests
DATASET_TESTS = RealPhotoColourTests GarmentColourTests ClassifierTests/testRealPhotosGiveTheModelCardsFigures \
  ShoeKindTests/testRealShoePhotosAreFiledByKindOrAskedNeverSilentlyOpenForClosed RealPhotoStylistTests
BROWSER_TESTS = ReceiveBrowserTests
SLOW_TESTS = $(TERMINAL_TESTS) $(ROOT_TESTS) $(PACKAGE_TESTS) $(DATASET_TESTS) $(BROWSER_TESTS)
# Tests run on the optimised build, as shipped: the engine, imaging and outfit tests compute, and ran 10 to 50
# times slower in debug (the fast tier took over 6 minutes of test time in debug before reaching the CLI tests).
# TEST_CONFIG=debug builds sooner while working on one test.
TEST_CONFIG ?= release
# Tests import modules @testable, which an optimised build allows only when compiled for testing.
TEST_FLAGS = -c $(TEST_CONFIG) $(if $(filter release,$(TEST_CONFIG)),-Xswiftc -enable-testing)
# The engine's tests once more under AddressSanitizer, in a scratch folder of their own.
ASAN_SCRATCH = .build-asan

# The fast tier: no root, no X, no tmux, no network beyond loopback.
test: APT_PACKAGES := $(FAST_TEST_APT_PACKAGES)
test: deps lint build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build $(addprefix --skip ,$(SLOW_TESTS))

# Everything: the fast tier, then the slow tier, then the engine's tests under AddressSanitizer.
# CI runs it with CLOSET_REQUIRE_ALL=1, where a test that would skip for want of something fails instead.
test-all: APT_PACKAGES := $(TEST_APT_PACKAGES)
test-all: deps lint build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build $(addprefix --skip ,$(SLOW_TESTS))
	$(SWIFT) test $(TEST_FLAGS) --skip-build $(addprefix --filter ,$(SLOW_TESTS))
	$(MAKE) --no-print-directory test-asan

# Out-of-bounds reads and writes, use after free: any fails the run. Leak checking is off: XCTest on Linux keeps its
# test-case objects and skip messages to the end (25 reports, 17 KB, every one XCTest's own, on the first run).
test-asan:
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --scratch-path $(ASAN_SCRATCH) --filter InferenceTests

build-tests:
	$(SWIFT) build $(TEST_FLAGS) --build-tests

# House style: swift-format (it ships with the toolchain) with the repository's .swift-format, as strict as CI.
# `swift format format -i -r Sources Tests Package.swift` fixes what it reports.
lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

build:
	$(SWIFT) build $(CONFIG) --product closet

# Installs only what is missing, so a set-up machine asks nothing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is needed: see https://www.swift.org/install/linux/"; exit 1; }

# The benchmarks print figures; none of them is a test.
bench: deps build
	./.build/release/closet bench store
	./.build/release/closet bench import

# Installs the binary, the model beside it (share/closet/models/clothing), the man page and the bash,
# zsh and fish completions, the last two written by the binary from its own command definitions.
install: deps build install-files

install-files:
	install -d $(BINDIR) $(DATADIR)/closet/models/clothing $(DATADIR)/man/man1 \
	  $(DATADIR)/bash-completion/completions $(DATADIR)/zsh/site-functions $(DATADIR)/fish/vendor_completions.d
	install -m 755 $(BIN) $(BINDIR)/closet
	install -m 644 $(MODEL_FILES) $(DATADIR)/closet/models/clothing/
	install -d $(DATADIR)/closet/models/segment
	install -m 644 $(SEGMENT_FILES) $(DATADIR)/closet/models/segment/
	$(BIN) generate-manual > $(DATADIR)/man/man1/closet.1
	$(BIN) --generate-completion-script bash > $(DATADIR)/bash-completion/completions/closet
	$(BIN) --generate-completion-script zsh > $(DATADIR)/zsh/site-functions/_closet
	$(BIN) --generate-completion-script fish > $(DATADIR)/fish/vendor_completions.d/closet.fish
	@echo "installed closet into $(PREFIX)/bin (is it on your PATH?)"

uninstall:
	rm -f $(BINDIR)/closet $(DATADIR)/man/man1/closet.1 $(DATADIR)/bash-completion/completions/closet \
	  $(DATADIR)/zsh/site-functions/_closet $(DATADIR)/fish/vendor_completions.d/closet.fish
	rm -f $(addprefix $(DATADIR)/closet/models/clothing/,$(notdir $(MODEL_FILES)))
	rm -f $(addprefix $(DATADIR)/closet/models/segment/,$(notdir $(SEGMENT_FILES)))
	-rmdir $(DATADIR)/closet/models/clothing $(DATADIR)/closet/models/segment $(DATADIR)/closet/models $(DATADIR)/closet 2>/dev/null

# A Debian package, closet_VERSION_amd64.deb, with the Swift runtime linked in (tools/package/deb.sh).
deb: deps
	tools/package/deb.sh

clean:
	rm -rf .build .build-static $(ASAN_SCRATCH)
