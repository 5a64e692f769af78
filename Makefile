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
CFLAGS  += -std=c11 -pthread $(WARN) $(OPT) $(SAN_FLAGS) $(LUA_CFLAGS) $(RL_CFLAGS)
LDFLAGS += -pthread $(SAN_FLAGS)
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

# `make test` runs everything three ways and ends with one "N passed, N
# failed" line: the normal build; the unit and black-box suites again
# under ASan+UBSan (build-asan/); the black-box suite under valgrind.
ASAN_SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory -j2 BUILD=build-asan OPT="-O1 -g" \
		SAN_FLAGS="$(ASAN_SAN_FLAGS)" all >/dev/null
	@TDM_TEST_ASAN=build-asan TDM_TEST_VALGRIND=1 ./tests/run-tests.sh $(BUILD)

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g" \
		SAN_FLAGS="$(ASAN_SAN_FLAGS)" all
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

# ---------------------------------------------------------------------------
# make install / make uninstall
#
#   make install PREFIX=/usr DESTDIR=/tmp/stage
#
# installs the binary, the engine library with its header, tdm.pc for
# pkg-config, the man page, bash and zsh completions and the examples.
# It installs what $(BUILD) holds (building it first if it is out of date);
# uninstall removes exactly those files and the directories that are ours.

