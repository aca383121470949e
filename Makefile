# ptbench: page-table benchmarks for Linux mm developers.
#
#   make            build ./ptbench (dependencies must be there: see "make deps")
#   make deps       install what is missing (apt-get), build libperf
#   make run        deps + build + run configs/default.json + write results/ and a report
#   make test       deps + the include rules + build + unit tests (plain and
#                   ASan/UBSan) + fuzz-input replay + integration tests
#   make test-asan  the same with ptbench itself built with ASan/UBSan
#   make fuzz       libFuzzer targets, FUZZ_TIME seconds each (mk/fuzz.mk)
#   make test-scale       a 16-vCPU, 2-node guest (CI runs it after make test)
#   make test-minimal     a minimal 6.12 kernel of our own, plain and ASan guest builds
#   make test-lava        ptbench lava's jobs run by LAVA (lava-run) on QEMU devices
#   make bench-overhead   harness overhead against a standalone loop
#
# KSRC=/path/to/linux builds libperf from that tree instead of Debian's
# linux-source tarball. CONFIG= picks the suite "make run" runs.

# --- cross builds (issue 6): ARCH= / CROSS_COMPILE=, see mk/cross.mk ---
include mk/cross.mk
# --- end cross builds ---

BUILD		?= build
LIBPERF		?= $(BUILD)/libperf
KSRC		?=
CONFIG		?= configs/default.json
LABEL		?= $(shell uname -r)
PKG_CONFIG	?= pkg-config
CC		?= cc

# Generated headers: version.h (scripts/gen-version.sh, rewritten only when
# the sha, dirty state or flags change) and libperf_features.h (what the
# libperf headers offer, scripts/libperf-probe.sh).
GEN		:= $(BUILD)/gen
GEN_HDRS	:= $(GEN)/version.h $(GEN)/libperf_features.h
PKGS		:= jansson hwloc zlib fuse3 yaml-0.1
WARN		:= -Wall -Wextra -Werror
CFLAGS		?= -O2 -g
BASE_CFLAGS	:= -std=gnu11 -D_GNU_SOURCE -pthread -MMD -MP $(WARN) \
		   -I. -I$(GEN) -I$(LIBPERF)/include \
		   $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) $(CROSS_CFLAGS)
LIBS		:= $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) \
		   $(LIBPERF)/lib/libperf.a $(LIBPERF)/lib/libapi.a -lm -pthread $(CROSS_LDFLAGS)
