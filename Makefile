# The two commands of the README. Both install what is missing first.
.PHONY: run test setup bundle bench windows windows-test

export CARGO_TARGET_DIR ?= $(HOME)/.cache/kasir-alpiant/target

run:            ## install what is missing, then start the app in dev mode
	scripts/setup.sh run
	npx tauri dev

test:           ## install what is missing, then run every test (Rust, Vitest, end-to-end)
	scripts/setup.sh test
	scripts/test.sh

bundle:         ## build installers (.deb and AppImage) into $(CARGO_TARGET_DIR)/release/bundle
	scripts/setup.sh run
	npx tauri build
	scripts/deb-xz.sh "$(CARGO_TARGET_DIR)"/release/bundle/deb/*.deb

bench:          ## release builds of the app and of an empty Tauri window, then launch/memory/size/latency figures (test-output/bench/)
	scripts/setup.sh test
	scripts/bench.sh

windows:        ## Windows build from Linux: kasir-alpiant.exe, kasir-cli.exe, NSIS installer -> test-output/windows/
	scripts/setup.sh windows
	scripts/windows.sh build

windows-test:   ## the Windows build, then its tests under Wine (also a stage of `make test`)
	scripts/setup.sh windows-test
	scripts/windows.sh all