PREFIX     ?= /usr/local
DESTDIR    ?=
INSTALL    ?= install
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
DOCDIR     ?= $(DATADIR)/doc/tradeoff
PKGCONFIGDIR   ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR    ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR     ?= $(DATADIR)/zsh/site-functions
TDM_VERSION_STR := $(shell sed -n 's/^\#define TDM_VERSION "\(.*\)"/\1/p' src/tdm.h)
EXAMPLES   := $(wildcard examples/*.lua examples/*.csv)

.PHONY: install uninstall

# Paths under PREFIX are written relative to ${prefix}, so that
# `pkg-config --define-prefix` can relocate a staged install.
$(BUILD)/tdm.pc: scripts/tdm.pc.in src/tdm.h Makefile | $(BUILD)/obj
	sed -e 's|@prefix@|$(PREFIX)|g' \
	    -e 's|@libdir@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|g' \
	    -e 's|@includedir@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|g' \
	    -e 's|@version@|$(TDM_VERSION_STR)|g' scripts/tdm.pc.in > $@

install: $(BUILD)/tradeoff $(BUILD)/libtdm.a $(BUILD)/tdm.pc
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
		$(DESTDIR)$(INCLUDEDIR)/tdm $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(DOCDIR)/examples
	$(INSTALL) -m 755 $(BUILD)/tradeoff $(DESTDIR)$(BINDIR)/tradeoff
	$(INSTALL) -m 644 $(BUILD)/libtdm.a $(DESTDIR)$(LIBDIR)/libtdm.a
	$(INSTALL) -m 644 src/tdm.h $(DESTDIR)$(INCLUDEDIR)/tdm/tdm.h
	$(INSTALL) -m 644 $(BUILD)/tdm.pc $(DESTDIR)$(PKGCONFIGDIR)/tdm.pc
	$(INSTALL) -m 644 doc/tradeoff.1 $(DESTDIR)$(MANDIR)/man1/tradeoff.1
	$(INSTALL) -m 644 scripts/tradeoff.bash $(DESTDIR)$(BASHCOMPDIR)/tradeoff
	$(INSTALL) -m 644 scripts/_tradeoff $(DESTDIR)$(ZSHCOMPDIR)/_tradeoff
	$(INSTALL) -m 644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tradeoff $(DESTDIR)$(LIBDIR)/libtdm.a \
		$(DESTDIR)$(INCLUDEDIR)/tdm/tdm.h $(DESTDIR)$(PKGCONFIGDIR)/tdm.pc \
		$(DESTDIR)$(MANDIR)/man1/tradeoff.1 \
		$(DESTDIR)$(BASHCOMPDIR)/tradeoff $(DESTDIR)$(ZSHCOMPDIR)/_tradeoff
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/examples/,$(notdir $(EXAMPLES)))
	rmdir $(DESTDIR)$(INCLUDEDIR)/tdm $(DESTDIR)$(DOCDIR)/examples \
		$(DESTDIR)$(DOCDIR) 2>/dev/null || true

clean:
	rm -rf build build-asan

# ---- lua-module: `require "tdm"` for a standalone lua5.4 (doc/lua-module.md)
# $(BUILD)/tdm.so is src/lua/tdm_module.c and the engine compiled with
# -fPIC into $(BUILD)/pic/ (an archive, so only what the module uses is
# linked in: not the REPL and readline). liblua is not linked: the host
# interpreter provides it. lp_solve comes from Debian as a static archive
# only; its -fPIC build is liblpsolve55_pic.a (it wants libdl). `all` does
# not build the module; `make test` does.
PIC_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/pic/%.o)

.PHONY: lua-module lua-module-for-test
lua-module: $(BUILD)/tdm.so

$(BUILD)/pic/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -c -o $@ $<

$(BUILD)/pic/libtdm.a: $(PIC_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/tdm.so: $(BUILD)/pic/lua/tdm_module.o $(BUILD)/pic/libtdm.a
	$(CC) $(LDFLAGS) -shared -o $@ $(BUILD)/pic/lua/tdm_module.o \
		$(BUILD)/pic/libtdm.a -lcsv -llpsolve55_pic -lcolamd -ldl -lm

# After deps (pkg-config must find lua5.4 first), like `test` itself.
test: lua-module-for-test
lua-module-for-test: deps
	@$(MAKE) --no-print-directory lua-module
# ---- end lua-module

# ---- fuzz: libFuzzer targets (doc/fuzzing.md)
#
#   make fuzz                  build and run each target FUZZ_SECONDS (60)
#   make fuzz FUZZ_SECONDS=600 the 10-minute runs issue 8 asks for
#   make fuzz-build            build only: build-fuzz/fuzz_{csv,decl,repl,must,columns,eval}
#
# The engine is compiled with -fsanitize=fuzzer-no-link,address,undefined
# into build-fuzz/obj; the targets link -fsanitize=fuzzer. Each run starts
# from a scratch copy of tests/fuzz/corpus/<target> so the committed seeds
# do not grow; a finding (crash, leak, timeout) stops `make fuzz` with a
# non-zero status and leaves the input as build-fuzz/<target>-crash-*.
FUZZ_CC      ?= clang
FUZZ_DIR     := build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=address,undefined
# UBSan reports stop the run (halt_on_error) except the known ones listed
# in tests/fuzz/ubsan.supp.
FUZZ_ENV     := UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=tests/fuzz/ubsan.supp
FUZZ_CFLAGS  := -std=c11 -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) \
                $(LUA_CFLAGS) $(RL_CFLAGS)
FUZZ_TARGETS := csv decl repl must columns eval
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_LIB_OBJ := $(LIB_SRC:src/%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_MAXLEN_csv  := 65536
FUZZ_MAXLEN_decl := 16384
FUZZ_MAXLEN_repl := 1024
FUZZ_MAXLEN_must := 256
FUZZ_MAXLEN_columns := 4096
FUZZ_MAXLEN_eval := 4096

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)

$(FUZZ_DIR)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/libtdm.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/harness.o: tests/fuzz/harness.c tests/fuzz/harness.h $(HEADERS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DIR)/harness.o $(FUZZ_DIR)/libtdm.a
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Itests/fuzz \
		-o $@ $< $(FUZZ_DIR)/harness.o $(FUZZ_DIR)/libtdm.a \
		$(RL_LIBS) $(LIBS)

fuzz: $(FUZZ_BINS)
	@set -e; for t in $(FUZZ_TARGETS); do \
		rm -rf $(FUZZ_DIR)/corpus-$$t; mkdir -p $(FUZZ_DIR)/corpus-$$t; \
		cp tests/fuzz/corpus/$$t/* $(FUZZ_DIR)/corpus-$$t/; \
		echo "fuzz_$$t: $(FUZZ_SECONDS)s"; \
		$(FUZZ_ENV) ./$(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-max_len=$$(case $$t in csv) echo $(FUZZ_MAXLEN_csv);; \
			decl) echo $(FUZZ_MAXLEN_decl);; repl) echo $(FUZZ_MAXLEN_repl);; \
			columns) echo $(FUZZ_MAXLEN_columns);; \
			eval) echo $(FUZZ_MAXLEN_eval);; \
			*) echo $(FUZZ_MAXLEN_must);; esac) \
			-timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_DIR)/$$t- \
			$(FUZZ_DIR)/corpus-$$t || { echo "fuzz_$$t: finding"; exit 1; }; \
	done
# ---- end fuzz

# ---- out-of-memory sweeps (tests/unit/test_oom.c, doc/design/oom.md)
# test_oom interposes the allocator with the linker's --wrap: every malloc,
# calloc, realloc and strdup made by libtdm.a (and Lua's heap, which the
# sandbox takes from realloc) goes through its counting wrappers.
# lp_solve's entry points are wrapped too: they suspend the injection
# (lp_solve itself does not survive a failed allocation).
$(BUILD)/tests/test_oom: LDFLAGS += -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup \
	-Wl,--wrap=make_lp,--wrap=set_obj_fnex,--wrap=add_constraintex \
	-Wl,--wrap=set_add_rowmode,--wrap=solve,--wrap=delete_lp
# ---- end out-of-memory sweeps

# ---- bench: throughput and peak memory on large CSVs (doc/performance.md)
#
#   make bench                         10k, 100k and 1M rows; PROMETHEE II at
#                                      5k and 20k; eval's memory at 1M and 4M
#   make bench BENCH_QUICK=1           10k rows only (env vars: scripts/bench)
#
# scripts/bench-repl, when present, measures the REPL the same way.
.PHONY: bench
bench: all
	./scripts/bench $(BUILD)/tradeoff
	@if [ -e scripts/bench-repl ]; then \
		echo "./scripts/bench-repl $(BUILD)/tradeoff"; \
		./scripts/bench-repl $(BUILD)/tradeoff; \
	fi
# ---- end bench

# ---- bench-repl: every REPL command on a 1,000-option, 10-criterion
# decision, with wsm and with topsis, against 50 ms (issue 6; the design
# and the numbers: doc/design/repl-performance.md; env vars:
# scripts/bench-repl). `make bench` runs it too.
.PHONY: bench-repl
bench-repl: $(BUILD)/tradeoff
	./scripts/bench-repl $(BUILD)/tradeoff
# ---- end bench-repl
