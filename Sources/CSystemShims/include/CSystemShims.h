// What Swift cannot spell of the C library and the kernel: macros the Glibc
// module does not import, and calls it leaves out. Each is a small inline
// function, so the fuzzing build needs this header and nothing to link.
#ifndef GWSH_C_SYSTEM_SHIMS_H
#define GWSH_C_SYSTEM_SHIMS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/// POSIX_SPAWN_SETSID: the child starts a session of its own (glibc 2.26).
static inline short gwsh_spawn_flag_setsid(void) { return POSIX_SPAWN_SETSID; }

/// Sets the child's working directory (glibc 2.29).
static inline int gwsh_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
  return posix_spawn_file_actions_addchdir_np(actions, path);
}

/// Creates a unique file from `template` (ending in XXXXXX), closed in programs a child executes.
static inline int gwsh_make_unique_file(char *template) { return mkostemp(template, O_CLOEXEC); }

/// Closes every descriptor from `lowest` up in the child (glibc 2.34): whatever the parent has open
/// without close-on-exec (a library's file, a descriptor inherited from gwsh's own parent) stays out.
static inline int gwsh_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowest) {
  return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}

/// A pipe whose ends close in any program a child executes.
static inline int gwsh_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

/// Asks the kernel for a pipe buffer of `size` bytes; returns the size granted, or -1.
static inline int gwsh_set_pipe_size(int fd, int size) { return fcntl(fd, F_SETPIPE_SZ, size); }

/// An anonymous file in memory, closed in programs a child executes.
static inline int gwsh_memfd_create(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

/// A descriptor that becomes readable when process `pid` ends (Linux 5.3).
static inline int gwsh_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

/// Runs `handler` on `signal`, restarting interrupted calls or not; the union
/// that holds the handler in `struct sigaction` has a different name per C library.
static inline int gwsh_set_signal_handler(int signal, void (*handler)(int), int restart) {
  struct sigaction action = {0};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = restart ? SA_RESTART : 0;
  return sigaction(signal, &action, 0);
}

#endif
