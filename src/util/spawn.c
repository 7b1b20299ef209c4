/*
 * fork + execvp with three pipes: stdout, stderr, and a close-on-exec pipe
 * on which the child reports a failed exec, so "not on PATH" is told apart
 * from a program that ran and failed. The parent polls the pipes against a
 * monotonic deadline. It does not interpret what the program printed.
 */
#include "util/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/xalloc.h"

#define READ_CHUNK	    (64u * 1024)
#define DEFAULT_ERROR_LIMIT (64u * 1024)
/* How long descendants may hold the pipes open after the program itself exited. */
#define LINGER_MS 1000
#define SLICE_MS  100

static long long now_ms(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static int cloexec_pipe(int fds[2])
{
	if (pipe(fds) != 0)
		return -1;
	(void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	(void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* In the child, between fork and exec: async-signal-safe calls only. */
static void run_child(const char *const *argv, int out, int err, int report)
{
	setpgid(0, 0);
	int null = open("/dev/null", O_RDONLY);
	if (null >= 0 && null != STDIN_FILENO) {
		dup2(null, STDIN_FILENO);
		close(null);
	}
	dup2(out, STDOUT_FILENO);
	dup2(err, STDERR_FILENO);
	/* Descriptors srgap opened without close-on-exec (an output file) stay ours. */
	long max = sysconf(_SC_OPEN_MAX);
	for (int fd = 3; fd < (max > 0 && max < 4096 ? max : 4096); fd++)
		if (fd != report)
			close(fd);
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], (char *const *)argv);
	int error = errno;
	ssize_t written = write(report, &error, sizeof(error));
	(void)written;
	_exit(127);
}

/* Appends what is readable on *fd; closes it at end of file. Returns bytes read or -1. */
static ssize_t drain(int *fd, char **buffer, size_t *length, size_t *capacity, size_t keep)
{
	char chunk[READ_CHUNK];
	ssize_t got = read(*fd, chunk, sizeof(chunk));
	if (got < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	if (got == 0) {
		close_fd(fd);
		return 0;
	}
	size_t take = (size_t)got;
	if (*length + take > keep)
		take = keep > *length ? keep - *length : 0;
	if (take) {
		*buffer = xgrow(*buffer, capacity, *length + take + 1, 1);
		memcpy(*buffer + *length, chunk, take);
		*length += take;
		(*buffer)[*length] = '\0';
	}
	return got;
}

int spawn_run(const char *const *argv, const struct spawn_options *options,
	      struct spawn_result *result)
{
	memset(result, 0, sizeof(*result));
	size_t out_capacity = 1, err_capacity = 1;
	result->out = xcalloc(1, 1);
	result->err = xcalloc(1, 1);
	size_t out_limit = options && options->output_limit ? options->output_limit
							    : SPAWN_DEFAULT_OUTPUT_LIMIT;
	size_t err_limit =
		options && options->error_limit ? options->error_limit : DEFAULT_ERROR_LIMIT;
	unsigned timeout = options ? options->timeout_ms : 0;
	int out[2] = {-1, -1}, err[2] = {-1, -1}, report[2] = {-1, -1};
	if (!argv || !argv[0] || !argv[0][0]) {
		result->status = SPAWN_NOT_FOUND;
		result->error_number = ENOENT;
		return -1;
	}
	if (cloexec_pipe(out) || cloexec_pipe(err) || cloexec_pipe(report)) {
		result->status = SPAWN_FAILED;
		result->error_number = errno;
		goto fail;
	}
	long long deadline = timeout ? now_ms() + timeout : 0;
	pid_t pid = fork();
	if (pid < 0) {
		result->status = SPAWN_FAILED;
		result->error_number = errno;
		goto fail;
	}
	if (pid == 0)
		run_child(argv, out[1], err[1], report[1]);
	setpgid(pid, pid); /* also done by the child: whichever runs first wins the race */
	close_fd(&out[1]);
	close_fd(&err[1]);
	close_fd(&report[1]);

	int wstatus = 0, exited = 0, exec_error = 0;
	ssize_t got;
	do
		got = read(report[0], &exec_error, sizeof(exec_error));
	while (got < 0 && errno == EINTR);
	close_fd(&report[0]);
	if (got == (ssize_t)sizeof(exec_error)) {
		while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
			;
		result->status =
			exec_error == ENOENT || exec_error == EACCES || exec_error == ENOTDIR
				? SPAWN_NOT_FOUND
				: SPAWN_FAILED;
		result->error_number = exec_error;
		goto fail;
	}

	long long exited_at = 0;
	int kill_group = 0;
	result->status = SPAWN_EXITED;
	for (;;) {
		long long now = now_ms();
		if (deadline && now >= deadline && !exited) {
			result->status = SPAWN_TIMED_OUT;
			kill_group = 1;
			break;
		}
		if (!exited && waitpid(pid, &wstatus, WNOHANG) == pid) {
			exited = 1;
			exited_at = now;
		}
		if (exited && out[0] < 0 && err[0] < 0)
			break;
		if (exited && now - exited_at > LINGER_MS) {
			kill_group = 1; /* a background descendant still holds the pipes */
			break;
		}
		int slice = SLICE_MS;
		if (deadline && !exited && deadline - now < slice)
			slice = (int)(deadline - now);
		if (out[0] < 0 && err[0] < 0) {
			struct timespec pause = {0, 10 * 1000000L};
			nanosleep(&pause, NULL);
			continue;
		}
		struct pollfd fds[2] = {{.fd = out[0], .events = POLLIN},
					{.fd = err[0], .events = POLLIN}};
		int ready = poll(fds, 2, slice);
		if (ready < 0) {
			if (errno == EINTR)
				continue;
			result->status = SPAWN_FAILED;
			result->error_number = errno;
			kill_group = 1;
			break;
		}
		if (fds[0].revents && drain(&out[0], &result->out, &result->out_length,
					    &out_capacity, out_limit + 1) < 0)
			close_fd(&out[0]);
		if (fds[1].revents &&
		    drain(&err[0], &result->err, &result->err_length, &err_capacity, err_limit) < 0)
			close_fd(&err[0]);
		if (result->out_length > out_limit) {
			result->status = SPAWN_TOO_LARGE;
			result->out_length = out_limit;
			result->out[out_limit] = '\0';
			kill_group = 1;
			break;
		}
	}
	if (kill_group)
		kill(-pid, SIGKILL);
	if (!exited)
		while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
			;
	close_fd(&out[0]);
	close_fd(&err[0]);
	if (result->status != SPAWN_EXITED)
		return -1;
	if (WIFSIGNALED(wstatus)) {
		result->status = SPAWN_SIGNALED;
		result->signal = WTERMSIG(wstatus);
		return -1;
	}
	result->exit_code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
	return 0;
fail:
	close_fd(&out[0]);
	close_fd(&out[1]);
	close_fd(&err[0]);
	close_fd(&err[1]);
	close_fd(&report[0]);
	close_fd(&report[1]);
	return -1;
}

void spawn_result_release(struct spawn_result *result)
{
	if (!result)
		return;
	free(result->out);
	free(result->err);
	memset(result, 0, sizeof(*result));
}

void spawn_first_line(const char *text, char *buffer, size_t size)
{
	if (!size)
		return;
	buffer[0] = '\0';
	if (!text)
		return;
	while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
		text++;
	size_t length = 0;
	for (; *text && *text != '\n' && *text != '\r' && length + 1 < size; text++) {
		unsigned char c = (unsigned char)*text;
		if (c == '\t')
			buffer[length++] = ' ';
		else if (c >= 0x20 && c != 0x7f)
			buffer[length++] = (char)c;
		/* other control bytes (colour escapes) are dropped */
	}
	while (length && buffer[length - 1] == ' ')
		length--;
	buffer[length] = '\0';
}
