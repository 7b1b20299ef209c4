/* Unit tests for src/core/catalog: the shipped catalog and broken fixture catalogs. */
#include <stdbool.h>
#include <stdlib.h>

#include "core/catalog.h"
#include "test_support.h"
#include "util/diag.h"

#define SHIPPED_CATALOG	      SRGAP_TEST_DATA_DIR "/models/nist-sp800-190.yaml"
#define CATALOG_FIXTURE(name) FIXTURE("catalog/" name)

struct shipped {
	struct catalog catalog;
	struct diag_list diags;
};

static int load_shipped(void **state)
{
	struct shipped *s = calloc(1, sizeof(*s));
	diag_list_init(&s->diags);
	if (catalog_load(&s->catalog, SHIPPED_CATALOG, &s->diags) < 0) {
		print_diags(&s->diags);
		return -1;
	}
	*state = s;
	return 0;
}

static int release_shipped(void **state)
{
	struct shipped *s = *state;
	if (s) {
		catalog_release(&s->catalog);
		diag_list_release(&s->diags);
		free(s);
	}
	return 0;
}

/* ------------------------------------------------------------------ shipped catalog */

static void test_catalog_shipped_counts(void **state)
{
	const struct shipped *s = *state;
	const struct catalog *c = &s->catalog;
	assert_int_equal(s->diags.count, 0);
	assert_int_equal(c->control_count, 76);
	assert_int_equal(c->group_count, 24);
	assert_string_equal(c->id, "nist-sp800-190");
	assert_string_equal(c->version, "2017-09 final");
	assert_int_equal(c->source_count, 3);
	static const char *const area_ids[AREA_COUNT] = {"4.1", "4.2", "4.3", "4.4", "4.5", "4.6"};
	for (size_t a = 0; a < AREA_COUNT; a++) {
		assert_string_equal(c->areas[a].id, area_ids[a]);
		assert_non_null(c->areas[a].title);
	}
	assert_string_equal(c->areas[AREA_IMAGE].risk, "3.1");
	assert_null(c->areas[AREA_HARDWARE].risk);
}

static void test_catalog_shipped_hardware_group_has_no_risk(void **state)
{
	const struct shipped *s = *state;
	const struct catalog_group *hardware = catalog_find_group(&s->catalog, "4.6");
	assert_non_null(hardware);
	assert_null(hardware->risk);
	assert_int_equal(hardware->area, AREA_HARDWARE);
	assert_int_equal(hardware->control_count, 2);
	assert_int_equal(hardware->index, 23);
	/* Every other group names its section 3 risk. */
	for (size_t g = 0; g < s->catalog.group_count; g++)
		if (&s->catalog.groups[g] != hardware)
			assert_non_null(s->catalog.groups[g].risk);
}

static void test_catalog_shipped_structure_is_consistent(void **state)
{
	const struct shipped *s = *state;
	const struct catalog *c = &s->catalog;
	size_t next_control = 0;
	for (size_t g = 0; g < c->group_count; g++) {
		const struct catalog_group *group = &c->groups[g];
		assert_int_equal(group->index, g);
		assert_int_equal(group->first_control, next_control);
		assert_in_range(group->control_count, 2, 6);
		if (g > 0)
			assert_true(strcmp(c->groups[g - 1].id, group->id) < 0);
		for (size_t i = 0; i < group->control_count; i++) {
			const struct catalog_control *control =
				&c->controls[group->first_control + i];
			assert_int_equal(control->index, group->first_control + i);
			assert_ptr_equal(control->group, group);
			assert_int_equal(control->area, group->area);
			assert_int_equal(strlen(control->id), strlen(group->id) + 1);
			assert_int_equal(control->id[strlen(group->id)], 'a' + (int)i);
			assert_non_null(control->description);
			assert_non_null(control->remediation);
		}
		next_control += group->control_count;
	}
	assert_int_equal(next_control, c->control_count);
}

