/*
 * Running another program (aws, az, gcloud, kubectl) without a shell: the
 * argument vector goes to execvp as it is, so no value from an inventory
 * is ever parsed by a shell. The child runs in its own process group with
 * stdin from /dev/null; a timeout or an oversized output kills the whole
 * group. stdout is captured in memory up to a cap, stderr is kept (its
 * start) for the error detail.
 */
#ifndef SRGAP_UTIL_SPAWN_H
#define SRGAP_UTIL_SPAWN_H

#include <stddef.h>

enum spawn_status {
	SPAWN_EXITED,	 /* ran to the end: see exit_code */
	SPAWN_SIGNALED,	 /* killed by a signal it did not get from us: see signal */
	SPAWN_TIMED_OUT, /* still running at the deadline; its process group was killed */
	SPAWN_TOO_LARGE, /* printed more than output_limit bytes; killed */
	SPAWN_NOT_FOUND, /* no such program on PATH (or not executable): see error_number */
	SPAWN_FAILED,	 /* pipe, fork or poll failed: see error_number */
};

struct spawn_options {
	unsigned timeout_ms; /* 0: no timeout */
	size_t output_limit; /* largest stdout kept; 0: SPAWN_DEFAULT_OUTPUT_LIMIT */
	size_t error_limit;  /* bytes of stderr kept (the rest is read and dropped); 0: 64 KiB */
};

#define SPAWN_DEFAULT_OUTPUT_LIMIT ((size_t)256 * 1024 * 1024)

struct spawn_result {
	enum spawn_status status;
	int exit_code;	  /* SPAWN_EXITED */
	int signal;	  /* SPAWN_SIGNALED */
	int error_number; /* SPAWN_NOT_FOUND, SPAWN_FAILED */
	char *out;	  /* owned, NUL-terminated (may contain NULs); never NULL after spawn_run */
	size_t out_length;
	char *err; /* owned, NUL-terminated, at most error_limit bytes */
	size_t err_length;
};

/*
 * Runs argv[0] (looked up on PATH) with `argv` (NULL-terminated) and waits
 * for it. Returns 0 when the program ran to completion (check status and
 * exit_code), -1 otherwise with result->status saying why. The result must
 * be released either way.
 */
int spawn_run(const char *const *argv, const struct spawn_options *options,
	      struct spawn_result *result);
void spawn_result_release(struct spawn_result *result);

/* The first non-blank line of `text`, trimmed and cut to `size` - 1 bytes, into `buffer`. */
void spawn_first_line(const char *text, char *buffer, size_t size);

#endif
