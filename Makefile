# jailtop: build and install. Works with FreeBSD's make (bmake) and GNU make, so it
# sticks to what both understand: plain and ?= assignments, no conditionals, no $(shell).
#
#   make                         swift build -c release --product jailtop
#   make install                 into $(DESTDIR)$(PREFIX)  (PREFIX=/usr/local)
#   make uninstall | test | clean
#
# `make install BINDIR_BUILD=/some/dir` installs a jailtop binary built elsewhere
# (.ci/check-install uses it with a stub, so install is tested without a Swift build).

PREFIX ?= /usr/local
DESTDIR ?=
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
RCDIR ?= $(PREFIX)/etc/rc.d
BINDIR_BUILD ?= .build/release

SWIFT ?= swift
# More `swift build` / `swift test` flags (the FreeBSD port adds its own here).
SWIFT_FLAGS ?=
INSTALL ?= install
# Set to -s to strip the binary on install (the port passes its STRIP).
INSTALL_STRIP ?=

# libmicrohttpd's header (and anything else from FreeBSD packages) lives under LOCALBASE, which
# FreeBSD's compiler does not search. Package.swift adds /usr/local/include when built on
# FreeBSD; this passes LOCALBASE's too, for a LOCALBASE elsewhere. On Linux it points at a
# directory that is empty or absent, which is harmless. (The library itself is not linked:
# `jailtop export` loads it when its server starts.)
LOCALBASE ?= /usr/local
SEARCH_FLAGS ?= -Xcc -I$(LOCALBASE)/include

# The Swift runtime is linked into the binary, from the toolchain's lib/swift_static (Swift.org's
# Linux toolchains and FreeBSD's lang/swift6 ship it: static-stdlib-args.lnk, libswiftCore.a).
# Every command then starts without loading a dozen shared objects (3-4 ms of each start), and
# the installed jailtop needs no Swift installed to run. For a toolchain without swift_static,
# `make STATIC_STDLIB=` links the runtime as shared libraries instead. (On Linux, a crash's
# backtrace then needs SWIFT_BACKTRACE=swift-backtrace=<toolchain>/libexec/swift/linux/
# swift-backtrace-static; FreeBSD's runtime has no crash backtracer either way.) On glibc the
# static link prints the C library's warning about mktemp(3): it is in the toolchain's
# libFoundationEssentials.a (Data's atomic writes), which jailtop does not use.
STATIC_STDLIB ?= --static-swift-stdlib

all:
	$(SWIFT) build -c release --product jailtop $(STATIC_STDLIB) $(SEARCH_FLAGS) $(SWIFT_FLAGS)

test:
	$(SWIFT) test $(SEARCH_FLAGS) $(SWIFT_FLAGS)

install: install-bin install-man install-rc

install-bin:
	$(INSTALL) -d $(DESTDIR)$(SBINDIR)
	$(INSTALL) $(INSTALL_STRIP) -m 0555 $(BINDIR_BUILD)/jailtop $(DESTDIR)$(SBINDIR)/jailtop

install-man:
	$(INSTALL) -d $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 0444 man/jailtop.8 $(DESTDIR)$(MANDIR)/man8/jailtop.8

# The script's defaults name /usr/local/...; they follow PREFIX (no change for /usr/local).
install-rc:
	$(INSTALL) -d $(DESTDIR)$(RCDIR)
	rm -f $(DESTDIR)$(RCDIR)/jailtop_exporter
	sed -e 's|/usr/local/|$(PREFIX)/|g' packaging/freebsd/rc.d/jailtop_exporter \
	    > $(DESTDIR)$(RCDIR)/jailtop_exporter
	chmod 0555 $(DESTDIR)$(RCDIR)/jailtop_exporter

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/jailtop $(DESTDIR)$(MANDIR)/man8/jailtop.8 \
	    $(DESTDIR)$(RCDIR)/jailtop_exporter

clean:
	$(SWIFT) package clean

.PHONY: all test install install-bin install-man install-rc uninstall clean
