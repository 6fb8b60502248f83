# closet: `make run` sets up and starts the app, `make test` sets up and runs every test.
# Both install the Debian packages closet needs first (with sudo when not root).

SWIFT ?= swift
CONFIG = -c release
APT_PACKAGES = libncursesw5-dev libsqlite3-dev libjpeg-dev libpng-dev pkg-config tmux
# For `make deb` and its tests too: static Foundation links libcurl; debootstrap makes a clean Debian 12 root.
# Xvfb, xwd (x11-apps), xterm and kitty: the photos in real terminals, screenshotted.
TEST_APT_PACKAGES = $(APT_PACKAGES) libcurl4-openssl-dev dpkg-dev debootstrap xvfb x11-apps xterm kitty
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Where `make install` puts closet: ~/.local by default (no root needed); PREFIX=/usr/local for everyone.
PREFIX ?= $(HOME)/.local
# The binary `install-files` copies (the release build by default).
BIN ?= .build/release/closet
BINDIR = $(DESTDIR)$(PREFIX)/bin
DATADIR = $(DESTDIR)$(PREFIX)/share
MODEL_FILES = models/clothing/manifest.json models/clothing/model.safetensors models/clothing/fine_kinds.json

.PHONY: run test lint build deps bench clean install install-files uninstall deb

run: deps build
	./.build/release/closet $(ARGS)

test: APT_PACKAGES := $(TEST_APT_PACKAGES)
test: deps lint
	$(SWIFT) test $(CONFIG)

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
	$(BIN) generate-manual > $(DATADIR)/man/man1/closet.1
	$(BIN) --generate-completion-script bash > $(DATADIR)/bash-completion/completions/closet
	$(BIN) --generate-completion-script zsh > $(DATADIR)/zsh/site-functions/_closet
	$(BIN) --generate-completion-script fish > $(DATADIR)/fish/vendor_completions.d/closet.fish
	@echo "installed closet into $(PREFIX)/bin (is it on your PATH?)"

uninstall:
	rm -f $(BINDIR)/closet $(DATADIR)/man/man1/closet.1 $(DATADIR)/bash-completion/completions/closet \
	  $(DATADIR)/zsh/site-functions/_closet $(DATADIR)/fish/vendor_completions.d/closet.fish
	rm -f $(addprefix $(DATADIR)/closet/models/clothing/,$(notdir $(MODEL_FILES)))
	-rmdir $(DATADIR)/closet/models/clothing $(DATADIR)/closet/models $(DATADIR)/closet 2>/dev/null

# A Debian package, closet_VERSION_amd64.deb, with the Swift runtime linked in (tools/package/deb.sh).
deb: deps
	tools/package/deb.sh

clean:
	rm -rf .build .build-static