static void test_catalog_find_control(void **state)
{
	const struct shipped *s = *state;
	const struct catalog *c = &s->catalog;
	const struct catalog_control *first = catalog_find_control(c, "4.1.1a");
	assert_non_null(first);
	assert_int_equal(first->index, 0);
	assert_int_equal(first->phase, PHASE_BUILD);

	const struct catalog_control *registry_scan = catalog_find_control(c, "4.1.1b");
	assert_non_null(registry_scan);
	assert_int_equal(registry_scan->phase, PHASE_SHIP);
	assert_int_equal(registry_scan->severity, SEVERITY_HIGH);
	assert_int_equal(registry_scan->effort, EFFORT_M);

	const struct catalog_control *patching = catalog_find_control(c, "4.5.3a");
	assert_non_null(patching);
	assert_int_equal(patching->phase, PHASE_HOST);
	assert_int_equal(patching->severity, SEVERITY_CRITICAL);
	assert_int_equal(patching->area, AREA_HOST);
	assert_string_equal(patching->group->id, "4.5.3");

	const struct catalog_control *last = catalog_find_control(c, "4.6b");
	assert_non_null(last);
	assert_int_equal(last->index, 75);
	assert_int_equal(last->area, AREA_HARDWARE);

	assert_null(catalog_find_control(c, "4.1.1"));
	assert_null(catalog_find_control(c, "4.1.1f"));
	assert_null(catalog_find_control(c, "4.1.1A"));
	assert_null(catalog_find_control(c, ""));
}

static void test_catalog_find_group(void **state)
{
	const struct shipped *s = *state;
	const struct catalog_group *group = catalog_find_group(&s->catalog, "4.5.3");
	assert_non_null(group);
	assert_int_equal(group->control_count, 3);
	assert_string_equal(group->risk, "3.5.3");
	assert_string_equal(s->catalog.controls[group->first_control].id, "4.5.3a");
	assert_string_equal(catalog_find_group(&s->catalog, "4.1.1")->title,
			    "Image vulnerabilities");
	assert_null(catalog_find_group(&s->catalog, "4.1"));
	assert_null(catalog_find_group(&s->catalog, "4.1.1a"));
	assert_null(catalog_find_group(&s->catalog, "4.7.1"));
}

static void assert_selects(const struct catalog *c, const char *key, const char *first_id,
			   size_t count)
{
	struct catalog_selection selection = {99, 99};
	assert_int_equal(catalog_select(c, key, &selection), 0);
	assert_string_equal(c->controls[selection.first].id, first_id);
	assert_int_equal(selection.count, count);
}

static void test_catalog_select_control_group_area(void **state)
{
	const struct shipped *s = *state;
	const struct catalog *c = &s->catalog;
	assert_selects(c, "4.3.2c", "4.3.2c", 1);
	assert_selects(c, "4.1.1", "4.1.1a", 5);
	assert_selects(c, "4.3.2", "4.3.2a", 5);
	assert_selects(c, "4.1", "4.1.1a", 20);
	assert_selects(c, "4.2", "4.2.1a", 10);
	assert_selects(c, "4.5", "4.5.1a", 14);
	assert_selects(c, "4.6", "4.6a", 2); /* the hardware group and area share an id */
}

static void test_catalog_select_unknown(void **state)
{
	const struct shipped *s = *state;
	struct catalog_selection selection = {7, 3};
	assert_int_equal(catalog_select(&s->catalog, "4.7", &selection), -1);
	assert_int_equal(catalog_select(&s->catalog, "4.1.1f", &selection), -1);
	assert_int_equal(catalog_select(&s->catalog, "4.1.", &selection), -1);
	assert_int_equal(catalog_select(&s->catalog, "image", &selection), -1);
	assert_int_equal(catalog_select(&s->catalog, "", &selection), -1);
	assert_int_equal(selection.first, 7); /* untouched */
	assert_int_equal(selection.count, 3);
}

static void assert_requires(const struct catalog *c, const char *id, const char *first,
			    const char *second)
{
	const struct catalog_control *control = catalog_find_control(c, id);
	assert_int_equal(control->require_count, second ? 2 : 1);
	assert_string_equal(control->requires[0] -> id, first);
	if (second)
		assert_string_equal(control->requires[1] -> id, second);
}

/* The prerequisites the roadmap relies on (docs/roadmap.md). */
static void test_catalog_shipped_requirements(void **state)
{
	const struct shipped *s = *state;
	const struct catalog *c = &s->catalog;
	assert_requires(c, "4.1.5c", "4.1.5b", "4.4.5c"); /* verify needs signing, admission */
	assert_requires(c, "4.1.1d", "4.1.1a", "4.4.5c"); /* gates need scanning, admission */
	assert_requires(c, "4.1.2b", "4.1.2a", "4.4.5c");
	assert_requires(c, "4.1.5a", "4.4.5c", NULL);
	assert_requires(c, "4.4.3e", "4.4.5c", NULL);
	assert_int_equal(catalog_find_control(c, "4.4.5c")->require_count, 0);
}

