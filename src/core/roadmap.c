/*
 * Builds the remediation roadmap from the cells of every environment: picks
 * the action for each open cell (a native capability or the control's
 * generic remediation), merges equal actions across environments, links
 * dependencies from the catalog's `requires:` and assigns phases. The rules
 * are specified in docs/roadmap.md. Pure computation: no I/O.
 */
#include "core/roadmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/inventory.h"
#include "util/arena.h"
#include "util/xalloc.h"

/* Growth bookkeeping and plan-independent data, parallel to the actions while building. */
struct action_extra {
	size_t control_capacity;
	size_t environment_capacity;
	size_t owner_capacity;
	size_t *dependencies; /* action indices (creation order) */
	size_t dependency_count;
	size_t dependency_capacity;
	bool turn_on;	 /* off or opt-in on at least one service it applies to */
	const char *key; /* stable tie-break: "4.1.1a" or "aws/ecr-enhanced-scanning" */
};

/* Which action (index + 1, 0 for none) uses each capability of one provider. */
struct provider_slots {
	const struct provider *provider;
	size_t *by_capability;
};

struct roadmap_builder {
	const struct catalog *catalog;
	size_t *generic; /* by control: action index + 1 */
	struct provider_slots *providers;
	size_t provider_count;
	/* closer[row * control_count + control]: action index + 1; one row per environment. */
	size_t *closer;
	size_t rows;
	size_t row_capacity;
	struct action_extra *extra;
	size_t extra_capacity;
};

static const unsigned effort_weights[EFFORT_COUNT] = {1, 3, 8};

unsigned roadmap_effort_weight(enum effort effort)
{
	return effort_weights[effort];
}

void roadmap_init(struct roadmap *roadmap, const struct catalog *catalog)
{
	memset(roadmap, 0, sizeof(*roadmap));
	struct roadmap_builder *builder = xcalloc(1, sizeof(*builder));
	arena_init(&roadmap->arena);
	builder->catalog = catalog;
	builder->generic = xcalloc(catalog->control_count + 1, sizeof(*builder->generic));
	roadmap->builder = builder;
}

static bool is_open(enum cell_status status)
{
	return status == STATUS_GAP || status == STATUS_PARTIAL || status == STATUS_CONTRADICTED;
}

/*
 * Orders capabilities by preference: one the customer must turn on (off or
 * opt-in on this service) before one that is on by default, free before
 * paid, lower effort first, then by id. Negative: `a` is preferred.
 */
static int compare_capabilities(const struct service *service, const struct capability *a,
				const struct capability *b)
{
	int a_on = service->capability_defaults[a->index] == CAPABILITY_ON;
	int b_on = service->capability_defaults[b->index] == CAPABILITY_ON;
	if (a_on != b_on)
		return a_on - b_on;
	if (a->cost != b->cost)
		return (int)a->cost - (int)b->cost;
	if (a->effort != b->effort)
		return (int)a->effort - (int)b->effort;
	return strcmp(a->id, b->id);
}

static const struct capability *best_capability(const struct cell *cell)
{
	const struct responsibility_entry *entry = cell->entry;
	const struct capability *best = NULL;
	for (size_t i = 0; i < entry->capability_count; i++)
		if (!best || compare_capabilities(cell->service, entry->capabilities[i], best) < 0)
			best = entry->capabilities[i];
	return best;
}

static size_t *capability_slot(struct roadmap_builder *builder, const struct capability *capability)
{
	const struct provider *provider = capability->provider;
	for (size_t i = 0; i < builder->provider_count; i++)
		if (builder->providers[i].provider == provider)
			return &builder->providers[i].by_capability[capability->index];
	builder->providers = xrealloc(builder->providers,
				      (builder->provider_count + 1) * sizeof(*builder->providers));
	struct provider_slots *slots = &builder->providers[builder->provider_count++];
	slots->provider = provider;
	slots->by_capability = xcalloc(provider->capability_count + 1, sizeof(size_t));
	return &slots->by_capability[capability->index];
}

static size_t new_action(struct roadmap *roadmap, const struct catalog_control *control,
			 const struct capability *capability)
{
	struct roadmap_builder *builder = roadmap->builder;
	roadmap->actions = xgrow(roadmap->actions, &roadmap->action_capacity,
				 roadmap->action_count + 1, sizeof(*roadmap->actions));
	builder->extra = xgrow(builder->extra, &builder->extra_capacity, roadmap->action_count + 1,
			       sizeof(*builder->extra));
	size_t index = roadmap->action_count++;
	struct roadmap_action *action = &roadmap->actions[index];
	struct action_extra *extra = &builder->extra[index];
	memset(action, 0, sizeof(*action));
	memset(extra, 0, sizeof(*extra));
	action->capability = capability;
	if (capability) {
		action->remediation = capability->remediation;
		action->effort = capability->effort;
		action->cost = capability->cost;
		extra->key = arena_printf(&roadmap->arena, "%s/%s", capability->provider->id,
					  capability->id);
	} else {
		action->title = control->title;
		action->remediation = control->remediation;
		action->effort = control->effort;
		action->cost = COST_FREE; /* the catalog records no licence cost */
		extra->key = control->id;
	}
	return index;
}

