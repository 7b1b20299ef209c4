/* Unit tests for src/util: arena, strbuf, suggest, date, diag, atomic_file, sha256, walk,
 * sha1, uuid. */
#include <dirent.h>
#include <errno.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "test_support.h"
#include "util/arena.h"
#include "util/atomic_file.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/sha1.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/uuid.h"
#include "util/version.h"
#include "util/walk.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ arena */

static void test_arena_many_small_allocations_stay_intact(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	enum { COUNT = 20000 }; /* 20000 * 48 bytes: spans many 64 KiB blocks */
	unsigned char *pointers[COUNT];
	for (size_t i = 0; i < COUNT; i++) {
		pointers[i] = arena_alloc(&arena, 40);
		for (size_t b = 0; b < 40; b++)
			assert_int_equal(pointers[i][b], 0); /* zeroed */
		memset(pointers[i], (int)(i & 0xff), 40);
	}
	for (size_t i = 0; i < COUNT; i++)
		for (size_t b = 0; b < 40; b++)
			assert_int_equal(pointers[i][b], i & 0xff);
	arena_release(&arena);
	assert_null(arena.head);
}

static void test_arena_large_allocation_keeps_head_block(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	char *small = arena_alloc(&arena, 16);
	memset(small, 'a', 16);
	size_t big_size = 3 * 64 * 1024 + 5;
	unsigned char *big = arena_alloc(&arena, big_size);
	for (size_t i = 0; i < big_size; i++)
		assert_int_equal(big[i], 0);
	memset(big, 'b', big_size);
	/* The next small allocation still comes from the first block, right after `small`. */
	char *after = arena_alloc(&arena, 16);
	assert_ptr_equal(after, small + 16);
	memset(after, 'c', 16);
	for (size_t i = 0; i < 16; i++) {
		assert_int_equal(small[i], 'a');
		assert_int_equal(after[i], 'c');
	}
	for (size_t i = 0; i < big_size; i++)
		assert_int_equal(big[i], 'b');
	arena_release(&arena);
}

static void test_arena_alignment(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	const size_t sizes[] = {1, 3, 7, 8, 13, 17, 31, 100, 65537, 1};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		void *pointer = arena_alloc(&arena, sizes[i]);
		assert_non_null(pointer);
		assert_int_equal((uintptr_t)pointer % alignof(max_align_t), 0);
	}
	long double *array = arena_alloc_array(&arena, 10, sizeof(long double));
	assert_int_equal((uintptr_t)array % alignof(long double), 0);
	arena_release(&arena);
}

static void test_arena_strdup_and_printf(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	const char *original = "4.1.1a";
	char *copy = arena_strdup(&arena, original);
	assert_string_equal(copy, "4.1.1a");
	assert_ptr_not_equal(copy, original);
	char *prefix = arena_strndup(&arena, "container-apps", 9);
	assert_string_equal(prefix, "container");
	char *printed = arena_printf(&arena, "%s/%d", "dir", 42);
	assert_string_equal(printed, "dir/42");
	assert_string_equal(arena_strdup(&arena, ""), "");
	arena_release(&arena);
}

static void test_arena_reusable_after_release(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	arena_alloc(&arena, 100);
	arena_release(&arena);
	char *text = arena_strdup(&arena, "again");
	assert_string_equal(text, "again");
	arena_release(&arena);
	assert_null(arena.head);
}

/* ------------------------------------------------------------------ strbuf */

