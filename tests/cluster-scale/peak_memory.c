/*
 * Runs a command with its output discarded and prints its peak resident
 * memory in KiB, as wait4 reports it; exits 1 when the command fails. A
 * small C parent matters: a child's peak counts the pages it shared with
 * its parent before exec, so measuring from Python would add Python's size.
 *
 * usage: peak_memory COMMAND [ARGUMENT...]
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: peak_memory COMMAND [ARGUMENT...]\n");
		return 2;
	}
	pid_t child = fork();
	if (child < 0) {
		perror("peak_memory: fork");
		return 2;
	}
	if (child == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	int status;
	struct rusage usage;
	if (wait4(child, &status, 0, &usage) < 0) {
		perror("peak_memory: wait4");
		return 2;
	}
	printf("%ld\n", usage.ru_maxrss);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
