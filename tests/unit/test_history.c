/*
 * Unit tests for src/io/history: storing under date and content hash, the
 * index (built, trusted while files are unchanged, rebuilt when they change
 * or its lines are damaged), unreadable files skipped with a warning and
 * never pruned, and reading entries back with their summaries and statuses.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "history_support.h"
#include "io/history.h"
#include "test_support.h"
#include "util/diag.h"

static char *path_in(const char *dir, const char *name)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	return path;
}

static size_t count_files(const char *dir, const char *suffix)
{
	char *command = malloc(strlen(dir) + 64);
	sprintf(command, "ls -A '%s' | grep -c '%s$'", dir, suffix);
	FILE *pipe = popen(command, "r");
	size_t count = 0;
	if (fscanf(pipe, "%zu", &count) != 1)
		count = 0;
	pclose(pipe);
	free(command);
	return count;
}

static void store_text(const char *dir, const char *text, const char *date, char **name)
{
	struct history_store store;
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(history_store_begin(&store, dir, &diags), 0);
	fputs(text, store.file.stream);
	assert_int_equal(history_store_commit(&store, date, name, &diags), 0);
	assert_int_equal(diags.count, 0);
	diag_list_release(&diags);
}

static void test_store_names_by_date_and_content(void **state)
{
	(void)state;
	char *dir = test_make_folder();
	char *nested = path_in(dir, "a/b");
	char *first, *again, *other;
	store_text(nested, "{\"one\": 1}\n", "2026-11-15", &first);
	assert_int_equal(strlen(first), strlen("2026-11-15-") + HISTORY_HASH_DIGITS + 5);
	assert_true(!strncmp(first, "2026-11-15-", 11));
	assert_string_equal(first + strlen(first) - 5, ".json");
	store_text(nested, "{\"one\": 1}\n", "2026-11-15", &again);
	assert_string_equal(first, again);
	store_text(nested, "{\"two\": 2}\n", "2026-11-15", &other);
	assert_string_not_equal(first, other);
	assert_int_equal(count_files(nested, ".json"), 2);
	assert_int_equal(count_files(nested, "XXXXXX"), 0);

	struct history_store store;
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(history_store_begin(&store, nested, &diags), 0);
	assert_int_equal(history_store_commit(&store, "15.11.2026", NULL, &diags), -1);
	expect_diag(&diags, "history.unwritable", 0, 0, "15.11.2026");
	assert_int_equal(count_files(nested, ""), 2);
	diag_list_release(&diags);
	free(first);
	free(again);
	free(other);
	free(nested);
	test_remove_folder(dir);
}

static const struct test_environment day1[] = {{"web", "mgg", 30, 33.3}, {"api", "ggx", 50, 0}};
static const struct test_environment day2[] = {{"web", "mmg", 20, 66.7}, {"api", "cgx", 45, 10}};
static const struct test_environment day3[] = {{"web", "cmg", 25, 33.3}};

static void write_series(const char *dir)
{
	char *path = path_in(dir, "b.json");
	test_write_assessment(path, "2026-10-01", day2, 2);
	free(path);
	path = path_in(dir, "a.json");
	test_write_assessment(path, "2026-09-01", day1, 2);
	free(path);
	path = path_in(dir, "c.json");
	test_write_assessment(path, "2026-11-01", day3, 1);
	free(path);
}

static void write_text(const char *dir, const char *name, const char *text)
{
	char *path = path_in(dir, name);
	FILE *out = fopen(path, "w");
	fputs(text, out);
	fclose(out);
	free(path);
}

static void test_open_orders_and_reads_back(void **state)
{
	(void)state;
	char *dir = test_make_folder();
	write_series(dir);
	write_text(dir, "broken.json", "{\"srgap\": \"assessment/1\", \"environments\": [");
	write_text(dir, "future.json", "{\"srgap\": \"assessment/9\"}");
	write_text(dir, "notes.txt", "not even looked at");
	struct history history;
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(history_open(&history, dir, &diags), 0);
	assert_int_equal(history.count, 5);
	assert_int_equal(history.readable, 3);
	assert_string_equal(history.files[0].name, "a.json");
	assert_string_equal(history.files[1].name, "b.json");
	assert_string_equal(history.files[2].name, "c.json");
	assert_string_equal(history.files[2].date, "2026-11-01");
	assert_int_equal(count_code(&diags, "history.skipped"), 2);
	expect_diag(&diags, "history.skipped", 1, 0, "not valid JSON");
	const struct diag *future = expect_diag(&diags, "history.skipped", 0, 0, "assessment/9");
	assert_non_null(strstr(future->file, "future.json"));

	struct saved_assessment assessment;
	assert_int_equal(history_read(&history, 1, &assessment, &diags), 0);
	assert_string_equal(assessment.date, "2026-10-01");
	assert_string_equal(assessment.organization, "Acme");
	assert_int_equal(assessment.environment_count, 2);
	assert_string_equal(assessment.environments[1].name, "api");
	assert_int_equal(assessment.environments[1].summary.risk, 45);
	assert_int_equal(assessment.environments[1].summary.coverage_permille, 100);
	assert_int_equal(assessment.environments[0].cell_count, 3);
	assert_string_equal(assessment.environments[0].cells[1].control, "4.1.1b");
	assert_string_equal(assessment.environments[0].cells[1].status, "met");
	assert_string_equal(assessment.environments[1].cells[2].status, "contradicted");
	assert_int_equal(assessment.summary.risk, 65);
	assessment_json_release(&assessment);
	history_close(&history);

	/* The index is now there, and a second opening warns the same from it. */
	char *index = path_in(dir, HISTORY_INDEX_NAME);
	assert_int_equal(access(index, R_OK), 0);
	struct diag_list again;
	diag_list_init(&again);
	assert_int_equal(history_open(&history, dir, &again), 0);
	assert_int_equal(again.count, diags.count);
	assert_int_equal(history.readable, 3);
	history_close(&history);
	diag_list_release(&again);
	diag_list_release(&diags);
	free(index);
	test_remove_folder(dir);
}

