# callreach - call-graph reachability over GCC -fcallgraph-info files.

PREFIX ?= /usr/local
BUILD ?= build
CC ?= cc
PKGS = sqlite3 libcjson libgvc

WARN = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 $(WARN) $(CFLAGS) \
	$(shell pkg-config --cflags $(PKGS))
LIBS = $(shell pkg-config --libs $(PKGS))

ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
BUILD := build-sanitize
endif

SRCS = $(wildcard analyzer/*.c)
OBJS = $(patsubst analyzer/%.c,$(BUILD)/obj/%.o,$(SRCS))
LIB_OBJS = $(filter-out $(BUILD)/obj/main.o $(BUILD)/obj/cmd%.o,$(OBJS))

UNIT_SRCS = $(wildcard tests/unit/*.c)
UNIT_BINS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

.PHONY: all install check unit deps analyze clean bench

all: $(BUILD)/callreach

$(BUILD)/callreach: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(BUILD)/obj/%.o: analyzer/%.c $(wildcard analyzer/*.h) | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Ianalyzer $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS)

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

install: $(BUILD)/callreach
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/callreach $(DESTDIR)$(PREFIX)/bin/callreach

deps:
	@ci-scripts/install-deps.sh

check: deps
	$(MAKE) $(BUILD)/callreach $(UNIT_BINS)
	CALLREACH=$(CURDIR)/$(BUILD)/callreach UNIT_TESTS="$(UNIT_BINS)" tests/run.sh

analyze: deps
	$(MAKE) $(BUILD)/callreach
	CALLREACH=$(CURDIR)/$(BUILD)/callreach ci-scripts/analyze.sh $(XEN)

clean:
	rm -rf build build-sanitize