static void test_catalog_suggest(void **state)
{
	const struct shipped *s = *state;
	const struct catalog *c = &s->catalog;
	assert_string_equal(catalog_suggest(c, "4.5.3A"), "4.5.3a");  /* case */
	assert_string_equal(catalog_suggest(c, "4.3.2aa"), "4.3.2a"); /* one extra letter */
	assert_string_equal(catalog_suggest(c, "4.1.3.a"), "4.1.3a");
	/* Equal distances keep the first offered: controls, then groups, then areas. */
	assert_string_equal(catalog_suggest(c, "4.1.1z"), "4.1.1a");
	/* A nearer group beats a farther control. */
	assert_string_equal(catalog_suggest(c, "4.1.9"), "4.1.1");
	assert_null(catalog_suggest(c, "hardware"));
	assert_null(catalog_suggest(c, "9.9.9.9.9z"));
}

/* ------------------------------------------------------------------ fixture catalogs */

struct loaded {
	struct catalog catalog;
	struct diag_list diags;
	int result;
};

static void load_fixture(struct loaded *l, const char *path)
{
	diag_list_init(&l->diags);
	l->result = catalog_load(&l->catalog, path, &l->diags);
}

static void release_fixture(struct loaded *l)
{
	catalog_release(&l->catalog);
	diag_list_release(&l->diags);
}

static void test_catalog_mini_fixture_loads(void **state)
{
	(void)state;
	struct loaded l;
	load_fixture(&l, CATALOG_FIXTURE("mini.yaml"));
	assert_error_count(&l.diags, 0);
	assert_int_equal(l.result, 0);
	assert_int_equal(l.catalog.group_count, 2);
	assert_int_equal(l.catalog.control_count, 4);
	struct catalog_selection selection;
	/* An area without controls selects nothing. */
	assert_int_equal(catalog_select(&l.catalog, "4.2", &selection), -1);
	assert_int_equal(catalog_select(&l.catalog, "4.1", &selection), 0);
	assert_int_equal(selection.count, 2);
	release_fixture(&l);
}

static void test_catalog_bad_control_id_letter(void **state)
{
	(void)state;
	struct loaded l;
	load_fixture(&l, CATALOG_FIXTURE("bad-id-letter.yaml"));
	assert_int_equal(l.result, -1);
	assert_error_count(&l.diags, 1);
	expect_diag2(&l.diags, "catalog.bad-id", 23, 15, "'4.1.1c'", "should be '4.1.1b'");
	release_fixture(&l);
}

static void test_catalog_unknown_phase_suggests(void **state)
{
	(void)state;
	struct loaded l;
	load_fixture(&l, CATALOG_FIXTURE("bad-phase.yaml"));
	assert_int_equal(l.result, -1);
	assert_error_count(&l.diags, 1);
	expect_diag2(&l.diags, "catalog.bad-value", 22, 65, "unknown phase 'biuld'",
		     "did you mean 'build'?");
	release_fixture(&l);
}

static void test_catalog_missing_description(void **state)
{
	(void)state;
	struct loaded l;
	load_fixture(&l, CATALOG_FIXTURE("missing-description.yaml"));
	assert_int_equal(l.result, -1);
	assert_error_count(&l.diags, 1);
	expect_diag(&l.diags, "catalog.missing-key", 28, 9, "a control needs 'description'");
	release_fixture(&l);
}

static void test_catalog_group_with_one_control(void **state)
{
	(void)state;
	struct loaded l;
	load_fixture(&l, CATALOG_FIXTURE("one-control-group.yaml"));
	assert_int_equal(l.result, -1);
	assert_error_count(&l.diags, 1);
	expect_diag2(&l.diags, "catalog.bad-value", 27, 7, "group 4.6 has 1 controls", "2 to 6");
	release_fixture(&l);
}

static void test_catalog_groups_out_of_order(void **state)
{
	(void)state;
	struct loaded l;
	load_fixture(&l, CATALOG_FIXTURE("groups-out-of-order.yaml"));
	assert_int_equal(l.result, -1);
	assert_error_count(&l.diags, 1);
	expect_diag(&l.diags, "catalog.bad-order", 23, 5,
		    "group 4.1.1 is out of order or repeated (after 4.1.2)");
	release_fixture(&l);
}