static void test_strbuf_add_and_addf(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	strbuf_add(&sb, "abcdef", 3);
	strbuf_addstr(&sb, "-x");
	strbuf_addch(&sb, '!');
	strbuf_addf(&sb, " %d%%/%s", 75, "ok");
	strbuf_addchars(&sb, '.', 3);
	assert_string_equal(sb.buf, "abc-x! 75%/ok...");
	assert_int_equal(sb.len, strlen("abc-x! 75%/ok..."));
	strbuf_release(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
}

static void test_strbuf_grows_past_many_reallocations(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	for (int i = 0; i < 10000; i++)
		strbuf_addf(&sb, "%04d", i);
	assert_int_equal(sb.len, 40000);
	assert_memory_equal(sb.buf, "0000000100020003", 16);
	assert_string_equal(sb.buf + 39996, "9999");
	assert_true(sb.capacity > sb.len);
	strbuf_release(&sb);
}

static void test_strbuf_detach_hands_over_buffer(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "hello");
	char *text = strbuf_detach(&sb);
	assert_string_equal(text, "hello");
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	free(text);
	/* Detaching an empty buffer still gives a string the caller can free. */
	char *empty = strbuf_detach(&sb);
	assert_non_null(empty);
	assert_string_equal(empty, "");
	free(empty);
	strbuf_release(&sb);
}

static void test_strbuf_reset_keeps_buffer_usable(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_reset(&sb); /* on a never-used buffer */
	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "first");
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "second");
	assert_string_equal(sb.buf, "second");
	strbuf_addf(&sb, "%s", ""); /* empty format output changes nothing */
	assert_string_equal(sb.buf, "second");
	strbuf_release(&sb);
}

/* ------------------------------------------------------------------ suggest */

static void test_suggest_distance(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("", ""), 0);
	assert_int_equal(suggest_distance("abc", ""), 3);
	assert_int_equal(suggest_distance("", "abcd"), 4);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
	assert_int_equal(suggest_distance("critcality", "criticality"), 1);
	/* A transposition is one edit (Damerau / optimal string alignment). */
	assert_int_equal(suggest_distance("azrue", "azure"), 1);
	assert_int_equal(suggest_distance("ab", "ba"), 1);
	/* Case does not count. */
	assert_int_equal(suggest_distance("AWS", "aws"), 0);
	assert_int_equal(suggest_distance("aws", "azure"), 4);
}

static void test_suggest_typo_within_threshold(void **state)
{
	(void)state;
	const char *const keys[] = {"name", "provider", "criticality", "internet_facing"};
	assert_string_equal(suggest_closest("critcality", keys, 4), "criticality");
	assert_string_equal(suggest_closest("provdier", keys, 4), "provider");
	assert_string_equal(suggest_closest("internet-facing", keys, 4), "internet_facing");
}

static void test_suggest_is_case_insensitive(void **state)
{
	(void)state;
	const char *const providers[] = {"aws", "azure", "gcp", "self-managed"};
	assert_string_equal(suggest_closest("AWS", providers, 4), "aws");
	assert_string_equal(suggest_closest("GCP", providers, 4), "gcp");
}

static void test_suggest_none_for_far_words(void **state)
{
	(void)state;
	const char *const azure_only[] = {"azure"};
	/* Four edits apart, and "aws" is short: not a plausible typo. */
	assert_null(suggest_closest("aws", azure_only, 1));
	const char *const keys[] = {"name", "provider", "criticality"};
	assert_null(suggest_closest("banana", keys, 3));
	assert_null(suggest_closest("x", keys, 0));
	/* Short words allow one edit only. */
	const char *const ids[] = {"gcp"};
	assert_string_equal(suggest_closest("gcq", ids, 1), "gcp");
	assert_null(suggest_closest("gxq", ids, 1));
}

static void test_suggest_keeps_first_of_equal_candidates(void **state)
{
	(void)state;
	const char *const candidates[] = {"abcd", "abce", "abcf"};
	assert_string_equal(suggest_closest("abcx", candidates, 3), "abcd");
	struct suggest suggest;
	suggest_init(&suggest, "abce");
	suggest_offer(&suggest, "abcd");
	assert_string_equal(suggest.best, "abcd");
	assert_int_equal(suggest.best_distance, 1);
	suggest_offer(&suggest, "abce"); /* exact match beats the earlier near miss */
	assert_string_equal(suggest.best, "abce");
	assert_int_equal(suggest.best_distance, 0);
}

/* ------------------------------------------------------------------ date */

