# Cross-build targets (issue 6), included at the end of the Makefile; see mk/cross.mk.
ifneq ($(PTB_ARCH),)

.PHONY: cross guest

cross: $(BUILD)/ptbench $(BUILD)/guest-root/.complete

guest: cross

$(BUILD)/ptbench: $(LIBPERF_A) $(LIB_OBJS) $(OBJ)/bench/cli/main.o | check-deps
	$(CC) $(CFLAGS) $(BASE_CFLAGS) -o $@ $(OBJ)/bench/cli/main.o $(LIB_OBJS) $(LIBS)

# The loader and shared libraries the binary needs, at their guest paths.
$(BUILD)/guest-root/.complete: $(BUILD)/ptbench scripts/guest-libs.sh
	scripts/guest-libs.sh $(BUILD)/ptbench $(TRIPLET) $(BUILD)/guest-root $(SYSROOT)

endif