static void add_control(struct roadmap_action *action, struct action_extra *extra,
			const struct catalog_control *control)
{
	size_t position = action->control_count;
	for (size_t i = 0; i < action->control_count; i++) {
		if (action->controls[i] == control)
			return;
		if (action->controls[i]->index > control->index &&
		    position == action->control_count)
			position = i;
	}
	action->controls = xgrow(action->controls, &extra->control_capacity,
				 action->control_count + 1, sizeof(*action->controls));
	memmove(&action->controls[position + 1], &action->controls[position],
		(action->control_count - position) * sizeof(*action->controls));
	action->controls[position] = control;
	action->control_count++;
}

static void add_environment(struct roadmap_action *action, struct action_extra *extra,
			    const struct environment *environment)
{
	/* Environments arrive one at a time, so a repeat can only be the last one. */
	if (action->environment_count &&
	    action->environments[action->environment_count - 1] == environment)
		return;
	action->environments = xgrow(action->environments, &extra->environment_capacity,
				     action->environment_count + 1, sizeof(*action->environments));
	action->environments[action->environment_count++] = environment;
	if (!environment->owner)
		return;
	for (size_t i = 0; i < action->owner_count; i++)
		if (!strcmp(action->owners[i], environment->owner))
			return;
	action->owners = xgrow(action->owners, &extra->owner_capacity, action->owner_count + 1,
			       sizeof(*action->owners));
	action->owners[action->owner_count++] = environment->owner;
}

void roadmap_add_environment(struct roadmap *roadmap, const struct environment *environment,
			     const struct cell *cells)
{
	struct roadmap_builder *builder = roadmap->builder;
	size_t controls = builder->catalog->control_count;
	builder->closer = xgrow(builder->closer, &builder->row_capacity, builder->rows + 1,
				controls * sizeof(*builder->closer));
	size_t *row = &builder->closer[builder->rows++ * controls];
	memset(row, 0, controls * sizeof(*row));
	for (size_t i = 0; i < controls; i++) {
		const struct cell *cell = &cells[i];
		if (!is_open(cell->status))
			continue;
		const struct capability *capability = best_capability(cell);
		size_t *slot = capability ? capability_slot(builder, capability)
					  : &builder->generic[cell->control->index];
		if (!*slot)
			*slot = new_action(roadmap, cell->control, capability) + 1;
		size_t index = *slot - 1;
		struct roadmap_action *action = &roadmap->actions[index];
		struct action_extra *extra = &builder->extra[index];
		add_control(action, extra, cell->control);
		add_environment(action, extra, environment);
		action->risk_reduction += cell->risk;
		action->contradicted |= cell->status == STATUS_CONTRADICTED;
		if (capability)
			extra->turn_on |= cell->service->capability_defaults[capability->index] !=
					  CAPABILITY_ON;
		row[i] = index + 1;
	}
}

/* ------------------------------------------------------------------ dependencies */

/* Is `to` reachable from `from` over the dependency edges added so far? */
static bool reaches(const struct roadmap_builder *builder, size_t from, size_t to,
		    unsigned char *seen)
{
	if (from == to)
		return true;
	if (seen[from])
		return false;
	seen[from] = 1;
	const struct action_extra *extra = &builder->extra[from];
	for (size_t i = 0; i < extra->dependency_count; i++)
		if (reaches(builder, extra->dependencies[i], to, seen))
			return true;
	return false;
}

/*
 * `dependent` needs `prerequisite` first. An edge that would close a cycle
 * (one action closing controls on both sides of a requirement chain) is
 * dropped: the catalog itself is acyclic, so such a cycle only means the
 * two actions overlap, and either order makes progress.
 */
static void add_dependency(struct roadmap_builder *builder, size_t action_count, size_t dependent,
			   size_t prerequisite)
{
	struct action_extra *extra = &builder->extra[dependent];
	if (dependent == prerequisite)
		return;
	for (size_t i = 0; i < extra->dependency_count; i++)
		if (extra->dependencies[i] == prerequisite)
			return;
	unsigned char *seen = xcalloc(action_count, 1);
	bool cycle = reaches(builder, prerequisite, dependent, seen);
	free(seen);
	if (cycle)
		return;
	extra->dependencies = xgrow(extra->dependencies, &extra->dependency_capacity,
				    extra->dependency_count + 1, sizeof(*extra->dependencies));
	extra->dependencies[extra->dependency_count++] = prerequisite;
}