static void test_date_parse_valid(void **state)
{
	(void)state;
	long days = -1;
	assert_true(date_parse("1970-01-01", &days));
	assert_int_equal(days, 0);
	assert_true(date_parse("1970-01-02", &days));
	assert_int_equal(days, 1);
	assert_true(date_parse("2000-03-01", &days));
	assert_int_equal(days, 11017);
	assert_true(date_parse("2028-02-29", &days)); /* leap year */
	long next;
	assert_true(date_parse("2028-03-01", &next));
	assert_int_equal(next - days, 1);
	assert_true(date_parse("2000-02-29", &days)); /* divisible by 400: leap */
	assert_true(date_parse("1969-12-31", &days));
	assert_int_equal(days, -1);
}

static void test_date_parse_invalid(void **state)
{
	(void)state;
	long days = 12345;
	assert_false(date_parse("2027-02-29", &days)); /* not a leap year */
	assert_false(date_parse("2100-02-29", &days)); /* divisible by 100 only */
	assert_false(date_parse("2027-1-01", &days));  /* month needs two digits */
	assert_false(date_parse("2027-01-1", &days));
	assert_false(date_parse("2027-13-01", &days));
	assert_false(date_parse("2027-00-10", &days));
	assert_false(date_parse("2027-04-31", &days));
	assert_false(date_parse("2027-01-00", &days));
	assert_false(date_parse("2027/01/01", &days));
	assert_false(date_parse("2027-01-01x", &days));
	assert_false(date_parse("31/03/2027", &days));
	assert_false(date_parse("", &days));
	assert_false(date_parse("20a7-01-01", &days));
	assert_int_equal(days, 12345); /* untouched on failure */
}

static void test_date_format_round_trip(void **state)
{
	(void)state;
	const char *const dates[] = {"1970-01-01", "1999-12-31", "2000-02-29", "2026-11-29",
				     "2027-03-31", "2028-02-29", "2100-03-01"};
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		long days;
		char out[16];
		assert_true(date_parse(dates[i], &days));
		date_format(days, out, sizeof(out));
		assert_string_equal(out, dates[i]);
	}
	char out[16];
	date_format(0, out, sizeof(out));
	assert_string_equal(out, "1970-01-01");
	date_format(20775, out, sizeof(out));
	assert_string_equal(out, "2026-11-18");
}

static void test_date_today_honours_source_date_epoch(void **state)
{
	(void)state;
	const char *saved = getenv("SOURCE_DATE_EPOCH");
	char *copy = saved ? strdup(saved) : NULL;

	setenv("SOURCE_DATE_EPOCH", "86400", 1);
	assert_int_equal(date_today(), 1);
	setenv("SOURCE_DATE_EPOCH", "1795000000", 1); /* 2026-11-18 (20775.46 days) */
	assert_int_equal(date_today(), 20775);
	setenv("SOURCE_DATE_EPOCH", "86399", 1);
	assert_int_equal(date_today(), 0);

	/* Invalid values fall back to the clock. */
	setenv("SOURCE_DATE_EPOCH", "not-a-number", 1);
	long now = (long)(time(NULL) / 86400);
	long today = date_today();
	assert_true(today == now || today == now + 1);
	setenv("SOURCE_DATE_EPOCH", "-5", 1);
	today = date_today();
	assert_true(today == now || today == now + 1);

	if (copy)
		setenv("SOURCE_DATE_EPOCH", copy, 1);
	else
		unsetenv("SOURCE_DATE_EPOCH");
	free(copy);
}

/* ------------------------------------------------------------------ diag */

static void test_diag_counts_errors_not_warnings(void **state)
{
	(void)state;
	struct diag_list list;
	diag_list_init(&list);
	assert_int_equal(diag_error_count(&list), 0);
	assert_int_equal(diag_error(&list, "a.yaml", 1, 1, "x.one", "first %d", 1), -1);
	diag_warning(&list, "a.yaml", 2, 1, "x.warn", "careful");
	diag_error(&list, "a.yaml", 3, 1, "x.two", "second");
	assert_int_equal(list.count, 3);
	assert_int_equal(diag_error_count(&list), 2);
	assert_true(diag_has_code(&list, "x.warn"));
	assert_true(diag_has_code(&list, "x.two"));
	assert_false(diag_has_code(&list, "x.three"));
	assert_string_equal(list.items[0].message, "first 1");
	assert_int_equal(list.items[1].severity, DIAG_WARNING);
	diag_list_release(&list);
	assert_int_equal(list.count, 0);
	assert_null(list.items);
}

