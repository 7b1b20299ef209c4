/* Unit tests for src/io/yaml_tree: marks, hostile-input rules, reader helpers. */
#include <stdbool.h>
#include <stdlib.h>

#include "io/yaml_tree.h"
#include "test_support.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct fixture {
	struct arena arena;
	struct diag_list diags;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	arena_init(&f->arena);
	diag_list_init(&f->diags);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_release(&f->arena);
	diag_list_release(&f->diags);
	free(f);
	return 0;
}

static struct ynode *parse(struct fixture *f, const char *text)
{
	return yaml_tree_load_buffer(&f->arena, text, strlen(text), "t.yaml", "test", &f->diags);
}

static void assert_mark(const struct ynode *node, enum ynode_kind kind, int line, int column)
{
	assert_non_null(node);
	assert_int_equal(node->kind, kind);
	assert_int_equal(node->line, line);
	assert_int_equal(node->column, column);
}

/* ------------------------------------------------------------------ tree and marks */

static void test_yaml_marks_are_one_based(void **state)
{
	struct fixture *f = *state;
	const char *text = "name: web\n"     /* 1 */
			   "list:\n"	     /* 2 */
			   "  - a\n"	     /* 3 */
			   "  - [b, c]\n"    /* 4 */
			   "map:\n"	     /* 5 */
			   "  key: value\n"  /* 6 */
			   "flow: {x: 1}\n"; /* 7 */
	struct ynode *root = parse(f, text);
	assert_error_count(&f->diags, 0);
	assert_mark(root, YNODE_MAPPING, 1, 1);
	assert_int_equal(root->count, 4);

	assert_mark(root->keys[0], YNODE_SCALAR, 1, 1);
	assert_string_equal(root->keys[0]->value, "name");
	assert_mark(root->items[0], YNODE_SCALAR, 1, 7);
	assert_string_equal(root->items[0]->value, "web");

	const struct ynode *list = root->items[1];
	assert_mark(root->keys[1], YNODE_SCALAR, 2, 1);
	assert_mark(list, YNODE_SEQUENCE, 3, 3);
	assert_int_equal(list->count, 2);
	assert_mark(list->items[0], YNODE_SCALAR, 3, 5);
	assert_mark(list->items[1], YNODE_SEQUENCE, 4, 5);
	assert_mark(list->items[1]->items[0], YNODE_SCALAR, 4, 6);
	assert_mark(list->items[1]->items[1], YNODE_SCALAR, 4, 9);
	assert_string_equal(list->items[1]->items[1]->value, "c");

	const struct ynode *map = root->items[2];
	assert_mark(map, YNODE_MAPPING, 6, 3);
	assert_mark(map->keys[0], YNODE_SCALAR, 6, 3);
	assert_mark(map->items[0], YNODE_SCALAR, 6, 8);

	const struct ynode *flow = root->items[3];
	assert_mark(flow, YNODE_MAPPING, 7, 7);
	assert_mark(flow->keys[0], YNODE_SCALAR, 7, 8);
	assert_mark(flow->items[0], YNODE_SCALAR, 7, 11);
}

static void test_yaml_scalars_are_text_and_plain_is_recorded(void **state)
{
	struct fixture *f = *state;
	struct ynode *root = parse(f, "a: on\nb: 'on'\nc: 1.10\nd: \"x y\"\n");
	assert_non_null(root);
	assert_string_equal(ynode_get(root, "a")->value, "on");
	assert_true(ynode_get(root, "a")->plain);
	assert_string_equal(ynode_get(root, "b")->value, "on");
	assert_false(ynode_get(root, "b")->plain);
	assert_string_equal(ynode_get(root, "c")->value, "1.10"); /* not a number */
	assert_string_equal(ynode_get(root, "d")->value, "x y");
	assert_false(ynode_get(root, "d")->plain);
}

static void test_yaml_duplicate_key_names_first_line(void **state)
{
	struct fixture *f = *state;
	struct ynode *root = parse(f, "a: 1\n"
				      "b: 2\n"
				      "a: 3\n");
	assert_null(root);
	assert_error_count(&f->diags, 1);
	expect_diag2(&f->diags, "test.duplicate-key", 3, 1, "duplicate key 'a'",
		     "first given at line 1");
}

