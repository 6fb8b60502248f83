# closet: `make run` sets up and starts the app, `make test` sets up and runs every test.
# Both install the Debian packages closet needs first (with sudo when not root).

SWIFT ?= swift
CONFIG = -c release
APT_PACKAGES = libncursesw5-dev libsqlite3-dev libjpeg-dev libpng-dev pkg-config tmux
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build deps bench clean

run: deps build
	./.build/release/closet $(ARGS)

test: deps
	$(SWIFT) test $(CONFIG)

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

clean:
	rm -rf .build
