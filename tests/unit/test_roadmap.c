/*
 * Unit tests for src/core/roadmap (rules in docs/roadmap.md), over a fixture
 * data directory (fixtures/roadmap: a five-control catalog and a provider
 * whose services exercise each rule) and over hand-made cells for the
 * ordering rules that need contradicted claims.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "core/engine.h"
#include "core/inventory.h"
#include "core/models.h"
#include "core/roadmap.h"
#include "test_support.h"

#define ROADMAP_DIR FIXTURE("roadmap")

struct world {
	struct models models;
	struct inventory inventory;
	struct diag_list diags;
	struct roadmap roadmap;
	const char *only; /* feed only this environment, or NULL for all */
};

static int feed(void *context, const struct environment *environment, const struct cell *cells,
		const struct summary *summary)
{
	struct world *world = context;
	(void)summary;
	if (!world->only || !strcmp(world->only, environment->name))
		roadmap_add_environment(&world->roadmap, environment, cells);
	return 0;
}

static struct world *build(const char *only)
{
	struct world *world = calloc(1, sizeof(*world));
	diag_list_init(&world->diags);
	world->only = only;
	if (models_load(&world->models, ROADMAP_DIR, &world->diags) < 0 ||
	    inventory_load(&world->inventory, ROADMAP_DIR "/inventory.yaml", &world->models,
			   &world->diags) < 0) {
		print_diags(&world->diags);
		fail_msg("fixture data did not load");
	}
	struct summary total;
	roadmap_init(&world->roadmap, &world->models.catalog);
	assert_int_equal(engine_run(&world->models, &world->inventory, NULL, feed, world, &total),
			 0);
	roadmap_finish(&world->roadmap);
	return world;
}

static void destroy(struct world *world)
{
	roadmap_release(&world->roadmap);
	inventory_release(&world->inventory);
	models_release(&world->models);
	diag_list_release(&world->diags);
	free(world);
}

/* The action that closes `control` in `environment`. */
static const struct roadmap_action *closing(const struct roadmap *roadmap, const char *control,
					    const char *environment)
{
	for (size_t a = 0; a < roadmap->action_count; a++) {
		const struct roadmap_action *action = &roadmap->actions[a];
		bool has_control = false, has_environment = false;
		for (size_t i = 0; i < action->control_count; i++)
			has_control |= !strcmp(action->controls[i]->id, control);
		for (size_t i = 0; i < action->environment_count; i++)
			has_environment |= !strcmp(action->environments[i]->name, environment);
		if (has_control && has_environment)
			return action;
	}
	return NULL;
}

static bool depends(const struct roadmap_action *action, const struct roadmap_action *on)
{
	for (size_t i = 0; i < action->dependency_count; i++)
		if (action->depends_on[i] == on)
			return true;
	return false;
}

/* Does `action` need `on`, directly or through other actions? */
static bool needs(const struct roadmap_action *action, const struct roadmap_action *on)
{
	for (size_t i = 0; i < action->dependency_count; i++)
		if (action->depends_on[i] == on || needs(action->depends_on[i], on))
			return true;
	return false;
}

/* Properties every roadmap has, whatever its input. */
static void assert_well_formed(const struct roadmap *roadmap)
{
	for (size_t a = 0; a < roadmap->action_count; a++) {
		const struct roadmap_action *action = &roadmap->actions[a];
		char id[32];
		snprintf(id, sizeof(id), "A%02zu", a + 1);
		assert_string_equal(action->id, id);
		assert_in_range(action->phase, 1, 3);
		assert_true(action->control_count > 0 && action->environment_count > 0);
		assert_true(action->risk_reduction > 0);
		if (action->quick_win)
			assert_int_equal(action->phase, 1);
		for (size_t d = 0; d < action->dependency_count; d++) {
			/* Prerequisites come earlier in the plan, never in a later phase. */
			assert_true(action->depends_on[d] < action);
			assert_true(action->depends_on[d]->phase <= action->phase);
		}
		if (a == 0)
			continue;
		const struct roadmap_action *previous = action - 1;
		assert_true(previous->phase <= action->phase);
		/* Contradicted first within a phase, unless the earlier one is a prerequisite. */
		if (previous->phase == action->phase && !previous->contradicted)
			assert_true(!action->contradicted || needs(action, previous));
	}
}

