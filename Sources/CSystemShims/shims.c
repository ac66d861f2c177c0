// The GNU extensions are asked for here only, where no Swift module sees them.
#define _GNU_SOURCE

#include "CSystemShims.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

short gwsh_spawn_flag_setsid(void) { return POSIX_SPAWN_SETSID; }

int gwsh_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
  return posix_spawn_file_actions_addchdir_np(actions, path);
}

int gwsh_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowest) {
  return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}

int gwsh_make_unique_file(char *template) { return mkostemp(template, O_CLOEXEC); }

int gwsh_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int gwsh_set_pipe_size(int fd, int size) { return fcntl(fd, F_SETPIPE_SZ, size); }

int gwsh_memfd_create(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

int gwsh_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

int gwsh_set_signal_handler(int signal, void (*handler)(int), int restart) {
  struct sigaction action = {0};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = restart ? SA_RESTART : 0;
  return sigaction(signal, &action, 0);
}