/* `requires:`: a cycle names each control once. */
static void test_catalog_requires_cycle_names_each_control_once(void **state)
{
	(void)state;
	struct loaded l;
	load_fixture(&l, CATALOG_FIXTURE("requires-cycle.yaml"));
	assert_int_equal(l.result, -1);
	assert_error_count(&l.diags, 1);
	const struct diag *d = expect_diag(&l.diags, "catalog.requires-cycle", 22, 125, NULL);
	assert_string_equal(d->message,
			    "controls require each other in a cycle: 4.1.1a -> 4.1.1b -> 4.1.1a");
	release_fixture(&l);
}

static void test_catalog_requires_cycle_of_three(void **state)
{
	(void)state;
	struct loaded l;
	load_fixture(&l, CATALOG_FIXTURE("requires-cycle-three.yaml"));
	assert_int_equal(l.result, -1);
	assert_error_count(&l.diags, 1);
	const struct diag *d = expect_diag(&l.diags, "catalog.requires-cycle", 22, 125, NULL);
	assert_string_equal(d->message, "controls require each other in a cycle: "
					"4.1.1a -> 4.1.1b -> 4.6a -> 4.1.1a");
	release_fixture(&l);
}

static void test_catalog_requires_unknown_control_suggests(void **state)
{
	(void)state;
	struct loaded l;
	load_fixture(&l, CATALOG_FIXTURE("requires-unknown.yaml"));
	assert_int_equal(l.result, -1);
	assert_error_count(&l.diags, 1);
	expect_diag2(&l.diags, "catalog.unknown-control", 23, 141, "'4.1.1x'",
		     "did you mean '4.1.1a'?");
	release_fixture(&l);
}

static void test_catalog_requires_resolves_later_controls(void **state)
{
	(void)state;
	struct loaded l;
	load_fixture(&l, CATALOG_FIXTURE("requires.yaml"));
	assert_error_count(&l.diags, 0);
	const struct catalog_control *registry = catalog_find_control(&l.catalog, "4.1.1b");
	/* As written: a later control (4.6b) first, then an earlier one. */
	assert_int_equal(registry->require_count, 2);
	assert_string_equal(registry->requires[0] -> id, "4.6b");
	assert_string_equal(registry->requires[1] -> id, "4.1.1a");
	assert_int_equal(catalog_find_control(&l.catalog, "4.1.1a")->require_count, 0);
	assert_ptr_equal(catalog_find_control(&l.catalog, "4.6b")->requires[0],
			 catalog_find_control(&l.catalog, "4.6a"));
	release_fixture(&l);
}

static void test_catalog_missing_file(void **state)
{
	(void)state;
	struct loaded l;
	load_fixture(&l, CATALOG_FIXTURE("no-such-catalog.yaml"));
	assert_int_equal(l.result, -1);
	assert_error_count(&l.diags, 1);
	expect_diag(&l.diags, "catalog.unreadable", 0, 0, "cannot open");
	assert_int_equal(l.catalog.control_count, 0);
	release_fixture(&l);
}

#define SHIPPED(name) cmocka_unit_test(name)

int main(void)
{
	const struct CMUnitTest shipped_tests[] = {
		SHIPPED(test_catalog_shipped_counts),
		SHIPPED(test_catalog_shipped_hardware_group_has_no_risk),
		SHIPPED(test_catalog_shipped_structure_is_consistent),
		SHIPPED(test_catalog_find_control),
		SHIPPED(test_catalog_find_group),
		SHIPPED(test_catalog_select_control_group_area),
		SHIPPED(test_catalog_select_unknown),
		SHIPPED(test_catalog_suggest),
		SHIPPED(test_catalog_shipped_requirements),
	};
	const struct CMUnitTest fixture_tests[] = {
		cmocka_unit_test(test_catalog_mini_fixture_loads),
		cmocka_unit_test(test_catalog_bad_control_id_letter),
		cmocka_unit_test(test_catalog_unknown_phase_suggests),
		cmocka_unit_test(test_catalog_missing_description),
		cmocka_unit_test(test_catalog_group_with_one_control),
		cmocka_unit_test(test_catalog_groups_out_of_order),
		cmocka_unit_test(test_catalog_missing_file),
		cmocka_unit_test(test_catalog_requires_cycle_names_each_control_once),
		cmocka_unit_test(test_catalog_requires_cycle_of_three),
		cmocka_unit_test(test_catalog_requires_unknown_control_suggests),
		cmocka_unit_test(test_catalog_requires_resolves_later_controls),
	};
	int failed = cmocka_run_group_tests_name("shipped catalog", shipped_tests, load_shipped,
						 release_shipped);
	failed += cmocka_run_group_tests_name("fixture catalogs", fixture_tests, NULL, NULL);
	return failed;
}
