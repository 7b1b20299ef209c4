/*
 * Loads and checks the control catalog. It enforces the structure the rest of
 * srgap relies on: the six areas in order, group ids inside their area,
 * control ids = group id + consecutive letters, 2 to 6 controls per group.
 * It does not judge the prose.
 */
#include "core/catalog.h"

#include <string.h>

#include "io/yaml_tree.h"
#include "util/diag.h"
#include "util/suggest.h"

const char *const area_names[AREA_COUNT] = {"image",	 "registry", "orchestrator",
					    "container", "host",     "hardware"};
const char *const phase_names[PHASE_COUNT] = {"build", "ship", "deploy", "run", "host"};
const char *const severity_names[SEVERITY_COUNT] = {"low", "medium", "high", "critical"};
const char *const effort_names[EFFORT_COUNT] = {"S", "M", "L"};

static const char *const area_ids[AREA_COUNT] = {"4.1", "4.2", "4.3", "4.4", "4.5", "4.6"};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static int load_control(struct catalog *catalog, const struct yreader *r, const struct ynode *node,
			struct catalog_group *group, size_t position)
{
	static const char *const keys[] = {"id",       "title",	 "description", "phase",
					   "severity", "effort", "remediation", "requires"};
	struct catalog_control *control = &catalog->controls[catalog->control_count];
	int result = 0;
	if (yreader_expect(r, node, YNODE_MAPPING, "a control") < 0)
		return -1;
	result |= yreader_check_keys(r, node, keys, COUNT(keys), "a control");
	control->id = yreader_string(r, node, "id", true, "a control");
	control->title = yreader_string(r, node, "title", true, "a control");
	control->description = yreader_string(r, node, "description", true, "a control");
	control->remediation = yreader_string(r, node, "remediation", true, "a control");
	const struct ynode *value;
	int index;
	if ((value = ynode_get(node, "phase")) &&
	    (index = yreader_enum(r, value, phase_names, PHASE_COUNT, "phase")) >= 0)
		control->phase = (enum phase)index;
	else
		result = value ? -1
			       : yreader_error(r, node, "missing-key", "a control needs 'phase'");
	if ((value = ynode_get(node, "severity")) &&
	    (index = yreader_enum(r, value, severity_names, SEVERITY_COUNT, "severity")) >= 0)
		control->severity = (enum severity)index;
	else
		result =
			value ? -1
			      : yreader_error(r, node, "missing-key", "a control needs 'severity'");
	if ((value = ynode_get(node, "effort")) &&
	    (index = yreader_enum(r, value, effort_names, EFFORT_COUNT, "effort")) >= 0)
		control->effort = (enum effort)index;
	else
		result = value ? -1
			       : yreader_error(r, node, "missing-key", "a control needs 'effort'");
	if (!control->id || !control->title || !control->description || !control->remediation)
		return -1;

	/* The id must be the group id plus the next letter: 4.1.1a, 4.1.1b, ... */
	size_t group_length = strlen(group->id);
	if (strncmp(control->id, group->id, group_length) ||
	    strlen(control->id) != group_length + 1 ||
	    control->id[group_length] != (char)('a' + position))
		return yreader_error(
			r, ynode_get(node, "id"), "bad-id",
			"control id '%s' should be '%s%c' (group id plus the next letter)",
			control->id, group->id, (char)('a' + position));
	control->index = catalog->control_count++;
	control->area = group->area;
	control->group = group;
	return result;
}

