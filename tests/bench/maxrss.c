/* Runs a command and reports its peak resident memory, the way GNU time
 * does: a child's ru_maxrss starts from the memory of the process that forked
 * it, so the fork must come from a process this small, not from the
 * benchmark driver (which holds mock servers and generated manifests).
 *   maxrss COMMAND [ARGS...]   ->  the command's output, then "maxrss_kb=N" on stderr */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const pid_t pid = fork();
  if (pid < 0) return 126;
  if (pid == 0) {
    execv(argv[1], argv + 1);
    _exit(127);
  }
  int status = 0;
  struct rusage usage;
  if (wait4(pid, &status, 0, &usage) < 0) return 126;
  fprintf(stderr, "maxrss_kb=%ld\n", usage.ru_maxrss);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