SAN		:= -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRCS	:= $(filter-out cli/main.c,$(wildcard lib/*.c bench/*/*.c cli/*.c vm/*.c ab/*.c lava/*.c workloads/*.c analysis/*.c))
UNIT_SRCS	:= $(wildcard tests/unit/test_*.c)
UNIT_NAMES	:= $(patsubst tests/unit/%.c,%,$(UNIT_SRCS))

OBJ		:= $(BUILD)/obj
AOBJ		:= $(BUILD)/asan
LIB_OBJS	:= $(patsubst %.c,$(OBJ)/%.o,$(LIB_SRCS))
ALIB_OBJS	:= $(patsubst %.c,$(AOBJ)/%.o,$(LIB_SRCS))
UNIT_BINS	:= $(addprefix $(OBJ)/tests/,$(UNIT_NAMES))
AUNIT_BINS	:= $(addprefix $(AOBJ)/tests/,$(UNIT_NAMES))
LIBPERF_A	:= $(LIBPERF)/lib/libperf.a

.PHONY: FORCE all deps run test test-asan test-scale test-minimal test-lava unit unit-asan integration bench-overhead clean distclean check-deps check-includes check-sizes

all: ptbench

check-deps:
	@$(PKG_CONFIG) --exists $(PKGS) || { echo "missing libraries ($(PKGS)): run 'make deps'" >&2; exit 1; }

deps:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory $(LIBPERF_A)

$(LIBPERF_A):
	scripts/build-libperf.sh $(LIBPERF) $(KSRC)

$(GEN)/libperf_features.h: $(LIBPERF_A) scripts/libperf-probe.sh
	scripts/libperf-probe.sh $@ $(LIBPERF) $(CC) $(CROSS_CFLAGS)

# Run on every make; the file changes only when the provenance does.
$(GEN)/version.h: FORCE
	@mkdir -p $(dir $@)
	@scripts/gen-version.sh $@ '$(CFLAGS)'

FORCE:

ptbench: $(LIBPERF_A) $(LIB_OBJS) $(OBJ)/cli/main.o | check-deps
	$(CC) $(CFLAGS) $(BASE_CFLAGS) -o $@ $(OBJ)/cli/main.o $(LIB_OBJS) $(LIBS)

$(BUILD)/ptbench-asan: $(LIBPERF_A) $(ALIB_OBJS) $(AOBJ)/cli/main.o
	$(CC) $(CFLAGS) $(SAN) $(BASE_CFLAGS) -o $@ $(AOBJ)/cli/main.o $(ALIB_OBJS) $(LIBS)

$(OBJ)/%.o: %.c | $(LIBPERF_A) $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BASE_CFLAGS) -c -o $@ $<

$(AOBJ)/%.o: %.c | $(LIBPERF_A) $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) $(BASE_CFLAGS) -c -o $@ $<

$(OBJ)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BASE_CFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS) $(shell $(PKG_CONFIG) --libs cmocka)

$(AOBJ)/tests/%: tests/unit/%.c $(ALIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) $(BASE_CFLAGS) -o $@ $< $(ALIB_OBJS) $(LIBS) $(shell $(PKG_CONFIG) --libs cmocka)

$(BUILD)/mmloop: tests/bench/mmloop.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BASE_CFLAGS) -o $@ $< -pthread

# The run, then a report of that run next to its result file (<result>-report/).
run: deps ptbench
	@out=$$(./ptbench run --config $(CONFIG) --label $(LABEL) | tee /dev/stderr | \
		sed -n 's/^result: //p' | tail -n 1); \
	[ -n "$$out" ] || { echo "make run: the run wrote no result" >&2; exit 1; }; \
	./ptbench report --out "$${out%.json}-report" "$$out"

# Which folder may include which (docs/architecture.md).
check-includes:
	@scripts/check-includes.sh

# No function over 80 lines, no file over 600 (docs/architecture.md).
check-sizes:
	@scripts/check-sizes.sh

unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

unit-asan: $(AUNIT_BINS)
	@tests/run-unit.sh $(AUNIT_BINS)

integration: ptbench $(BUILD)/ptbench-asan
	@tests/run-integration.sh

# The tests build against both Debian kernel tarballs (tests/integration/15-*)
# and load the report's index.html in a real browser (headless Chromium).
TEST_DEPS	:= /usr/src/linux-source-6.1.tar.xz:linux-source-6.1 \
		   /usr/src/linux-source-6.12.tar.xz:linux-source-6.12 chromium:chromium

# The test packages first: the build's own libperf comes from the newest tarball.
test:
	@scripts/deps.sh $(TEST_DEPS)
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory check-includes check-sizes ptbench
	@$(MAKE) --no-print-directory unit unit-asan fuzz-replay integration

# The same suite with every binary, ptbench included, under ASan/UBSan.
test-asan:
	@scripts/deps.sh $(TEST_DEPS)
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory check-includes check-sizes ptbench $(BUILD)/ptbench-asan
	@$(MAKE) --no-print-directory unit-asan fuzz-replay
	@PTB=$(BUILD)/ptbench-asan tests/run-integration.sh

# At size under TCG: a 16-vCPU, 2-node x86_64 guest (tests/scale/; slow, not in make test).
test-scale: ptbench
	@bash tests/scale/vm-16cpu.sh

# A developer's own minimal 6.12 kernel (tinyconfig + what ptbench needs, built
# once into ~/.cache/ptbench) booted with the guest build and with the ASan/UBSan
# guest build (tests/minimal/; CI runs it after make test).
MINIMAL_DEPS	:= flex:flex bison:bison bc:bc /usr/include/libelf.h:libelf-dev patch:patch \
		   /usr/src/linux-source-6.12.tar.xz:linux-source-6.12 \
		   /usr/src/linux-source-6.1.tar.xz:linux-source-6.1
test-minimal: ptbench
	@scripts/deps.sh $(MINIMAL_DEPS)
	@$(MAKE) --no-print-directory ARCH=x86_64 guest guest-asan
	@bash tests/minimal/vm-minimal.sh
	@bash tests/minimal/vm-known-bug.sh
	@bash tests/minimal/vm-unbatched.sh

# ptbench lava's jobs run by Debian's lava-dispatcher (lava-run, no server) on
# QEMU devices of the four arches, collected and compared (tests/lava/; CI runs
# it after make test).
LAVA_DEPS	:= lava-run:lava-dispatcher
test-lava: ptbench
	@scripts/deps.sh $(LAVA_DEPS)
	@bash tests/lava/test-lava.sh

bench-overhead: ptbench $(BUILD)/mmloop
	scripts/bench-overhead.sh

clean:
	rm -rf $(OBJ) $(AOBJ) $(GEN) $(BUILD)/tests $(BUILD)/ptbench-asan $(BUILD)/mmloop ptbench
	rm -rf $(FOBJ)/bench $(FOBJ)/workloads $(FOBJ)/analysis $(FOBJ)/fuzz $(FOBJ)/fuzz_*

distclean:
	rm -rf $(BUILD) ptbench

include mk/fuzz.mk

-include $(shell find $(BUILD)/obj $(BUILD)/asan -name '*.d' 2>/dev/null)

# --- cross builds (issue 6) ---
include mk/cross-rules.mk