/* Sets a file's modification time, so a changed file can look unchanged. */
static void set_time(const char *dir, const char *name, time_t when)
{
	char *path = path_in(dir, name);
	struct timespec times[2] = {{when, 0}, {when, 0}};
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
	free(path);
}

static unsigned long first_risk(const char *dir, size_t index)
{
	struct history history;
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(history_open(&history, dir, &diags), 0);
	struct saved_assessment assessment;
	assert_int_equal(history_read(&history, index, &assessment, &diags), 0);
	unsigned long risk = assessment.environments[0].summary.risk;
	assessment_json_release(&assessment);
	history_close(&history);
	diag_list_release(&diags);
	return risk;
}

static void test_index_is_trusted_until_a_file_changes(void **state)
{
	(void)state;
	char *dir = test_make_folder();
	write_series(dir);
	set_time(dir, "a.json", 1700000000);
	assert_int_equal(first_risk(dir, 0), 30);
	/* Same size (30 -> 39) and time: the index is believed, the file not read again. */
	struct test_environment changed[] = {{"web", "mgg", 39, 33.3}, {"api", "ggx", 50, 0}};
	char *path = path_in(dir, "a.json");
	test_write_assessment(path, "2026-09-01", changed, 2);
	set_time(dir, "a.json", 1700000000);
	assert_int_equal(first_risk(dir, 0), 30);
	/* A new time: read again. */
	set_time(dir, "a.json", 1700000100);
	assert_int_equal(first_risk(dir, 0), 39);
	free(path);
	test_remove_folder(dir);
}

static void test_damaged_index_falls_back_to_the_files(void **state)
{
	(void)state;
	char *dir = test_make_folder();
	write_series(dir);
	assert_int_equal(first_risk(dir, 1), 20);
	/* Keep each line's head (so it looks current) but break its JSON. */
	char *index = path_in(dir, HISTORY_INDEX_NAME);
	char *command = malloc(strlen(index) * 2 + 64);
	sprintf(command, "sed -i 's/\"environments\":\\[\\[/\"environments\":[1,[/' '%s'", index);
	assert_int_equal(system(command), 0);
	assert_int_equal(first_risk(dir, 1), 20);
	/* Garbage instead of an index: rebuilt. */
	write_text(dir, HISTORY_INDEX_NAME, "garbage\n");
	assert_int_equal(first_risk(dir, 1), 20);
	FILE *in = fopen(index, "r");
	char header[64] = "";
	assert_non_null(fgets(header, sizeof(header), in));
	fclose(in);
	assert_string_equal(header, "srgap-history-index 1\n");
	free(command);
	free(index);
	test_remove_folder(dir);
}

static void test_prune_keeps_the_newest_and_every_unreadable_file(void **state)
{
	(void)state;
	char *dir = test_make_folder();
	write_series(dir);
	write_text(dir, "broken.json", "{");
	struct history history;
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(history_open(&history, dir, &diags), 0);
	assert_int_equal(history_prune(&history, 5, &diags), 0);
	assert_int_equal(history_prune(&history, 1, &diags), 2);
	assert_int_equal(history.readable, 1);
	assert_string_equal(history.files[0].name, "c.json");
	history_close(&history);
	assert_int_equal(count_files(dir, ".json"), 2); /* c.json and broken.json */
	assert_int_equal(history_open(&history, dir, &diags), 0);
	assert_int_equal(history.readable, 1);
	assert_int_equal(history.count, 2);
	history_close(&history);
	diag_list_release(&diags);
	test_remove_folder(dir);
}

static void test_missing_folder(void **state)
{
	(void)state;
	struct history history;
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(history_open(&history, "/nonexistent/srgap-history", &diags), -1);
	expect_diag(&diags, "history.unreadable", 0, 0, NULL);
	history_close(&history);
	diag_list_release(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_names_by_date_and_content),
		cmocka_unit_test(test_open_orders_and_reads_back),
		cmocka_unit_test(test_index_is_trusted_until_a_file_changes),
		cmocka_unit_test(test_damaged_index_falls_back_to_the_files),
		cmocka_unit_test(test_prune_keeps_the_newest_and_every_unreadable_file),
		cmocka_unit_test(test_missing_folder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