static int load_group(struct catalog *catalog, const struct yreader *r, const struct ynode *node)
{
	static const char *const keys[] = {"id", "title", "risk", "risk_summary", "controls"};
	struct catalog_group *group = &catalog->groups[catalog->group_count];
	int result = 0;
	if (yreader_expect(r, node, YNODE_MAPPING, "a group") < 0)
		return -1;
	result |= yreader_check_keys(r, node, keys, COUNT(keys), "a group");
	group->id = yreader_string(r, node, "id", true, "a group");
	group->title = yreader_string(r, node, "title", true, "a group");
	group->risk = yreader_string(r, node, "risk", false, "a group");
	group->risk_summary = yreader_string(r, node, "risk_summary", false, "a group");
	const struct ynode *controls = ynode_get(node, "controls");
	if (!group->id || !group->title)
		return -1;
	size_t area;
	for (area = 0; area < AREA_COUNT; area++) {
		size_t length = strlen(area_ids[area]);
		if (!strncmp(group->id, area_ids[area], length) &&
		    (group->id[length] == '\0' || group->id[length] == '.'))
			break;
	}
	if (area == AREA_COUNT)
		return yreader_error(r, ynode_get(node, "id"), "bad-id",
				     "group id '%s' is not inside areas 4.1 to 4.6", group->id);
	group->area = (enum area)area;
	if (area != AREA_HARDWARE && !group->risk)
		result = yreader_error(r, node, "missing-key",
				       "group %s needs 'risk' (its section 3 risk)", group->id);
	if (!controls)
		return yreader_error(r, node, "missing-key", "group %s needs 'controls'",
				     group->id);
	if (yreader_expect(r, controls, YNODE_SEQUENCE, "'controls'") < 0)
		return -1;
	if (controls->count < 2 || controls->count > 6)
		result = yreader_error(r, controls, "bad-value",
				       "group %s has %zu controls; a group has 2 to 6", group->id,
				       controls->count);
	group->index = catalog->group_count++;
	group->first_control = catalog->control_count;
	for (size_t i = 0; i < controls->count && i < 26; i++)
		if (load_control(catalog, r, controls->items[i], group, i) < 0)
			result = -1;
	group->control_count = catalog->control_count - group->first_control;
	return result;
}

static int load_areas(struct catalog *catalog, const struct yreader *r, const struct ynode *areas)
{
	static const char *const keys[] = {"id", "key", "title", "risk"};
	if (yreader_expect(r, areas, YNODE_SEQUENCE, "'areas'") < 0)
		return -1;
	if (areas->count != AREA_COUNT)
		return yreader_error(r, areas, "bad-value",
				     "'areas' must list the six areas 4.1 to 4.6 in order");
	int result = 0;
	for (size_t i = 0; i < AREA_COUNT; i++) {
		const struct ynode *node = areas->items[i];
		if (yreader_expect(r, node, YNODE_MAPPING, "an area") < 0) {
			result = -1;
			continue;
		}
		result |= yreader_check_keys(r, node, keys, COUNT(keys), "an area");
		struct catalog_area *area = &catalog->areas[i];
		area->id = yreader_string(r, node, "id", true, "an area");
		const char *key = yreader_string(r, node, "key", true, "an area");
		area->title = yreader_string(r, node, "title", true, "an area");
		area->risk = yreader_string(r, node, "risk", false, "an area");
		if (!area->id || !key || !area->title)
			result = -1;
		else if (strcmp(area->id, area_ids[i]) || strcmp(key, area_names[i]))
			result = yreader_error(r, node, "bad-value",
					       "area %zu must be id %s, key %s", i + 1, area_ids[i],
					       area_names[i]);
	}
	return result;
}

/* Resolves one control's `requires:` list into control pointers. */
static int resolve_requires(struct catalog *catalog, const struct yreader *r,
			    struct catalog_control *control, const struct ynode *list)
{
	if (yreader_expect(r, list, YNODE_SEQUENCE, "'requires'") < 0)
		return -1;
	control->requires =
		arena_alloc_array(&catalog->arena, list->count, sizeof(*control->requires));
	int result = 0;
	for (size_t i = 0; i < list->count; i++) {
		const struct ynode *item = list->items[i];
		if (yreader_expect(r, item, YNODE_SCALAR, "a required control") < 0) {
			result = -1;
			continue;
		}
		const struct catalog_control *required = catalog_find_control(catalog, item->value);
		const char *guess = required ? NULL : catalog_suggest(catalog, item->value);
		if (!required) {
			result = guess ? yreader_error(r, item, "unknown-control",
						       "control %s requires unknown control '%s' "
						       "(did you mean '%s'?)",
						       control->id, item->value, guess)
				       : yreader_error(r, item, "unknown-control",
						       "control %s requires unknown control '%s'",
						       control->id, item->value);
			continue;
		}
		size_t seen = 0;
		while (seen < control->require_count && control->requires[seen] != required)
			seen++;
		if (seen < control->require_count) {
			result = yreader_error(r, item, "bad-value", "control %s lists '%s' twice",
					       control->id, item->value);
			continue;
		}
		control->requires[control->require_count++] = required;
	}
	return result;
}

/*
 * Depth-first search for a requirement cycle through `control`; `state` is
 * 0 unvisited, 1 on the current path, 2 done. On a cycle, path[0 .. *length)
 * holds the controls of the cycle, each once, starting with the one that
 * repeated, and the function returns 1.
 */
