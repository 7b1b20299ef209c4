/*
 * Unit tests for src/util/spawn.c with /bin/sh as the child: captured
 * stdout and stderr, exit codes, a missing program, a timeout that kills
 * the whole process group, the output cap, and descendants that keep the
 * pipes open after the program itself exited.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "test_support.h"
#include "util/spawn.h"

static double elapsed_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static int run_sh(const char *script, unsigned timeout_ms, size_t limit,
		  struct spawn_result *result)
{
	const char *argv[] = {"sh", "-c", script, NULL};
	struct spawn_options options = {.timeout_ms = timeout_ms, .output_limit = limit};
	return spawn_run(argv, &options, result);
}

static void test_captures_stdout_and_stderr(void **state)
{
	(void)state;
	struct spawn_result result;
	assert_int_equal(
		run_sh("printf '{\"a\":1}'; echo 'warning: x' >&2; exit 0", 5000, 0, &result), 0);
	assert_int_equal(result.status, SPAWN_EXITED);
	assert_int_equal(result.exit_code, 0);
	assert_string_equal(result.out, "{\"a\":1}");
	assert_int_equal(result.out_length, 7);
	assert_string_equal(result.err, "warning: x\n");
	spawn_result_release(&result);
}

static void test_exit_code_and_stdin_is_empty(void **state)
{
	(void)state;
	struct spawn_result result;
	/* stdin is /dev/null: a program waiting for input gets end of file at once. */
	assert_int_equal(
		run_sh("cat; echo 'Unable to locate credentials' >&2; exit 255", 5000, 0, &result),
		0);
	assert_int_equal(result.status, SPAWN_EXITED);
	assert_int_equal(result.exit_code, 255);
	assert_string_equal(result.out, "");
	char line[64];
	spawn_first_line(result.err, line, sizeof(line));
	assert_string_equal(line, "Unable to locate credentials");
	spawn_result_release(&result);
}

static void test_missing_program(void **state)
{
	(void)state;
	const char *argv[] = {"srgap-no-such-program-anywhere", "--version", NULL};
	struct spawn_result result;
	assert_int_equal(spawn_run(argv, NULL, &result), -1);
	assert_int_equal(result.status, SPAWN_NOT_FOUND);
	assert_int_equal(result.error_number, ENOENT);
	assert_non_null(result.out);
	spawn_result_release(&result);
	const char *empty[] = {"", NULL};
	assert_int_equal(spawn_run(empty, NULL, &result), -1);
	assert_int_equal(result.status, SPAWN_NOT_FOUND);
	spawn_result_release(&result);
}

static void test_timeout_kills_the_process_group(void **state)
{
	(void)state;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct spawn_result result;
	/* The child starts a grandchild; both must die at the deadline. */
	assert_int_equal(run_sh("echo partial; sleep 30 & sleep 30; echo never", 300, 0, &result),
			 -1);
	assert_int_equal(result.status, SPAWN_TIMED_OUT);
	assert_string_equal(result.out, "partial\n");
	assert_true(elapsed_since(&start) < 3.0);
	spawn_result_release(&result);
}

static void test_output_cap(void **state)
{
	(void)state;
	struct spawn_result result;
	assert_int_equal(run_sh("while :; do echo 0123456789abcdef; done", 10000, 4096, &result),
			 -1);
	assert_int_equal(result.status, SPAWN_TOO_LARGE);
	assert_int_equal(result.out_length, 4096);
	assert_int_equal(strlen(result.out), 4096);
	spawn_result_release(&result);
}

static void test_lingering_descendant_does_not_block(void **state)
{
	(void)state;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct spawn_result result;
	/* The program exits at once but its background child keeps stdout open. */
	assert_int_equal(run_sh("sleep 30 & echo done", 20000, 0, &result), 0);
	assert_int_equal(result.status, SPAWN_EXITED);
	assert_string_equal(result.out, "done\n");
	assert_true(elapsed_since(&start) < 5.0);
	spawn_result_release(&result);
}

static void test_signal(void **state)
{
	(void)state;
	struct spawn_result result;
	assert_int_equal(run_sh("kill -TERM $$", 5000, 0, &result), -1);
	assert_int_equal(result.status, SPAWN_SIGNALED);
	assert_int_equal(result.signal, SIGTERM);
	spawn_result_release(&result);
}

static void test_first_line(void **state)
{
	(void)state;
	char line[16];
	spawn_first_line("\n\n  ERROR: \x1b[31mno\tauth \n second", line, sizeof(line));
	assert_string_equal(line, "ERROR: [31mno a");
	spawn_first_line(NULL, line, sizeof(line));
	assert_string_equal(line, "");
	spawn_first_line("   \n\t\n", line, sizeof(line));
	assert_string_equal(line, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captures_stdout_and_stderr),
		cmocka_unit_test(test_exit_code_and_stdin_is_empty),
		cmocka_unit_test(test_missing_program),
		cmocka_unit_test(test_timeout_kills_the_process_group),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_lingering_descendant_does_not_block),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_first_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