static void test_yaml_duplicate_key_in_nested_flow_mapping(void **state)
{
	struct fixture *f = *state;
	struct ynode *root = parse(f, "outer:\n"
				      "  inner: {x: 1, y: 2, x: 3}\n");
	assert_null(root);
	expect_diag2(&f->diags, "test.duplicate-key", 2, 23, "'x'", "first given at line 2");
}

static void test_yaml_every_duplicate_key_reported(void **state)
{
	struct fixture *f = *state;
	struct ynode *root = parse(f, "a: 1\n"
				      "m:\n"
				      "  x: 1\n"
				      "  x: 2\n"
				      "a: 3\n");
	assert_null(root);
	assert_error_count(&f->diags, 2);
	expect_diag2(&f->diags, "test.duplicate-key", 4, 3, "'x'", "first given at line 3");
	expect_diag2(&f->diags, "test.duplicate-key", 5, 1, "'a'", "first given at line 1");
}

/* A key given three times: both repeats point back at the first line. */
static void test_yaml_repeated_duplicate_names_first_line(void **state)
{
	struct fixture *f = *state;
	struct ynode *root = parse(f, "a: 1\n"
				      "a: 2\n"
				      "a: 3\n");
	assert_null(root);
	assert_error_count(&f->diags, 2);
	expect_diag(&f->diags, "test.duplicate-key", 2, 1, "first given at line 1");
	expect_diag(&f->diags, "test.duplicate-key", 3, 1, "first given at line 1");
}

static void test_yaml_alias_rejected(void **state)
{
	struct fixture *f = *state;
	struct ynode *root = parse(f, "a: &base 1\n"
				      "b: *base\n");
	assert_null(root);
	assert_error_count(&f->diags, 1);
	expect_diag(&f->diags, "test.yaml-alias", 2, 4, "'*base'");
}

static void test_yaml_syntax_error_has_line(void **state)
{
	struct fixture *f = *state;
	struct ynode *root = parse(f, "a: 1\n"
				      "b: 2\n"
				      "  c: 3\n");
	assert_null(root);
	assert_error_count(&f->diags, 1);
	expect_diag(&f->diags, "test.yaml-syntax", 3, 4, "mapping values are not allowed");
}

static void test_yaml_unclosed_flow_sequence_is_syntax_error(void **state)
{
	struct fixture *f = *state;
	assert_null(parse(f, "a: 1\n"
			     "b: [1, 2\n"
			     "c: 3\n"));
	expect_diag(&f->diags, "test.yaml-syntax", 3, 0, "flow sequence");
}

static void test_yaml_empty_file(void **state)
{
	struct fixture *f = *state;
	assert_null(parse(f, ""));
	assert_error_count(&f->diags, 1);
	expect_diag(&f->diags, "test.empty", 0, 0, "empty");
	assert_string_equal(f->diags.items[0].file, "t.yaml");
}

static void test_yaml_comment_only_file_is_empty(void **state)
{
	struct fixture *f = *state;
	assert_null(parse(f, "# nothing here\n\n# at all\n"));
	assert_error_count(&f->diags, 1);
	expect_diag(&f->diags, "test.empty", 0, 0, NULL);
}

static char *nested_sequences(int depth)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addchars(&sb, '[', (size_t)depth);
	strbuf_addchars(&sb, ']', (size_t)depth);
	strbuf_addch(&sb, '\n');
	return strbuf_detach(&sb);
}

static void test_yaml_nesting_at_limit_accepted(void **state)
{
	struct fixture *f = *state;
	char *text = nested_sequences(YAML_TREE_MAX_DEPTH);
	struct ynode *node = parse(f, text);
	free(text);
	assert_error_count(&f->diags, 0);
	int depth = 0;
	while (node && node->kind == YNODE_SEQUENCE) {
		depth++;
		node = node->count ? node->items[0] : NULL;
	}
	assert_int_equal(depth, YAML_TREE_MAX_DEPTH);
}