/* A control's requirement counts only where it is open in the same environment. */
static void link_dependencies(struct roadmap *roadmap)
{
	struct roadmap_builder *builder = roadmap->builder;
	const struct catalog *catalog = builder->catalog;
	size_t controls = catalog->control_count;
	for (size_t r = 0; r < builder->rows; r++) {
		const size_t *row = &builder->closer[r * controls];
		for (size_t c = 0; c < controls; c++) {
			if (!row[c])
				continue;
			const struct catalog_control *control = &catalog->controls[c];
			for (size_t q = 0; q < control->require_count; q++) {
				size_t prerequisite = row[control->requires[q] -> index];
				if (prerequisite)
					add_dependency(builder, roadmap->action_count, row[c] - 1,
						       prerequisite - 1);
			}
		}
	}
}

/* ------------------------------------------------------------------ phases */

/* What ordering looks at, copied out so qsort needs no context. */
struct ranked {
	size_t index; /* creation order */
	unsigned long risk;
	unsigned weight;
	bool quick_win;
	bool contradicted;
	const char *key;
	size_t rank;
	unsigned phase;
};

/* Value order: quick wins, then risk reduction per effort, risk, contradicted, key. */
static int compare_value(const void *left, const void *right)
{
	const struct ranked *x = left, *y = right;
	if (x->quick_win != y->quick_win)
		return x->quick_win ? -1 : 1;
	/* x.risk / x.weight against y.risk / y.weight, in integers */
	unsigned long long xv = (unsigned long long)x->risk * y->weight;
	unsigned long long yv = (unsigned long long)y->risk * x->weight;
	if (xv != yv)
		return xv > yv ? -1 : 1;
	if (x->risk != y->risk)
		return x->risk > y->risk ? -1 : 1;
	if (x->contradicted != y->contradicted)
		return x->contradicted ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Plan order: phase, contradicted first, then value rank. */
static int compare_plan(const void *left, const void *right)
{
	const struct ranked *x = left, *y = right;
	if (x->phase != y->phase)
		return x->phase < y->phase ? -1 : 1;
	if (x->contradicted != y->contradicted)
		return x->contradicted ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/*
 * The total effort is spread evenly over 180 days: in value order, an action
 * whose cumulative effort starts within the first sixth (30 of 180 days) is
 * phase 1, within the first half (90 days) phase 2, else phase 3. Quick wins
 * are ranked first and are always phase 1.
 */
static void assign_phases(struct roadmap *roadmap, struct ranked *order)
{
	unsigned long long total = 0, start = 0;
	for (size_t i = 0; i < roadmap->action_count; i++)
		total += order[i].weight;
	for (size_t i = 0; i < roadmap->action_count; i++) {
		struct roadmap_action *action = &roadmap->actions[order[i].index];
		order[i].rank = i;
		if (action->quick_win || start * 6 < total)
			action->phase = 1;
		else
			action->phase = start * 2 < total ? 2 : 3;
		start += order[i].weight;
	}
}

/* Pulls prerequisites into their dependents' phase until nothing moves. */
static void pull_prerequisites(struct roadmap *roadmap)
{
	const struct action_extra *extra = roadmap->builder->extra;
	bool moved = true;
	while (moved) {
		moved = false;
		for (size_t a = 0; a < roadmap->action_count; a++)
			for (size_t d = 0; d < extra[a].dependency_count; d++) {
				struct roadmap_action *prerequisite =
					&roadmap->actions[extra[a].dependencies[d]];
				if (prerequisite->phase > roadmap->actions[a].phase) {
					prerequisite->phase = roadmap->actions[a].phase;
					moved = true;
				}
			}
	}
}

/*
 * "Turn on X" for a feature that is off somewhere it applies, "Configure X"
 * when it is on everywhere already. Some capabilities are named for the
 * state they achieve ("ACR admin user disabled"): those read "Ensure X".
 */
static void set_titles(struct roadmap *roadmap)
{
	struct roadmap_builder *builder = roadmap->builder;
	for (size_t i = 0; i < roadmap->action_count; i++) {
		struct roadmap_action *action = &roadmap->actions[i];
		const struct capability *capability = action->capability;
		action->quick_win = capability && capability->cost == COST_FREE &&
				    capability->effort == EFFORT_S;
		if (!capability)
			continue;
		const char *verb = strstr(capability->name, " disabled") ? "Ensure"
				   : builder->extra[i].turn_on		 ? "Turn on"
									 : "Configure";
		action->title = arena_printf(&roadmap->arena, "%s %s", verb, capability->name);
	}
}

static bool all_placed(const struct action_extra *extra, const bool *placed)
{
	for (size_t d = 0; d < extra->dependency_count; d++)
		if (!placed[extra->dependencies[d]])
			return false;
	return true;
}

/*
 * Within a phase, an action's prerequisites come before it; otherwise the
 * plan order stands. Prerequisites are never in a later phase, and there
 * are no cycles, so each round places one action.
 */
static void place_prerequisites_first(const struct roadmap_builder *builder, struct ranked *order,
				      size_t count)
{
	bool *placed = xcalloc(count + 1, sizeof(*placed));
	struct ranked *result = xcalloc(count + 1, sizeof(*result));
	for (size_t placed_count = 0; placed_count < count; placed_count++) {
		size_t pick = count;
		for (size_t i = 0; i < count && pick == count; i++)
			if (!placed[order[i].index] &&
			    all_placed(&builder->extra[order[i].index], placed))
				pick = i;
		placed[order[pick].index] = true;
		result[placed_count] = order[pick];
	}
	memcpy(order, result, count * sizeof(*order));
	free(result);
	free(placed);
}

static int compare_positions(const void *left, const void *right)
{
	size_t a = *(const size_t *)left, b = *(const size_t *)right;
	return a < b ? -1 : a > b;
}

/* Moves the actions into plan order and turns dependency indices into pointers. */
static void reorder(struct roadmap *roadmap, const struct ranked *plan)
{
	struct roadmap_builder *builder = roadmap->builder;
	size_t count = roadmap->action_count;
	size_t *position = xcalloc(count + 1, sizeof(*position));
	struct roadmap_action *sorted = xcalloc(count + 1, sizeof(*sorted));
	for (size_t i = 0; i < count; i++) {
		position[plan[i].index] = i;
		sorted[i] = roadmap->actions[plan[i].index];
		snprintf(sorted[i].id, sizeof(sorted[i].id), "A%02zu", i + 1);
	}
	for (size_t i = 0; i < count; i++) {
		const struct action_extra *extra = &builder->extra[plan[i].index];
		if (!extra->dependency_count)
			continue;
		size_t *targets = xcalloc(extra->dependency_count, sizeof(*targets));
		for (size_t d = 0; d < extra->dependency_count; d++)
			targets[d] = position[extra->dependencies[d]];
		qsort(targets, extra->dependency_count, sizeof(*targets), compare_positions);
		sorted[i].depends_on =
			xcalloc(extra->dependency_count, sizeof(*sorted[i].depends_on));
		for (size_t d = 0; d < extra->dependency_count; d++)
			sorted[i].depends_on[d] = &sorted[targets[d]];
		sorted[i].dependency_count = extra->dependency_count;
		free(targets);
	}
	free(roadmap->actions);
	roadmap->actions = sorted;
	free(position);
}

static void free_builder(struct roadmap_builder *builder, size_t action_count)
{
	if (!builder)
		return;
	for (size_t i = 0; builder->extra && i < action_count; i++)
		free(builder->extra[i].dependencies);
	for (size_t i = 0; i < builder->provider_count; i++)
		free(builder->providers[i].by_capability);
	free(builder->providers);
	free(builder->generic);
	free(builder->closer);
	free(builder->extra);
	free(builder);
}

void roadmap_finish(struct roadmap *roadmap)
{
	struct roadmap_builder *builder = roadmap->builder;
	size_t count = roadmap->action_count;
	struct ranked *order = xcalloc(count + 1, sizeof(*order));
	set_titles(roadmap);
	link_dependencies(roadmap);
	for (size_t i = 0; i < count; i++) {
		const struct roadmap_action *action = &roadmap->actions[i];
		order[i] = (struct ranked){.index = i,
					   .risk = action->risk_reduction,
					   .weight = effort_weights[action->effort],
					   .quick_win = action->quick_win,
					   .contradicted = action->contradicted,
					   .key = builder->extra[i].key};
	}
	qsort(order, count, sizeof(*order), compare_value);
	assign_phases(roadmap, order);
	pull_prerequisites(roadmap);
	for (size_t i = 0; i < count; i++)
		order[i].phase = roadmap->actions[order[i].index].phase;
	qsort(order, count, sizeof(*order), compare_plan);
	place_prerequisites_first(builder, order, count);
	reorder(roadmap, order);
	free(order);
	free_builder(builder, count);
	roadmap->builder = NULL;
}

void roadmap_release(struct roadmap *roadmap)
{
	free_builder(roadmap->builder, roadmap->action_count);
	for (size_t i = 0; i < roadmap->action_count; i++) {
		struct roadmap_action *action = &roadmap->actions[i];
		free(action->controls);
		free(action->environments);
		free(action->owners);
		free(action->depends_on);
	}
	free(roadmap->actions);
	arena_release(&roadmap->arena);
	memset(roadmap, 0, sizeof(*roadmap));
}
