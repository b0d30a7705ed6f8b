# callreach - call-graph reachability over GCC -fcallgraph-info files.

PREFIX ?= /usr/local
BUILD ?= build
CC ?= cc
PKGS = sqlite3 libcjson libgvc libelf libdw libxxhash

WARN = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 $(WARN) $(CFLAGS) \
	$(shell pkg-config --cflags $(PKGS))
# -pthread: ingest parses on a thread of its own (analyzer/ingest_reader.c).
# Graphviz is not linked: analyzer/graphviz.c opens libgvc by its soname
# when an SVG is first asked for.
# SQLite, elfutils and xxHash are linked from their static libraries
# (their -dev packages ship them): the dynamic loader's symbol lookups were
# half of the start of a command (2.8 ms against 1.4 ms, doc/performance-rounds.md).
# cJSON has no static library in Debian; libc and libm stay shared.
STATIC_PKGS = sqlite3 libelf libdw libxxhash
LIBS = -Wl,-Bstatic \
	$(filter-out -lm -pthread -lpthread,$(shell pkg-config --static --libs $(STATIC_PKGS))) \
	-Wl,-Bdynamic $(shell pkg-config --libs libcjson) -lm -pthread
GVC_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libgvc)/libgvc.so" 2>/dev/null | awk '$$1 == "SONAME" { print $$2 }')
ALL_CFLAGS += $(if $(GVC_SONAME),-DGVC_SONAME='"$(GVC_SONAME)"')

ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
BUILD := build-sanitize
# A sanitizer report exits 99, never 1 ("not found") or another code a test
# may expect; Graphviz's own leaks are suppressed (tests/lsan.supp).
SANITIZE_ENV = ASAN_OPTIONS=exitcode=99:detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=exitcode=99:print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
endif