static void test_roadmap_prefers_free_capability_to_turn_on(void **state)
{
	(void)state;
	struct world *world = build("prod");
	const struct roadmap_action *scan = closing(&world->roadmap, "4.1.1a", "prod");
	assert_non_null(scan);
	/* off/opt-in before on, free before paid, S before M: ci-scan-free wins. */
	assert_string_equal(scan->capability->id, "ci-scan-free");
	assert_string_equal(scan->title, "Turn on Free CI scanning");
	assert_string_equal(scan->remediation, "Turn on free CI scanning.");
	assert_true(scan->quick_win);
	assert_int_equal(scan->phase, 1);
	assert_int_equal(scan->cost, COST_FREE);
	assert_int_equal(scan->effort, EFFORT_S);
	assert_well_formed(&world->roadmap);
	destroy(world);
}

static void test_roadmap_capability_tie_breaks(void **state)
{
	(void)state;
	struct world *world = build(NULL);
	/* Only an on-by-default scanner: configure it (a free S quick win all the same). */
	const struct roadmap_action *legacy = closing(&world->roadmap, "4.1.1a", "legacy");
	assert_string_equal(legacy->capability->id, "ci-scan-on");
	assert_string_equal(legacy->title, "Configure Built-in CI scanning");
	assert_true(legacy->quick_win);
	assert_int_equal(legacy->phase, 1);
	/* Free beats paid before effort is looked at: the slow free scanner wins. */
	const struct roadmap_action *batch = closing(&world->roadmap, "4.1.1a", "batch");
	assert_string_equal(batch->capability->id, "ci-scan-slow");
	assert_int_equal(batch->effort, EFFORT_M);
	destroy(world);
}

static void test_roadmap_generic_remediation_without_capability(void **state)
{
	(void)state;
	struct world *world = build("lab");
	const struct roadmap_action *gate = closing(&world->roadmap, "4.1.1c", "lab");
	assert_non_null(gate);
	assert_null(gate->capability);
	assert_string_equal(gate->title, "Gate deployments");
	assert_string_equal(gate->remediation, "Add a gate.");
	assert_int_equal(gate->cost, COST_FREE);
	assert_int_equal(gate->effort, EFFORT_M);
	/* The provider's control (4.4.5b on bare) is no action. */
	assert_null(closing(&world->roadmap, "4.4.5b", "lab"));
	/* A partial claim is still an action. */
	assert_non_null(closing(&world->roadmap, "4.4.5a", "lab"));
	assert_int_equal(world->roadmap.action_count, 4); /* 4.1.1a, b (native), c, 4.4.5a */
	assert_well_formed(&world->roadmap);
	destroy(world);
}

static unsigned cell_risk(const struct world *world, const char *environment, const char *control)
{
	const struct environment *env = inventory_find_environment(&world->inventory, environment);
	struct cell *cells = calloc(world->models.catalog.control_count, sizeof(*cells));
	engine_assess_environment(&world->models, &world->inventory, env, NULL, cells);
	unsigned risk = cells[catalog_find_control(&world->models.catalog, control)->index].risk;
	free(cells);
	return risk;
}

