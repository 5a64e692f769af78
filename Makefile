# tradeoff -- build, test and sanitizer targets.
#
#   make          build build/libtdm.a and build/tradeoff
#   make demo     install missing packages, build, rank an example
#   make test     install missing packages, build, run every test
#   make asan     the whole suite under AddressSanitizer + UBSan (build-asan/)

BUILD   ?= build
CC      ?= cc
PKG_CONFIG ?= pkg-config

WARN    = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
          -Wmissing-prototypes -Wwrite-strings -Wformat=2
OPT     ?= -O2 -g
LUA_CFLAGS  := $(shell $(PKG_CONFIG) --cflags lua5.4 2>/dev/null)
LUA_LIBS    := $(shell $(PKG_CONFIG) --libs lua5.4 2>/dev/null)
RL_CFLAGS   := $(shell $(PKG_CONFIG) --cflags readline 2>/dev/null)
RL_LIBS     := $(shell $(PKG_CONFIG) --libs readline 2>/dev/null)
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Isrc
CFLAGS  += -std=c11 $(WARN) $(OPT) $(SAN_FLAGS) $(LUA_CFLAGS) $(RL_CFLAGS)
LDFLAGS += $(SAN_FLAGS)
LIBS     = $(LUA_LIBS) -lcsv -llpsolve55 -lcolamd -ldl -lm
TEST_LIBS = -lcmocka

# src/main.c and src/cmd_*.c are the command line (they do I/O); all
# the rest is the engine library.
BIN_SRC  := src/main.c $(wildcard src/cmd_*.c)
BIN_OBJ  := $(BIN_SRC:src/%.c=$(BUILD)/obj/%.o)
LIB_SRC  := $(filter-out $(BIN_SRC),$(wildcard src/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HEADERS  := $(wildcard src/*.h)

.PHONY: all demo test unit cli asan deps clean
all: $(BUILD)/tradeoff $(BUILD)/libtdm.a $(TEST_BIN)

deps:
	@./scripts/install-deps

# The deps are installed before pkg-config is asked for flags, so `make demo`
# and `make test` re-enter make once the packages are there.
demo: deps
	@$(MAKE) --no-print-directory $(BUILD)/tradeoff
	$(BUILD)/tradeoff rank examples/message-broker.lua

test: deps
	@$(MAKE) --no-print-directory all
	@./tests/run-tests.sh $(BUILD)

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g" \
		SAN_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" all
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		./tests/run-tests.sh build-asan

$(BUILD)/obj/%.o: src/%.c $(HEADERS) | $(BUILD)/obj
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/libtdm.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/tradeoff: $(BIN_OBJ) $(BUILD)/libtdm.a
	$(CC) $(LDFLAGS) -o $@ $(BIN_OBJ) $(BUILD)/libtdm.a $(RL_LIBS) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtdm.a $(HEADERS) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libtdm.a $(RL_LIBS) $(LIBS) $(TEST_LIBS)

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

clean:
	rm -rf build build-asan
