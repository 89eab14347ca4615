/*
 * shim.h — giving freed heap memory back to the system, the one place that differs by libc.
 *
 * glibc keeps memory freed in the middle of its heaps (and in every thread's arena) resident
 * until malloc_trim(3) is called, so after the dashboard replaces a sample of 50 000 processes
 * the old one's pages stay in its RSS. FreeBSD's jemalloc (and musl) return freed pages on
 * their own, so there it does nothing. Checked for FreeBSD by .ci/freebsd-c-check.
 */
#ifndef JAILTOP_CFREEDMEMORY_SHIM_H
#define JAILTOP_CFREEDMEMORY_SHIM_H

#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
static inline void jt_release_freed_memory(void) { (void)malloc_trim(0); }
#else
static inline void jt_release_freed_memory(void) {}
#endif

#endif