static void test_yaml_nesting_too_deep_rejected(void **state)
{
	struct fixture *f = *state;
	char *text = nested_sequences(YAML_TREE_MAX_DEPTH + 1);
	struct ynode *root = parse(f, text);
	free(text);
	assert_null(root);
	assert_error_count(&f->diags, 1);
	expect_diag(&f->diags, "test.yaml-too-deep", 1, YAML_TREE_MAX_DEPTH + 1, "64");
}

static void test_yaml_very_deep_block_nesting_rejected(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb;
	strbuf_init(&sb);
	for (int i = 0; i < 100; i++) {
		strbuf_addchars(&sb, ' ', (size_t)i);
		strbuf_addf(&sb, "k%d:\n", i);
	}
	strbuf_addchars(&sb, ' ', 100);
	strbuf_addstr(&sb, "leaf\n");
	struct ynode *root = parse(f, sb.buf);
	strbuf_release(&sb);
	assert_null(root);
	assert_int_equal(count_code(&f->diags, "test.yaml-too-deep"), 1);
	/* The 65th mapping is the value of k63, which starts on line 65. */
	expect_diag(&f->diags, "test.yaml-too-deep", 65, 65, NULL);
}

static void test_yaml_two_documents_rejected(void **state)
{
	struct fixture *f = *state;
	struct ynode *root = parse(f, "a: 1\n"
				      "---\n"
				      "b: 2\n");
	assert_null(root);
	assert_error_count(&f->diags, 1);
	expect_diag(&f->diags, "test.yaml-syntax", 2, 1, "more than one YAML document");
}

static void test_yaml_single_explicit_document_accepted(void **state)
{
	struct fixture *f = *state;
	struct ynode *root = parse(f, "---\na: 1\n...\n");
	assert_error_count(&f->diags, 0);
	assert_mark(root, YNODE_MAPPING, 2, 1);
}

static void test_yaml_nul_in_scalar_rejected(void **state)
{
	struct fixture *f = *state;
	assert_null(parse(f, "a: \"x\\0y\"\n"));
	expect_diag(&f->diags, "test.yaml-syntax", 1, 4, "NUL");
}

static void test_yaml_collection_as_key_rejected(void **state)
{
	struct fixture *f = *state;
	assert_null(parse(f, "? [a, b]\n: 1\n"));
	expect_diag(&f->diags, "test.yaml-syntax", 1, 3, "mapping key must be a plain value");
}

static void test_yaml_load_file_missing(void **state)
{
	struct fixture *f = *state;
	const char *path = SRGAP_TEST_FIXTURES "/does-not-exist.yaml";
	assert_null(yaml_tree_load_file(&f->arena, path, "inventory", &f->diags));
	assert_error_count(&f->diags, 1);
	expect_diag(&f->diags, "inventory.unreadable", 0, 0, "cannot open");
	assert_string_equal(f->diags.items[0].file, path);
}

static void test_yaml_load_file_directory_rejected(void **state)
{
	struct fixture *f = *state;
	assert_null(yaml_tree_load_file(&f->arena, SRGAP_TEST_FIXTURES, "catalog", &f->diags));
	expect_diag(&f->diags, "catalog.unreadable", 0, 0, "not a regular file");
}

/* ------------------------------------------------------------------ ynode_get / ynode_is_null */

static void test_ynode_get(void **state)
{
	struct fixture *f = *state;
	struct ynode *root = parse(f, "a: 1\nb: [x]\n");
	assert_non_null(root);
	assert_string_equal(ynode_get(root, "a")->value, "1");
	assert_int_equal(ynode_get(root, "b")->kind, YNODE_SEQUENCE);
	assert_null(ynode_get(root, "c"));
	assert_null(ynode_get(root, "A"));		   /* keys are case-sensitive */
	assert_null(ynode_get(ynode_get(root, "b"), "x")); /* not a mapping */
	assert_null(ynode_get(NULL, "a"));
}