static int find_cycle(const struct catalog *catalog, const struct catalog_control *control,
		      unsigned char *state, const struct catalog_control **path, size_t depth,
		      size_t *length)
{
	path[depth] = control;
	if (state[control->index] == 1) {
		size_t start = 0;
		while (path[start] != control)
			start++;
		/* path[depth] repeats path[start]: keep each control of the cycle once. */
		memmove(path, path + start, (depth - start) * sizeof(*path));
		*length = depth - start;
		return 1;
	}
	if (state[control->index] == 2)
		return 0;
	state[control->index] = 1;
	for (size_t i = 0; i < control->require_count; i++)
		if (find_cycle(catalog, control->requires[i], state, path, depth + 1, length))
			return 1;
	state[control->index] = 2;
	return 0;
}

/*
 * Second pass over the controls, once every id is known: `requires:` may
 * name a later control, and a cycle would leave the roadmap without an order.
 */
static void load_requirements(struct catalog *catalog, const struct yreader *r,
			      const struct ynode *groups)
{
	const struct ynode **lists =
		arena_alloc_array(&catalog->arena, catalog->control_count + 1, sizeof(*lists));
	size_t next = 0;
	for (size_t g = 0; g < groups->count; g++) {
		const struct ynode *controls = ynode_get(groups->items[g], "controls");
		for (size_t i = 0; controls && i < controls->count; i++, next++) {
			lists[next] = ynode_get(controls->items[i], "requires");
			if (lists[next] && !ynode_is_null(lists[next]))
				resolve_requires(catalog, r, &catalog->controls[next], lists[next]);
		}
	}
	unsigned char *state = arena_alloc(&catalog->arena, catalog->control_count + 1);
	const struct catalog_control **path =
		arena_alloc_array(&catalog->arena, catalog->control_count + 1, sizeof(*path));
	for (size_t c = 0; c < catalog->control_count; c++) {
		size_t length = 0;
		if (!find_cycle(catalog, &catalog->controls[c], state, path, 0, &length))
			continue;
		char text[512] = "";
		for (size_t i = 0; i <= length; i++) {
			size_t used = strlen(text);
			snprintf(text + used, sizeof(text) - used, "%s%s", i ? " -> " : "",
				 path[i % length]->id);
		}
		yreader_error(r, lists[path[0]->index], "requires-cycle",
			      "controls require each other in a cycle: %s", text);
		return; /* one cycle is enough to fix; the next run finds any other */
	}
}

int catalog_load(struct catalog *catalog, const char *path, struct diag_list *diags)
{
	static const char *const keys[] = {"srgap-catalog", "id",      "title", "version",
					   "reviewed",	    "sources", "areas", "groups"};
	memset(catalog, 0, sizeof(*catalog));
	arena_init(&catalog->arena);
	catalog->path = arena_strdup(&catalog->arena, path);
	struct yreader reader = {.file = catalog->path, .code_prefix = "catalog", .diags = diags};
	const struct yreader *r = &reader;
	size_t errors_before = diag_error_count(diags);

	struct ynode *root = yaml_tree_load_file(&catalog->arena, path, "catalog", diags);
	if (!root || yreader_expect(r, root, YNODE_MAPPING, "the catalog") < 0)
		goto out;
	yreader_check_keys(r, root, keys, COUNT(keys), "the catalog");
	const char *format = yreader_string(r, root, "srgap-catalog", true, "the catalog");
	if (format && strcmp(format, "1"))
		yreader_error(r, ynode_get(root, "srgap-catalog"), "bad-version",
			      "catalog format %s is not supported; this srgap reads format 1",
			      format);
	catalog->id = yreader_string(r, root, "id", true, "the catalog");
	catalog->title = yreader_string(r, root, "title", true, "the catalog");
	catalog->version = yreader_string(r, root, "version", true, "the catalog");
	catalog->reviewed = yreader_string(r, root, "reviewed", true, "the catalog");
	const struct ynode *sources = ynode_get(root, "sources");
	if (sources && yreader_expect(r, sources, YNODE_SEQUENCE, "'sources'") == 0) {
		catalog->sources = arena_alloc_array(&catalog->arena, sources->count,
						     sizeof(*catalog->sources));
		for (size_t i = 0; i < sources->count; i++)
			if (yreader_expect(r, sources->items[i], YNODE_SCALAR, "a source") == 0)
				catalog->sources[catalog->source_count++] =
					sources->items[i]->value;
	}
	const struct ynode *areas = ynode_get(root, "areas");
	if (!areas)
		yreader_error(r, root, "missing-key", "the catalog needs 'areas'");
	else
		load_areas(catalog, r, areas);
	const struct ynode *groups = ynode_get(root, "groups");
	if (!groups) {
		yreader_error(r, root, "missing-key", "the catalog needs 'groups'");
		goto out;
	}
	if (yreader_expect(r, groups, YNODE_SEQUENCE, "'groups'") < 0)
		goto out;
	size_t control_capacity = 0;
	for (size_t i = 0; i < groups->count; i++) {
		const struct ynode *controls = ynode_get(groups->items[i], "controls");
		if (controls && controls->kind == YNODE_SEQUENCE)
			control_capacity += controls->count < 26 ? controls->count : 26;
	}
	catalog->groups =
		arena_alloc_array(&catalog->arena, groups->count, sizeof(*catalog->groups));
	catalog->controls =
		arena_alloc_array(&catalog->arena, control_capacity, sizeof(*catalog->controls));
	for (size_t i = 0; i < groups->count; i++) {
		load_group(catalog, r, groups->items[i]);
		if (i > 0 && catalog->group_count == i + 1 &&
		    strcmp(catalog->groups[i - 1].id, catalog->groups[i].id) >= 0)
			yreader_error(r, groups->items[i], "bad-order",
				      "group %s is out of order or repeated (after %s)",
				      catalog->groups[i].id, catalog->groups[i - 1].id);
	}
	/* Requirements are resolved by index, which only a structurally sound catalog has. */
	if (diag_error_count(diags) == errors_before)
		load_requirements(catalog, r, groups);
out:
	return diag_error_count(diags) > errors_before ? -1 : 0;
}