static void test_diag_sort_by_file_line_column(void **state)
{
	(void)state;
	struct diag_list list;
	diag_list_init(&list);
	diag_error(&list, "b.yaml", 1, 1, "c.1", "b1");
	diag_error(&list, "a.yaml", 10, 2, "c.2", "a10.2");
	diag_error(&list, "a.yaml", 3, 9, "c.3", "a3.9");
	diag_error(&list, "a.yaml", 3, 5, "c.4", "a3.5 first");
	diag_error(&list, "a.yaml", 0, 0, "c.5", "a whole file");
	diag_error(&list, "a.yaml", 3, 5, "c.6", "a3.5 second");
	diag_error(&list, "a.yaml", 10, 1, "c.7", "a10.1");
	diag_list_sort(&list);
	const char *const expected[] = {"a whole file", "a3.5 first", "a3.5 second", "a3.9",
					"a10.1",	"a10.2",      "b1"};
	assert_int_equal(list.count, 7);
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(list.items[i].message, expected[i]);
	diag_list_release(&list);
}

static char *print_to_string(const struct diag_list *list, size_t index)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	assert_non_null(out);
	if (index == (size_t)-1)
		diag_list_print(out, list);
	else
		diag_print(out, &list->items[index]);
	fclose(out);
	return text;
}

static void test_diag_print_format(void **state)
{
	(void)state;
	struct diag_list list;
	diag_list_init(&list);
	diag_error(&list, "f.yaml", 3, 5, "inventory.unknown-key", "msg");
	diag_error(&list, "f.yaml", 0, 0, "inventory.empty", "msg");
	diag_warning(&list, "f.yaml", 7, 2, "inventory.old", "be careful");
	diag_error(&list, NULL, 0, 0, "models.none", "no file");

	char *text = print_to_string(&list, 0);
	assert_string_equal(text, "f.yaml:3:5: error: msg [inventory.unknown-key]\n");
	free(text);
	text = print_to_string(&list, 1);
	assert_string_equal(text, "f.yaml: error: msg [inventory.empty]\n");
	free(text);
	text = print_to_string(&list, 2);
	assert_string_equal(text, "f.yaml:7:2: warning: be careful [inventory.old]\n");
	free(text);
	text = print_to_string(&list, 3);
	assert_string_equal(text, "srgap: error: no file [models.none]\n");
	free(text);
	text = print_to_string(&list, (size_t)-1);
	assert_string_equal(text, "f.yaml:3:5: error: msg [inventory.unknown-key]\n"
				  "f.yaml: error: msg [inventory.empty]\n"
				  "f.yaml:7:2: warning: be careful [inventory.old]\n"
				  "srgap: error: no file [models.none]\n");
	free(text);
	diag_list_release(&list);
}

static void test_diag_line_without_column_prints_column_one(void **state)
{
	(void)state;
	struct diag_list list;
	diag_list_init(&list);
	diag_error(&list, "g.yaml", 4, 0, "x.y", "whole line");
	char *text = print_to_string(&list, 0);
	assert_string_equal(text, "g.yaml:4:1: error: whole line [x.y]\n");
	free(text);
	diag_list_release(&list);
}

/* ------------------------------------------------------------------ atomic_file */

static char *make_temp_dir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir = xasprintf("%s/srgap-unit-XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(dir));
	return dir;
}

/* Number of directory entries other than . and .. */
static size_t count_entries(const char *dir)
{
	DIR *handle = opendir(dir);
	assert_non_null(handle);
	size_t count = 0;
	struct dirent *entry;
	while ((entry = readdir(handle)))
		if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, ".."))
			count++;
	closedir(handle);
	return count;
}

