// What Swift cannot spell of the C library and the kernel: macros the Glibc
// module does not import, and calls it leaves out. Declared here with only the
// standard headers, defined in shims.c, which asks for glibc's GNU extensions:
// defining _GNU_SOURCE here would change the C library's own types (fd_set)
// from the ones the Glibc module has, and the two modules would not agree.
#ifndef GWSH_C_SYSTEM_SHIMS_H
#define GWSH_C_SYSTEM_SHIMS_H

#include <spawn.h>
#include <sys/types.h>

/// POSIX_SPAWN_SETSID: the child starts a session of its own (glibc 2.26).
short gwsh_spawn_flag_setsid(void);

/// Sets the child's working directory (glibc 2.29).
int gwsh_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// Closes every descriptor from `lowest` up in the child (glibc 2.34): whatever the parent has open
/// without close-on-exec (a library's file, a descriptor inherited from gwsh's own parent) stays out.
int gwsh_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowest);

/// Creates a unique file from `template` (ending in XXXXXX), closed in programs a child executes.
int gwsh_make_unique_file(char *template);

/// A pipe whose ends close in any program a child executes.
int gwsh_pipe_cloexec(int fds[2]);

/// Asks the kernel for a pipe buffer of `size` bytes; returns the size granted, or -1.
int gwsh_set_pipe_size(int fd, int size);

/// An anonymous file in memory, closed in programs a child executes.
int gwsh_memfd_create(const char *name);

/// A descriptor that becomes readable when process `pid` ends (Linux 5.3).
int gwsh_pidfd_open(pid_t pid);

/// Runs `handler` on `signal`, restarting interrupted calls or not; the union
/// that holds the handler in `struct sigaction` has a different name per C library.
int gwsh_set_signal_handler(int signal, void (*handler)(int), int restart);

#endif