static void test_ynode_is_null(void **state)
{
	struct fixture *f = *state;
	struct ynode *root = parse(f, "a: ~\n"
				      "b: null\n"
				      "c:\n"
				      "d: 'null'\n"
				      "e: NULL\n"
				      "f: x\n"
				      "g: Null\n"
				      "h: \"\"\n"
				      "i: nUll\n"
				      "j: {}\n");
	assert_non_null(root);
	assert_true(ynode_is_null(ynode_get(root, "a")));
	assert_true(ynode_is_null(ynode_get(root, "b")));
	assert_true(ynode_is_null(ynode_get(root, "c")));
	assert_false(ynode_is_null(ynode_get(root, "d"))); /* quoted: the text "null" */
	assert_true(ynode_is_null(ynode_get(root, "e")));
	assert_false(ynode_is_null(ynode_get(root, "f")));
	assert_true(ynode_is_null(ynode_get(root, "g")));
	assert_false(ynode_is_null(ynode_get(root, "h"))); /* quoted empty string */
	assert_false(ynode_is_null(ynode_get(root, "i")));
	assert_false(ynode_is_null(ynode_get(root, "j")));
	assert_false(ynode_is_null(NULL));
}

/* ------------------------------------------------------------------ yreader */

static struct yreader reader_for(struct fixture *f)
{
	struct yreader reader = {.file = "t.yaml", .code_prefix = "test", .diags = &f->diags};
	return reader;
}

static void test_yreader_check_keys_suggests(void **state)
{
	struct fixture *f = *state;
	struct yreader r = reader_for(f);
	static const char *const allowed[] = {"name", "provider", "criticality"};
	struct ynode *root = parse(f, "name: web\n"
				      "critcality: high\n"
				      "zzz: 1\n");
	assert_non_null(root);
	assert_int_equal(yreader_check_keys(&r, root, allowed, 3, "an environment"), -1);
	assert_error_count(&f->diags, 2);
	const struct diag *d =
		expect_diag(&f->diags, "test.unknown-key", 2, 1, "(did you mean 'criticality'?)");
	assert_string_equal(
		d->message,
		"unknown key 'critcality' in an environment (did you mean 'criticality'?)");
	d = expect_diag(&f->diags, "test.unknown-key", 3, 1, "'zzz'");
	assert_null(strstr(d->message, "did you mean"));
}

static void test_yreader_check_keys_accepts_known(void **state)
{
	struct fixture *f = *state;
	struct yreader r = reader_for(f);
	static const char *const allowed[] = {"name", "provider"};
	struct ynode *root = parse(f, "provider: gcp\nname: web\n");
	assert_int_equal(yreader_check_keys(&r, root, allowed, 2, "an environment"), 0);
	assert_int_equal(f->diags.count, 0);
}

static void test_yreader_enum_suggests(void **state)
{
	struct fixture *f = *state;
	struct yreader r = reader_for(f);
	static const char *const phases[] = {"build", "ship", "deploy", "run", "host"};
	struct ynode *root = parse(f, "phase: biuld\n");
	assert_int_equal(yreader_enum(&r, ynode_get(root, "phase"), phases, 5, "phase"), -1);
	assert_error_count(&f->diags, 1);
	expect_diag2(&f->diags, "test.bad-value", 1, 8, "unknown phase 'biuld'",
		     "(did you mean 'build'?)");
}

static void test_yreader_enum_lists_expected_values(void **state)
{
	struct fixture *f = *state;
	struct yreader r = reader_for(f);
	static const char *const phases[] = {"build", "ship", "deploy", "run", "host"};
	struct ynode *root = parse(f, "phase: banana\n");
	assert_int_equal(yreader_enum(&r, ynode_get(root, "phase"), phases, 5, "phase"), -1);
	expect_diag2(&f->diags, "test.bad-value", 1, 8, "unknown phase 'banana'",
		     "expected one of: build, ship, deploy, run, host");
}

static void test_yreader_enum_finds_index(void **state)
{
	struct fixture *f = *state;
	struct yreader r = reader_for(f);
	static const char *const phases[] = {"build", "ship", "deploy", "run", "host"};
	struct ynode *root = parse(f, "a: run\nb: [run]\nc: Run\n");
	assert_int_equal(yreader_enum(&r, ynode_get(root, "a"), phases, 5, "phase"), 3);
	assert_int_equal(f->diags.count, 0);
	assert_int_equal(yreader_enum(&r, ynode_get(root, "b"), phases, 5, "phase"), -1);
	expect_diag(&f->diags, "test.wrong-type", 2, 4, "phase must be a value, not a list");
	/* Exact match only: a case slip is reported, with the suggestion. */
	assert_int_equal(yreader_enum(&r, ynode_get(root, "c"), phases, 5, "phase"), -1);
	expect_diag(&f->diags, "test.bad-value", 3, 4, "(did you mean 'run'?)");
}