static char *read_whole(const char *path)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return NULL;
	char *text = xcalloc(1, 4096);
	size_t length = fread(text, 1, 4095, in);
	text[length] = '\0';
	fclose(in);
	return text;
}

static void test_atomic_file_commit_creates_file(void **state)
{
	(void)state;
	char *dir = make_temp_dir();
	char *path = xasprintf("%s/report.csv", dir);
	struct atomic_file file;
	assert_int_equal(atomic_file_open(&file, path), 0);
	assert_non_null(file.stream);
	assert_non_null(file.temporary);
	assert_string_not_equal(file.temporary, path);
	/* Nothing at the final name until commit. */
	assert_int_equal(access(path, F_OK), -1);
	fprintf(file.stream, "a,b\n%d,%d\n", 1, 2);
	assert_int_equal(atomic_file_commit(&file), 0);
	assert_null(file.path);
	assert_null(file.temporary);
	char *text = read_whole(path);
	assert_non_null(text);
	assert_string_equal(text, "a,b\n1,2\n");
	assert_int_equal(count_entries(dir), 1); /* no temporary left behind */
	free(text);
	atomic_file_abort(&file); /* safe after commit */
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
}

static void test_atomic_file_abort_leaves_nothing(void **state)
{
	(void)state;
	char *dir = make_temp_dir();
	char *path = xasprintf("%s/out.json", dir);
	struct atomic_file file;
	assert_int_equal(atomic_file_open(&file, path), 0);
	assert_int_equal(count_entries(dir), 1); /* the temporary */
	fputs("{\"partial\":", file.stream);
	atomic_file_abort(&file);
	assert_int_equal(count_entries(dir), 0);
	assert_int_equal(access(path, F_OK), -1);
	assert_null(file.stream);
	assert_null(file.temporary);
	rmdir(dir);
	free(path);
	free(dir);
}

static void test_atomic_file_open_in_missing_dir_fails(void **state)
{
	(void)state;
	char *dir = make_temp_dir();
	char *path = xasprintf("%s/no/such/dir/out.txt", dir);
	struct atomic_file file;
	errno = 0;
	assert_int_equal(atomic_file_open(&file, path), -1);
	assert_int_equal(errno, ENOENT);
	assert_null(file.path);
	assert_null(file.temporary);
	assert_null(file.stream);
	atomic_file_abort(&file); /* safe on the cleared struct */
	assert_int_equal(count_entries(dir), 0);
	rmdir(dir);
	free(path);
	free(dir);
}

static void test_atomic_file_abort_keeps_existing_target(void **state)
{
	(void)state;
	char *dir = make_temp_dir();
	char *path = xasprintf("%s/report.txt", dir);
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	fputs("old report\n", out);
	fclose(out);

	struct atomic_file file;
	assert_int_equal(atomic_file_open(&file, path), 0);
	for (int i = 0; i < 5000; i++)
		fprintf(file.stream, "new line %d\n", i); /* more than one stdio buffer */
	fflush(file.stream);
	atomic_file_abort(&file);

	char *text = read_whole(path);
	assert_non_null(text);
	assert_string_equal(text, "old report\n");
	assert_int_equal(count_entries(dir), 1);
	free(text);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
}

static void test_atomic_file_commit_replaces_existing_target(void **state)
{
	(void)state;
	char *dir = make_temp_dir();
	char *path = xasprintf("%s/report.txt", dir);
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	fputs("old\n", out);
	fclose(out);

	struct atomic_file file;
	assert_int_equal(atomic_file_open(&file, path), 0);
	fputs("new\n", file.stream);
	assert_int_equal(atomic_file_commit(&file), 0);
	char *text = read_whole(path);
	assert_string_equal(text, "new\n");
	assert_int_equal(count_entries(dir), 1);
	/* Normal permissions, not mkstemp's 0600. */
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	mode_t mask = umask(0);
	umask(mask);
	assert_int_equal(st.st_mode & 0777, 0666 & ~mask);
	free(text);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
}

