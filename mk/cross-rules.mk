# Cross-build targets (issue 6), included at the end of the Makefile; see mk/cross.mk.
ifneq ($(PTB_ARCH),)

.PHONY: cross guest guest-asan guest-kexec

cross: $(BUILD)/ptbench $(BUILD)/guest-root/.complete

guest: cross

$(BUILD)/ptbench: $(LIBPERF_A) $(LIB_OBJS) $(OBJ)/cli/main.o | check-deps
	$(CC) $(CFLAGS) $(BASE_CFLAGS) -o $@ $(OBJ)/cli/main.o $(LIB_OBJS) $(LIBS)

# The loader and shared libraries the binary needs, at their guest paths.
$(BUILD)/guest-root/.complete: $(BUILD)/ptbench scripts/guest-libs.sh
	scripts/guest-libs.sh $(BUILD)/ptbench $(TRIPLET) $(BUILD)/guest-root $(SYSROOT)

# Debian's kexec-tools for the guest, its loader and libraries (ptbench vm
# --ab): downloaded with a private apt state, never installed on the host.
guest-kexec: $(BUILD)/guest-kexec/.complete

$(BUILD)/guest-kexec/.complete: scripts/guest-kexec.sh scripts/guest-libs.sh
	scripts/guest-kexec.sh $(PTB_ARCH) $(BUILD)/guest-kexec

# The ASan/UBSan build for guests (ptbench vm --guest-bin): guest-side code
# (PID 1, the hold server, the run in a guest) under the sanitizers, with
# libasan and libubsan in its own guest-root.
guest-asan: $(BUILD)/asan-guest/guest-root/.complete

$(BUILD)/asan-guest/ptbench: $(BUILD)/ptbench-asan
	@mkdir -p $(dir $@)
	cp $< $@

$(BUILD)/asan-guest/guest-root/.complete: $(BUILD)/asan-guest/ptbench scripts/guest-libs.sh
	scripts/guest-libs.sh $< $(TRIPLET) $(BUILD)/asan-guest/guest-root $(SYSROOT)

endif
