# Cross builds (issue 6), included at the top of the Makefile.
#
#   make ARCH=arm64|ppc64le|s390x|x86_64     (aarch64, powerpc64le/ppc64el, s390, x86/amd64 too)
#   make CROSS_COMPILE=aarch64-linux-gnu-     (the arch is taken from the triplet)
#
# builds build/<arch>/ptbench with the Debian cross toolchain, libperf for the
# target from the kernel tree (build/<arch>/libperf), jansson and hwloc from a
# sysroot of the target's Debian -dev packages (build/<arch>/sysroot, fetched by
# scripts/mk-sysroot.sh with a private apt state), and build/<arch>/guest-root:
# the shared libraries and loader the binary needs, for "ptbench vm" initramfs
# images. Without ARCH and CROSS_COMPILE nothing here applies.

ifneq ($(strip $(ARCH)$(CROSS_COMPILE)),)

ifeq ($(strip $(ARCH)),)
ARCH := $(firstword $(subst -, ,$(CROSS_COMPILE)))
endif

ifneq ($(filter $(ARCH),arm64 aarch64),)
PTB_ARCH := arm64
TRIPLET := aarch64-linux-gnu
DEBARCH := arm64
else ifneq ($(filter $(ARCH),ppc64le powerpc64le ppc64el powerpc),)
PTB_ARCH := ppc64le
TRIPLET := powerpc64le-linux-gnu
DEBARCH := ppc64el
else ifneq ($(filter $(ARCH),s390x s390),)
PTB_ARCH := s390x
TRIPLET := s390x-linux-gnu
DEBARCH := s390x
else ifneq ($(filter $(ARCH),x86_64 x86 amd64),)
PTB_ARCH := x86_64
TRIPLET := x86_64-linux-gnu
DEBARCH := amd64
else
$(error ARCH=$(ARCH): ptbench builds for arm64, ppc64le, s390x and x86_64)
endif

HOST_ARCH := $(shell uname -m)
ifeq ($(PTB_ARCH),$(HOST_ARCH))
# Native build into build/<arch>: the host's own libraries.
CROSS_COMPILE ?=
SYSROOT :=
else
CROSS_COMPILE ?= $(TRIPLET)-
SYSROOT := $(CURDIR)/build/$(PTB_ARCH)/sysroot
endif

BUILD := build/$(PTB_ARCH)
CC := $(CROSS_COMPILE)gcc
# scripts/build-libperf.sh maps ptbench arch names to the kernel's (powerpc, s390, x86).
export ARCH := $(PTB_ARCH)
export CROSS_COMPILE

ifneq ($(SYSROOT),)
ifeq ($(filter clean distclean,$(MAKECMDGOALS)),)
# pkg-config runs while the Makefile is read, so the sysroot must exist
# first. The script returns at once when the sysroot holds its package list.
_sysroot_err := $(shell scripts/mk-sysroot.sh $(DEBARCH) $(SYSROOT) >&2 || echo failed)
ifneq ($(_sysroot_err),)
$(error cross: scripts/mk-sysroot.sh $(DEBARCH) failed: no $(DEBARCH) libraries to link against)
endif
endif
SYSLIBS := $(SYSROOT)/usr/lib/$(TRIPLET):$(SYSROOT)/lib/$(TRIPLET)
PKG_CONFIG := PKG_CONFIG_SYSROOT_DIR=$(SYSROOT) \
	PKG_CONFIG_LIBDIR=$(SYSROOT)/usr/lib/$(TRIPLET)/pkgconfig:$(SYSROOT)/usr/share/pkgconfig \
	PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1 pkg-config
# Debian puts arch-specific headers (hwloc/autogen/config.h) in include/TRIPLET.
CROSS_CFLAGS := -isystem $(SYSROOT)/usr/include/$(TRIPLET)
CROSS_LDFLAGS := -Wl,-rpath-link,$(SYSLIBS)
endif

.DEFAULT_GOAL := cross

endif