static void test_atomic_file_failed_commit_removes_temporary(void **state)
{
	(void)state;
	char *dir = make_temp_dir();
	/* The target is a directory, so renaming a file over it fails. */
	char *path = xasprintf("%s/target", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	struct atomic_file file;
	assert_int_equal(atomic_file_open(&file, path), 0);
	fputs("data\n", file.stream);
	errno = 0;
	assert_int_equal(atomic_file_commit(&file), -1);
	assert_int_not_equal(errno, 0);
	assert_null(file.temporary);
	assert_int_equal(count_entries(dir), 1); /* only the directory itself */
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	rmdir(path);
	rmdir(dir);
	free(path);
	free(dir);
}

/* ------------------------------------------------------------------ sha256 */

static void digest_text(const char *data, size_t size, size_t chunk, char *text)
{
	struct sha256 hash;
	unsigned char digest[SHA256_DIGEST_SIZE];
	sha256_init(&hash);
	for (size_t at = 0; at < size; at += chunk)
		sha256_update(&hash, data + at, size - at < chunk ? size - at : chunk);
	sha256_final(&hash, digest);
	sha256_text(digest, text);
}

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf"), fed whole and in odd chunks. */
static void test_sha256_standard_vectors(void **state)
{
	(void)state;
	char text[SHA256_TEXT_SIZE];
	digest_text("", 0, 1, text);
	assert_string_equal(
		text, "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	digest_text("abc", 3, 3, text);
	assert_string_equal(
		text, "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	for (size_t chunk = 1; chunk <= 64; chunk += 7) {
		digest_text(two_blocks, strlen(two_blocks), chunk, text);
		assert_string_equal(text,
				    "sha256:248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6"
				    "ecedd419db06c1");
	}
	char *million = xmalloc(1000000);
	memset(million, 'a', 1000000);
	digest_text(million, 1000000, 4096, text);
	assert_string_equal(
		text, "sha256:cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

/* ------------------------------------------------------------------ walk */

static void collect_path(void *context, const char *path)
{
	struct strbuf *list = context;
	strbuf_addf(list, "%s\n", path);
}

static void write_file(const char *path)
{
	FILE *file = fopen(path, "w");
	assert_non_null(file);
	fputs("x\n", file);
	fclose(file);
}

/* Files depth first in byte order, hidden entries and links below the start skipped. */
static void test_walk_files_order_and_skips(void **state)
{
	(void)state;
	char *dir = make_temp_dir();
	char *paths[] = {xasprintf("%s/b", dir),	  xasprintf("%s/b/z.yaml", dir),
			 xasprintf("%s/B.yaml", dir),	  xasprintf("%s/a.yaml", dir),
			 xasprintf("%s/.hidden", dir),	  xasprintf("%s/.hidden/x.yaml", dir),
			 xasprintf("%s/b-c.yaml", dir),	  xasprintf("%s/link", dir),
			 xasprintf("%s/c-link.yaml", dir)};
	assert_int_equal(mkdir(paths[0], 0755), 0);
	write_file(paths[1]);
	write_file(paths[2]);
	write_file(paths[3]);
	assert_int_equal(mkdir(paths[4], 0755), 0);
	write_file(paths[5]);
	write_file(paths[6]);
	assert_int_equal(symlink(paths[0], paths[7]), 0); /* to a folder: not followed */
	assert_int_equal(symlink(paths[3], paths[8]), 0); /* to a file: read */
	struct strbuf list;
	strbuf_init(&list);
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(walk_files(dir, "test", collect_path, &list, &diags), 0);
	char *expected =
		xasprintf("%s/B.yaml\n%s/a.yaml\n%s/b/z.yaml\n%s/b-c.yaml\n%s/c-link.yaml\n", dir,
			  dir, dir, dir, dir);
	/* '-' sorts before '/', but a folder's files come with the folder: depth first. */
	assert_string_equal(list.buf, expected);
	assert_int_equal(diags.count, 0);
	/* A file named directly is visited; a missing path is an error. */
	strbuf_reset(&list);
	assert_int_equal(walk_files(paths[3], "test", collect_path, &list, &diags), 0);
	assert_int_equal(list.len, strlen(paths[3]) + 1);
	assert_memory_equal(list.buf, paths[3], list.len - 1);
	char *missing = xasprintf("%s/missing", dir);
	assert_int_equal(walk_files(missing, "test", collect_path, &list, &diags), -1);
	assert_true(diag_has_code(&diags, "test.unreadable"));
	unlink(paths[8]);
	unlink(paths[7]);
	unlink(paths[6]);
	unlink(paths[5]);
	rmdir(paths[4]);
	unlink(paths[3]);
	unlink(paths[2]);
	unlink(paths[1]);
	rmdir(paths[0]);
	rmdir(dir);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		free(paths[i]);
	free(missing);
	free(expected);
	free(dir);
	strbuf_release(&list);
	diag_list_release(&diags);
}

/* ------------------------------------------------------------------ sha1, uuid */

static void sha1_hex(const void *data, size_t length, size_t chunk, char hex[41])
{
	struct sha1 sha1;
	unsigned char digest[SHA1_DIGEST_SIZE];
	sha1_init(&sha1);
	const unsigned char *bytes = data;
	/* Fed in pieces of `chunk` bytes, so block boundaries fall everywhere. */
	for (size_t done = 0; done < length; done += chunk)
		sha1_update(&sha1, bytes + done, length - done < chunk ? length - done : chunk);
	sha1_final(&sha1, digest);
	for (size_t i = 0; i < SHA1_DIGEST_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* FIPS 180 / RFC 3174 test vectors, and message lengths around the padding boundary. */
static void test_sha1_known_answers(void **state)
{
	(void)state;
	static const struct {
		const char *message;
		const char *digest;
	} vectors[] = {
		{"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		{"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
		{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqk"
		 "lm"
		 "nopqrlmnopqrsmnopqrstnopqrstu",
		 "a49b2446a02c645bf419f995b67091253a04a259"},
	};
	char hex[41];
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		for (size_t chunk = 1; chunk <= 65; chunk += 16) {
			sha1_hex(vectors[i].message, strlen(vectors[i].message), chunk, hex);
			assert_string_equal(hex, vectors[i].digest);
		}
	}
}

static void test_sha1_million_a_and_binary(void **state)
{
	(void)state;
	enum { MILLION = 1000000 };
	char *a = xmalloc(MILLION);
	memset(a, 'a', MILLION);
	char hex[41];
	sha1_hex(a, MILLION, 4096, hex);
	assert_string_equal(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(a);
	unsigned char bytes[768]; /* every byte value, three times (NUL and 0x80 included) */
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (unsigned char)i;
	sha1_hex(bytes, sizeof(bytes), 100, hex);
	assert_string_equal(hex, "ac2a264c8ec1f4232a40854e8239bc3a697ab1d2");
}

/* RFC 9562 appendix A.4: www.example.com in the DNS namespace. */
static void test_uuid_v5_rfc_example(void **state)
{
	(void)state;
	unsigned char dns[UUID_SIZE];
	assert_int_equal(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8", dns), 0);
	char text[UUID_TEXT_SIZE];
	uuid_v5(dns, "www.example.com", strlen("www.example.com"), text);
	assert_string_equal(text, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
	/* The streaming form gives the same answer in pieces. */
	struct uuid_v5 uuid;
	uuid_v5_begin(&uuid, dns);
	uuid_v5_add(&uuid, "www.", 4);
	uuid_v5_add(&uuid, "example.com", 11);
	uuid_v5_end(&uuid, text);
	assert_string_equal(text, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
	/* Another name, another UUID; version 5 and the RFC variant always. */
	uuid_v5(dns, "www.example.org", 15, text);
	assert_string_not_equal(text, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
	assert_int_equal(text[14], '5');
	assert_non_null(strchr("89ab", text[19]));
}

static void test_uuid_parse_rejects_malformed(void **state)
{
	(void)state;
	unsigned char bytes[UUID_SIZE];
	assert_int_equal(uuid_parse("6BA7B810-9DAD-11D1-80B4-00C04FD430C8", bytes), 0);
	assert_int_equal(bytes[0], 0x6b);
	assert_int_equal(bytes[15], 0xc8);
	assert_int_equal(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c", bytes), -1);
	assert_int_equal(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8x", bytes), -1);
	assert_int_equal(uuid_parse("6ba7b8109-dad-11d1-80b4-00c04fd430c8", bytes), -1);
	assert_int_equal(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430cg", bytes), -1);
	assert_int_equal(uuid_parse("", bytes), -1);
}

/* The version names the release first; merge accepts any commit of the same release. */
static void test_version_and_release(void **state)
{
	const char *version = srgap_version();
	char release[64], other[128];
	snprintf(release, sizeof(release), "srgap %.*s", (int)strcspn(version, " "), version);
	assert_true(srgap_generator_is_this_release(srgap_generator()));
	assert_true(srgap_generator_is_this_release(release));
	snprintf(other, sizeof(other), "%s (v0.0.1-5-gabcdef0-dirty)", release);
	assert_true(srgap_generator_is_this_release(other));
	snprintf(other, sizeof(other), "%s1", release);
	assert_false(srgap_generator_is_this_release(other));
	snprintf(other, sizeof(other), "%s-rc1", release);
	assert_false(srgap_generator_is_this_release(other));
	assert_false(srgap_generator_is_this_release("srgap 999.0.0"));
	assert_false(srgap_generator_is_this_release("srgap"));
	assert_false(srgap_generator_is_this_release(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_and_release),
		cmocka_unit_test(test_arena_many_small_allocations_stay_intact),
		cmocka_unit_test(test_arena_large_allocation_keeps_head_block),
		cmocka_unit_test(test_arena_alignment),
		cmocka_unit_test(test_arena_strdup_and_printf),
		cmocka_unit_test(test_arena_reusable_after_release),
		cmocka_unit_test(test_strbuf_add_and_addf),
		cmocka_unit_test(test_strbuf_grows_past_many_reallocations),
		cmocka_unit_test(test_strbuf_detach_hands_over_buffer),
		cmocka_unit_test(test_strbuf_reset_keeps_buffer_usable),
		cmocka_unit_test(test_suggest_distance),
		cmocka_unit_test(test_suggest_typo_within_threshold),
		cmocka_unit_test(test_suggest_is_case_insensitive),
		cmocka_unit_test(test_suggest_none_for_far_words),
		cmocka_unit_test(test_suggest_keeps_first_of_equal_candidates),
		cmocka_unit_test(test_date_parse_valid),
		cmocka_unit_test(test_date_parse_invalid),
		cmocka_unit_test(test_date_format_round_trip),
		cmocka_unit_test(test_date_today_honours_source_date_epoch),
		cmocka_unit_test(test_diag_counts_errors_not_warnings),
		cmocka_unit_test(test_diag_sort_by_file_line_column),
		cmocka_unit_test(test_diag_print_format),
		cmocka_unit_test(test_diag_line_without_column_prints_column_one),
		cmocka_unit_test(test_atomic_file_commit_creates_file),
		cmocka_unit_test(test_atomic_file_abort_leaves_nothing),
		cmocka_unit_test(test_atomic_file_open_in_missing_dir_fails),
		cmocka_unit_test(test_atomic_file_abort_keeps_existing_target),
		cmocka_unit_test(test_atomic_file_commit_replaces_existing_target),
		cmocka_unit_test(test_atomic_file_failed_commit_removes_temporary),
		cmocka_unit_test(test_sha256_standard_vectors),
		cmocka_unit_test(test_walk_files_order_and_skips),
		cmocka_unit_test(test_sha1_known_answers),
		cmocka_unit_test(test_sha1_million_a_and_binary),
		cmocka_unit_test(test_uuid_v5_rfc_example),
		cmocka_unit_test(test_uuid_parse_rejects_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