static void test_roadmap_merges_environments(void **state)
{
	(void)state;
	struct world *world = build(NULL);
	/* One generic action closes 4.1.1c in prod, stage, lab, legacy and batch. */
	const struct roadmap_action *gate = closing(&world->roadmap, "4.1.1c", "prod");
	assert_ptr_equal(closing(&world->roadmap, "4.1.1c", "lab"), gate);
	assert_int_equal(gate->environment_count, 5);
	assert_string_equal(gate->environments[0]->name, "prod");
	assert_string_equal(gate->environments[4]->name, "batch");
	/* Owners once each, first seen first; environments without an owner add none. */
	assert_int_equal(gate->owner_count, 2);
	assert_string_equal(gate->owners[0], "team-a");
	assert_string_equal(gate->owners[1], "team-b");
	unsigned long sum = 0;
	static const char *const names[] = {"prod", "stage", "lab", "legacy", "batch"};
	for (size_t i = 0; i < 5; i++)
		sum += cell_risk(world, names[i], "4.1.1c");
	assert_int_equal(gate->risk_reduction, sum);
	/* The registry capability closes 4.1.1b everywhere, suite included. */
	const struct roadmap_action *registry = closing(&world->roadmap, "4.1.1b", "suite");
	assert_string_equal(registry->capability->id, "registry-scan");
	assert_int_equal(registry->environment_count, 6);
	assert_int_equal(registry->owner_count, 3);
	/* stage claims 4.1.1a, so the free scanner closes it only in prod. */
	const struct roadmap_action *scan = closing(&world->roadmap, "4.1.1a", "prod");
	assert_int_equal(scan->environment_count, 1);
	assert_well_formed(&world->roadmap);
	destroy(world);
}

static void test_roadmap_dependencies_follow_the_catalog(void **state)
{
	(void)state;
	struct world *world = build("prod");
	const struct roadmap_action *gate = closing(&world->roadmap, "4.1.1c", "prod");
	const struct roadmap_action *scan = closing(&world->roadmap, "4.1.1a", "prod");
	const struct roadmap_action *admission = closing(&world->roadmap, "4.4.5a", "prod");
	const struct roadmap_action *sandbox = closing(&world->roadmap, "4.4.5b", "prod");
	assert_int_equal(gate->dependency_count, 2);
	assert_true(depends(gate, scan));
	assert_true(depends(gate, admission));
	assert_true(depends(sandbox, admission));
	assert_int_equal(scan->dependency_count, 0);
	/* A capability named for the state it achieves reads "Ensure ...". */
	assert_string_equal(sandbox->title, "Ensure Root login disabled");
	/* The sandbox fix is a quick win, so the admission controller it needs moves to phase 1. */
	assert_int_equal(sandbox->phase, 1);
	assert_int_equal(admission->phase, 1);
	assert_true(admission < sandbox);
	/* Prerequisites are pulled into their dependents' phase or earlier. */
	assert_true(admission->phase <= gate->phase && admission->phase <= sandbox->phase);
	/* depends_on lists plan order */
	assert_true(gate->depends_on[0] < gate->depends_on[1]);
	assert_well_formed(&world->roadmap);
	destroy(world);
}

static void test_roadmap_met_prerequisite_is_no_dependency(void **state)
{
	(void)state;
	struct world *world = build("stage");
	const struct roadmap_action *gate = closing(&world->roadmap, "4.1.1c", "stage");
	/* stage claims 4.1.1a: only the admission controller is still needed. */
	assert_null(closing(&world->roadmap, "4.1.1a", "stage"));
	assert_int_equal(gate->dependency_count, 1);
	assert_true(depends(gate, closing(&world->roadmap, "4.4.5a", "stage")));
	destroy(world);
}

static void test_roadmap_drops_dependency_cycle(void **state)
{
	(void)state;
	struct world *world = build("suite");
	const struct roadmap_action *suite = closing(&world->roadmap, "4.1.1a", "suite");
	const struct roadmap_action *policy = closing(&world->roadmap, "4.1.1c", "suite");
	assert_string_equal(suite->capability->id, "suite");
	assert_string_equal(policy->capability->id, "policy");
	/* policy (4.1.1c) needs suite (4.1.1a); suite (4.4.5b) needing policy (4.4.5a) would loop.
	 */
	assert_true(depends(policy, suite));
	assert_false(depends(suite, policy));
	assert_int_equal(suite->control_count, 2);
	assert_string_equal(suite->controls[0]->id, "4.1.1a"); /* catalog order */
	assert_string_equal(suite->controls[1]->id, "4.4.5b");
	assert_well_formed(&world->roadmap);
	destroy(world);
}