static void test_yreader_string(void **state)
{
	struct fixture *f = *state;
	struct yreader r = reader_for(f);
	struct ynode *root = parse(f, "name: web\n"
				      "empty: ~\n"
				      "list: [a]\n");
	assert_string_equal(yreader_string(&r, root, "name", true, "x"), "web");
	assert_int_equal(f->diags.count, 0);
	assert_null(yreader_string(&r, root, "absent", false, "x"));
	assert_int_equal(f->diags.count, 0);
	assert_null(yreader_string(&r, root, "absent", true, "an environment"));
	expect_diag(&f->diags, "test.missing-key", 1, 1, "an environment needs 'absent'");
	assert_null(yreader_string(&r, root, "empty", true, "an environment"));
	expect_diag(&f->diags, "test.missing-key", 2, 8, "needs 'empty'");
	assert_null(yreader_string(&r, root, "list", false, "an environment"));
	expect_diag(&f->diags, "test.wrong-type", 3, 7, "must be a value, not a list");
	assert_error_count(&f->diags, 3);
}

static void test_yreader_expect(void **state)
{
	struct fixture *f = *state;
	struct yreader r = reader_for(f);
	struct ynode *root = parse(f, "environments:\n  - a\n");
	const struct ynode *list = ynode_get(root, "environments");
	assert_int_equal(yreader_expect(&r, list, YNODE_SEQUENCE, "'environments'"), 0);
	assert_int_equal(yreader_expect(&r, list, YNODE_MAPPING, "'environments'"), -1);
	assert_error_count(&f->diags, 1);
	const struct diag *d = expect_diag(&f->diags, "test.wrong-type", 2, 3, NULL);
	assert_string_equal(d->message, "'environments' must be a mapping, not a list");
}

static void test_yreader_warning_is_not_an_error(void **state)
{
	struct fixture *f = *state;
	struct yreader r = reader_for(f);
	struct ynode *root = parse(f, "a: 1\n");
	yreader_warning(&r, root, "old", "deprecated %s", "thing");
	assert_int_equal(f->diags.count, 1);
	assert_int_equal(diag_error_count(&f->diags), 0);
	expect_diag(&f->diags, "test.old", 1, 1, "deprecated thing");
	assert_int_equal(f->diags.items[0].severity, DIAG_WARNING);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_yaml_marks_are_one_based),
		T(test_yaml_scalars_are_text_and_plain_is_recorded),
		T(test_yaml_duplicate_key_names_first_line),
		T(test_yaml_duplicate_key_in_nested_flow_mapping),
		T(test_yaml_every_duplicate_key_reported),
		T(test_yaml_repeated_duplicate_names_first_line),
		T(test_yaml_alias_rejected),
		T(test_yaml_syntax_error_has_line),
		T(test_yaml_unclosed_flow_sequence_is_syntax_error),
		T(test_yaml_empty_file),
		T(test_yaml_comment_only_file_is_empty),
		T(test_yaml_nesting_at_limit_accepted),
		T(test_yaml_nesting_too_deep_rejected),
		T(test_yaml_very_deep_block_nesting_rejected),
		T(test_yaml_two_documents_rejected),
		T(test_yaml_single_explicit_document_accepted),
		T(test_yaml_nul_in_scalar_rejected),
		T(test_yaml_collection_as_key_rejected),
		T(test_yaml_load_file_missing),
		T(test_yaml_load_file_directory_rejected),
		T(test_ynode_get),
		T(test_ynode_is_null),
		T(test_yreader_check_keys_suggests),
		T(test_yreader_check_keys_accepts_known),
		T(test_yreader_enum_suggests),
		T(test_yreader_enum_lists_expected_values),
		T(test_yreader_enum_finds_index),
		T(test_yreader_string),
		T(test_yreader_expect),
		T(test_yreader_warning_is_not_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