void catalog_release(struct catalog *catalog)
{
	arena_release(&catalog->arena);
	memset(catalog, 0, sizeof(*catalog));
}

/*
 * Groups and controls are checked to be in ascending id order at load, so a
 * binary search over them is valid.
 */
const struct catalog_group *catalog_find_group(const struct catalog *catalog, const char *id)
{
	size_t low = 0, high = catalog->group_count;
	while (low < high) {
		size_t middle = low + (high - low) / 2;
		int order = strcmp(catalog->groups[middle].id, id);
		if (!order)
			return &catalog->groups[middle];
		if (order < 0)
			low = middle + 1;
		else
			high = middle;
	}
	return NULL;
}

const struct catalog_control *catalog_find_control(const struct catalog *catalog, const char *id)
{
	size_t low = 0, high = catalog->control_count;
	while (low < high) {
		size_t middle = low + (high - low) / 2;
		int order = strcmp(catalog->controls[middle].id, id);
		if (!order)
			return &catalog->controls[middle];
		if (order < 0)
			low = middle + 1;
		else
			high = middle;
	}
	return NULL;
}

int catalog_select(const struct catalog *catalog, const char *key,
		   struct catalog_selection *selection)
{
	const struct catalog_control *control = catalog_find_control(catalog, key);
	if (control) {
		selection->first = control->index;
		selection->count = 1;
		return 0;
	}
	const struct catalog_group *group = catalog_find_group(catalog, key);
	if (group) {
		selection->first = group->first_control;
		selection->count = group->control_count;
		return 0;
	}
	for (size_t area = 0; area < AREA_COUNT; area++) {
		if (strcmp(key, area_ids[area]))
			continue;
		size_t first = catalog->control_count, last = 0;
		for (size_t i = 0; i < catalog->control_count; i++) {
			if (catalog->controls[i].area != area)
				continue;
			first = i < first ? i : first;
			last = i + 1;
		}
		if (first >= last)
			return -1;
		selection->first = first;
		selection->count = last - first;
		return 0;
	}
	return -1;
}

const char *catalog_suggest(const struct catalog *catalog, const char *key)
{
	struct suggest suggest;
	suggest_init(&suggest, key);
	/* Controls first: on a tie, the most specific id is the likelier intent. */
	for (size_t i = 0; i < catalog->control_count; i++)
		suggest_offer(&suggest, catalog->controls[i].id);
	for (size_t i = 0; i < catalog->group_count; i++)
		suggest_offer(&suggest, catalog->groups[i].id);
	for (size_t i = 0; i < AREA_COUNT; i++)
		suggest_offer(&suggest, area_ids[i]);
	return suggest.best;
}