/* ------------------------------------------------------------------ hand-made cells */

/*
 * The phase budget over generic actions of known effort and risk: lab's
 * cells with their risks overwritten. Weights S 1, M 3, L 8.
 */
static void build_cells(struct world *world, const unsigned *risks, const bool *contradicted)
{
	const struct environment *lab = inventory_find_environment(&world->inventory, "lab");
	size_t count = world->models.catalog.control_count;
	struct cell *cells = calloc(count, sizeof(*cells));
	engine_assess_environment(&world->models, &world->inventory, lab, NULL, cells);
	for (size_t i = 0; i < count; i++) {
		if (cells[i].status == STATUS_PROVIDER)
			continue;
		cells[i].risk = risks[i];
		cells[i].status = contradicted[i] ? STATUS_CONTRADICTED : STATUS_GAP;
	}
	roadmap_init(&world->roadmap, &world->models.catalog);
	roadmap_add_environment(&world->roadmap, lab, cells);
	roadmap_finish(&world->roadmap);
	free(cells);
}

static struct world *load_only(void)
{
	struct world *world = calloc(1, sizeof(*world));
	diag_list_init(&world->diags);
	if (models_load(&world->models, ROADMAP_DIR, &world->diags) < 0 ||
	    inventory_load(&world->inventory, ROADMAP_DIR "/inventory.yaml", &world->models,
			   &world->diags) < 0)
		fail_msg("fixture data did not load");
	return world;
}

static void test_roadmap_phase_budget(void **state)
{
	(void)state;
	struct world *world = load_only();
	/*
	 * lab: 4.1.1a generic (S) risk 50, 4.1.1b native registry-scan (M) 60,
	 * 4.1.1c generic (M) 3, 4.4.5a generic (L) 80; 4.4.5b is the provider's.
	 * Risk per weight: 50, 20, 1, 10, so the value order is 4.1.1a, 4.1.1b,
	 * 4.4.5a, 4.1.1c. Total weight 15; cumulative starts 0, 1, 4, 12: phase 1
	 * while start < 15/6, phase 2 while start < 15/2, else phase 3.
	 */
	const unsigned risks[] = {50, 60, 3, 80, 0};
	const bool contradicted[] = {false, false, false, false, false};
	build_cells(world, risks, contradicted);
	const struct roadmap *roadmap = &world->roadmap;
	static const char *const expected[] = {"4.1.1a", "4.1.1b", "4.4.5a", "4.1.1c"};
	static const unsigned phases[] = {1, 1, 2, 3};
	assert_int_equal(roadmap->action_count, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(roadmap->actions[i].controls[0]->id, expected[i]);
		assert_int_equal(roadmap->actions[i].phase, phases[i]);
	}
	assert_int_equal(roadmap->actions[1].risk_reduction, 60);
	assert_well_formed(roadmap);
	roadmap_release(&world->roadmap);
	inventory_release(&world->inventory);
	models_release(&world->models);
	diag_list_release(&world->diags);
	free(world);
}

static void test_roadmap_contradicted_first_within_phase(void **state)
{
	(void)state;
	struct world *world = load_only();
	/* The same risks, but 4.1.1b is contradicted: it leads phase 1 and is flagged. */
	const unsigned risks[] = {50, 60, 3, 80, 0};
	const bool contradicted[] = {false, true, false, false, false};
	build_cells(world, risks, contradicted);
	const struct roadmap *roadmap = &world->roadmap;
	const struct roadmap_action *registry = closing(roadmap, "4.1.1b", "lab");
	assert_true(registry->contradicted);
	assert_int_equal(registry->phase, 1);
	assert_ptr_equal(registry, &roadmap->actions[0]);
	assert_string_equal(roadmap->actions[1].controls[0]->id, "4.1.1a");
	assert_false(roadmap->actions[1].contradicted);
	assert_well_formed(roadmap);
	roadmap_release(&world->roadmap);
	inventory_release(&world->inventory);
	models_release(&world->models);
	diag_list_release(&world->diags);
	free(world);
}

