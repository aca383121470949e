# Fuzzing: libFuzzer targets (clang) for the config parser, the point-spec
# parser, the result loader and LAVA job logs, and a replayer (gcc, ASan/UBSan) that "make
# test" runs over the seed corpus and every input that once crashed a target.
#
#   make fuzz [FUZZ_TIME=seconds per target] [FUZZ_TARGETS="config load"]
#   make fuzz-replay

FUZZ_TARGETS	?= config spec load compare lavalog
FUZZ_TIME	?= 60
FUZZ_CC		?= clang
FOBJ		:= $(BUILD)/fuzz
FUZZ_CFLAGS	:= -O1 -g -fno-omit-frame-pointer -Ifuzz
FLIB_OBJS	:= $(patsubst %.c,$(FOBJ)/%.o,$(LIB_SRCS) fuzz/common.c)
FUZZ_BINS	:= $(addprefix $(FOBJ)/fuzz_,$(FUZZ_TARGETS))
REPLAY_BINS	:= $(addprefix $(AOBJ)/fuzz/replay_,$(FUZZ_TARGETS))

.PHONY: fuzz fuzz-replay
.SECONDARY: $(FLIB_OBJS)

# -Wno-missing-field-initializers: clang, unlike gcc, warns of the "{ NULL }"
# that ends every table; it must come after -Wextra.
$(FOBJ)/%.o: %.c | $(LIBPERF_A) $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined $(BASE_CFLAGS) -Wno-missing-field-initializers -c -o $@ $<

$(FOBJ)/fuzz_%: fuzz/fuzz_%.c $(FLIB_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined $(BASE_CFLAGS) -Wno-missing-field-initializers -o $@ $< $(FLIB_OBJS) $(LIBS)

$(AOBJ)/fuzz/replay_%: fuzz/replay.c fuzz/fuzz_%.c $(ALIB_OBJS) $(AOBJ)/fuzz/common.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) $(BASE_CFLAGS) -Ifuzz -o $@ fuzz/replay.c fuzz/fuzz_$*.c \
		$(ALIB_OBJS) $(AOBJ)/fuzz/common.o $(LIBS)

fuzz:
	@scripts/deps.sh $(FUZZ_CC):clang
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
	@scripts/fuzz.sh $(FOBJ) $(FUZZ_TIME) $(FUZZ_TARGETS)

fuzz-replay: $(REPLAY_BINS)
	@for t in $(FUZZ_TARGETS); do \
		$(AOBJ)/fuzz/replay_$$t fuzz/corpus/$$t fuzz/regress/$$t || exit 1; \
	done
