# The two quick-start commands (README): `make speak` and `make test`. Each installs what it needs.
TEXT ?= Hello from G L M T T S. This sentence was spoken by a Swift library.
OUT ?= hello.wav

.PHONY: deps build speak test sanitize bench

deps:
	./Scripts/install-deps.sh

build: deps
	swift build -c release --product glmtts

speak: build
	.build/release/glmtts speak "$(TEXT)" -o $(OUT)

test: deps
	swift test

# Kernel tests under AddressSanitizer and UndefinedBehaviorSanitizer (Docs/Building.md).
sanitize: deps
	./Scripts/sanitize.sh

bench: deps
	cd Benchmarks && swift run -c release KernelReport