static void test_roadmap_pulls_prerequisites_earlier(void **state)
{
	(void)state;
	struct world *world = load_only();
	/*
	 * 4.1.1c (gate) is now worth the most (90/3) and starts phase 1; 4.1.1a,
	 * 4.1.1b and 4.4.5a rank after it and fall into phase 2, but 4.1.1a and
	 * 4.4.5a are its prerequisites and are pulled into phase 1.
	 */
	const unsigned risks[] = {1, 2, 90, 3, 0};
	const bool contradicted[] = {false, false, true, false, false};
	build_cells(world, risks, contradicted);
	const struct roadmap *roadmap = &world->roadmap;
	const struct roadmap_action *gate = closing(roadmap, "4.1.1c", "lab");
	assert_int_equal(gate->phase, 1);
	assert_int_equal(closing(roadmap, "4.1.1a", "lab")->phase, 1);
	assert_int_equal(closing(roadmap, "4.4.5a", "lab")->phase, 1);
	assert_int_equal(closing(roadmap, "4.1.1b", "lab")->phase, 2);
	/* The gate is contradicted, but its prerequisites still come first: A01, A02, then A03. */
	assert_true(gate->contradicted);
	assert_ptr_equal(gate, &roadmap->actions[2]);
	assert_string_equal(roadmap->actions[0].controls[0]->id, "4.1.1a"); /* rank 1/1 > 3/8 */
	assert_string_equal(roadmap->actions[1].controls[0]->id, "4.4.5a");
	assert_well_formed(roadmap);
	roadmap_release(&world->roadmap);
	inventory_release(&world->inventory);
	models_release(&world->models);
	diag_list_release(&world->diags);
	free(world);
}

static void test_roadmap_empty(void **state)
{
	(void)state;
	struct world *world = load_only();
	roadmap_init(&world->roadmap, &world->models.catalog);
	roadmap_finish(&world->roadmap);
	assert_int_equal(world->roadmap.action_count, 0);
	roadmap_release(&world->roadmap);
	/* Released before finish: no leak (checked under ASan). */
	roadmap_init(&world->roadmap, &world->models.catalog);
	roadmap_release(&world->roadmap);
	inventory_release(&world->inventory);
	models_release(&world->models);
	diag_list_release(&world->diags);
	free(world);
}

static void test_roadmap_effort_weights(void **state)
{
	(void)state;
	assert_int_equal(roadmap_effort_weight(EFFORT_S), 1);
	assert_int_equal(roadmap_effort_weight(EFFORT_M), 3);
	assert_int_equal(roadmap_effort_weight(EFFORT_L), 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roadmap_prefers_free_capability_to_turn_on),
		cmocka_unit_test(test_roadmap_capability_tie_breaks),
		cmocka_unit_test(test_roadmap_generic_remediation_without_capability),
		cmocka_unit_test(test_roadmap_merges_environments),
		cmocka_unit_test(test_roadmap_dependencies_follow_the_catalog),
		cmocka_unit_test(test_roadmap_met_prerequisite_is_no_dependency),
		cmocka_unit_test(test_roadmap_drops_dependency_cycle),
		cmocka_unit_test(test_roadmap_phase_budget),
		cmocka_unit_test(test_roadmap_contradicted_first_within_phase),
		cmocka_unit_test(test_roadmap_pulls_prerequisites_earlier),
		cmocka_unit_test(test_roadmap_empty),
		cmocka_unit_test(test_roadmap_effort_weights),
	};
	return cmocka_run_group_tests_name("roadmap", tests, NULL, NULL);
}