SRCS = $(wildcard analyzer/*.c)
OBJS = $(patsubst analyzer/%.c,$(BUILD)/obj/%.o,$(SRCS))
LIB_OBJS = $(filter-out $(BUILD)/obj/main.o $(BUILD)/obj/cmd%.o,$(OBJS))

UNIT_SRCS = $(wildcard tests/unit/*.c)
UNIT_BINS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

.PHONY: all install check check-gitlab unit deps analyze clean bench fuzz fuzz-build fuzz-deps \
	valgrind

all: $(BUILD)/callreach

$(BUILD)/callreach: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(BUILD)/obj/%.o: analyzer/%.c $(wildcard analyzer/*.h) | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Ianalyzer $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS)

# The test of dwarf_fields_open()'s second reading moves the addresses
# libdwfl gives (ld --wrap): a libdwfl of another layout, seen to be so.
$(BUILD)/tests/test_dwarf_fields: tests/unit/test_dwarf_fields.c $(LIB_OBJS) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Ianalyzer $(LDFLAGS) \
		-Wl,--wrap=dwfl_module_getsym_info \
		-Wl,--wrap=dwfl_report_offline_memory \
		-o $@ $< $(LIB_OBJS) $(LIBS)

# The unit test of what the commands share links that part too.
$(BUILD)/tests/test_cmd: tests/unit/test_cmd.c $(LIB_OBJS) $(BUILD)/obj/cmd.o | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Ianalyzer $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(BUILD)/obj/cmd.o $(LIBS)

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

install: $(BUILD)/callreach
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/callreach $(DESTDIR)$(PREFIX)/bin/callreach
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 man/callreach.1 $(DESTDIR)$(PREFIX)/share/man/man1/callreach.1

deps:
	@ci-scripts/install-deps.sh

check: deps
	$(MAKE) $(BUILD)/callreach $(UNIT_BINS)
	$(SANITIZE_ENV) CALLREACH=$(CURDIR)/$(BUILD)/callreach \
		UNIT_TESTS="$(UNIT_BINS)" tests/run.sh

# The GitLab pipeline run for real by gitlab-ci-local on a fixture project
# (tests/gitlab/pipeline.sh, about 30 s): it needs Node.js and npm's
# gitlab-ci-local, so it is apart from "make check"; .ci/run runs both.
check-gitlab: deps
	@ci-scripts/install-deps.sh --gitlab
	$(MAKE) $(BUILD)/callreach
	$(SANITIZE_ENV) CALLREACH=$(CURDIR)/$(BUILD)/callreach \
		tests/run.sh tests/gitlab/pipeline.sh

# libFuzzer harnesses (tests/fuzz/fuzz_*.c), built with clang; "make fuzz"
# runs each for FUZZ_SECONDS.  Not part of "make check".
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 600
FUZZ_BUILD = build-fuzz
FUZZ_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
	$(shell pkg-config --cflags $(PKGS))
FUZZ_LIB_OBJS = $(patsubst $(BUILD)/obj/%.o,$(FUZZ_BUILD)/obj/%.o,$(LIB_OBJS))
FUZZ_LIB_SRCS = $(patsubst $(BUILD)/obj/%.o,analyzer/%.c,$(LIB_OBJS))
FUZZ_SRCS = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS = $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(FUZZ_SRCS))
FUZZ_COV_BINS = $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/cov/%,$(FUZZ_SRCS))

fuzz: fuzz-build
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

fuzz-build: fuzz-deps
	$(MAKE) $(FUZZ_BINS) $(FUZZ_COV_BINS)

fuzz-deps:
	@ci-scripts/install-deps.sh --fuzz

$(FUZZ_BUILD)/obj/%.o: analyzer/%.c $(wildcard analyzer/*.h) | $(FUZZ_BUILD)/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) \
		$(FUZZ_LIB_OBJS) | $(FUZZ_BUILD)/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Ianalyzer -o $@ $< \
		$(FUZZ_LIB_OBJS) $(LIBS)

# the same harnesses with source coverage, to report what the corpus covers
$(FUZZ_BUILD)/cov/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) \
		$(FUZZ_LIB_SRCS) | $(FUZZ_BUILD)/cov
	$(FUZZ_CC) -std=c11 -D_XOPEN_SOURCE=700 -g -O1 -fsanitize=fuzzer \
		-fprofile-instr-generate -fcoverage-mapping \
		$(shell pkg-config --cflags $(PKGS)) -Ianalyzer -o $@ $< \
		$(FUZZ_LIB_SRCS) $(LIBS)

.SECONDARY: $(FUZZ_LIB_OBJS)

$(FUZZ_BUILD)/obj $(FUZZ_BUILD)/cov:
	mkdir -p $@

# valgrind memcheck of the corpus tests (VALGRIND_TESTS names others)
VALGRIND_TESTS ?= tests/t100-corpus-defconfig.sh tests/t110-corpus-allyesconfig.sh

valgrind: deps
	@ci-scripts/install-deps.sh --valgrind
	@if [ "$(SANITIZE)" = 1 ]; then echo "valgrind: not with SANITIZE=1" >&2; exit 2; fi
	$(MAKE) $(BUILD)/callreach
	tests/valgrind.sh $(CURDIR)/$(BUILD)/callreach $(VALGRIND_TESTS)

analyze: deps
	$(MAKE) $(BUILD)/callreach
	CALLREACH=$(CURDIR)/$(BUILD)/callreach ci-scripts/analyze.sh $(XEN)

# Benchmarks (bench/): "make bench" times the operations on the real
# allyesconfig corpus against its baselines; "make bench-scale" ingests and
# queries synthetic trees of 1, 10 and 100 times its size.
BENCH_TOOLS = $(BUILD)/bench/runner $(BUILD)/bench/gen-ci \
	$(BUILD)/bench/dwarf-floor

.PHONY: bench-scale

bench: deps
	$(MAKE) $(BUILD)/callreach $(BENCH_TOOLS)
	BUILD=$(BUILD) bench/bench.sh

bench-scale: deps
	$(MAKE) $(BUILD)/callreach $(BENCH_TOOLS)
	BUILD=$(BUILD) bench/scale.sh

$(BUILD)/bench/%: bench/%.c | $(BUILD)/bench
	$(CC) -std=c11 $(WARN) $(CFLAGS) -o $@ $<

# libdw alone reading the objects' DWARF, linked as callreach links it
$(BUILD)/bench/dwarf-floor: bench/dwarf-floor.c | $(BUILD)/bench
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBS)

$(BUILD)/bench:
	mkdir -p $@

clean:
	rm -rf build build-sanitize build-fuzz
