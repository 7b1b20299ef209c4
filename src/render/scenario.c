/*
 * whatif and compare output. Both read scenarios that the command built and
 * decide nothing: "moves to the provider" is a cell whose responsibility is
 * provider after and was not before, a "new gap" a cell that is gap or
 * contradicted after and was not before. The text layout fits 80 columns.
 */
#include "render/scenario.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/inventory.h"
#include "core/models.h"
#include "render/render.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4))
#define LINE_WIDTH 80

enum cell_change { TO_PROVIDER, TO_CUSTOMER, NEW_GAP, GAP_CLOSED };

static bool cell_changed(const struct cell *before, const struct cell *after,
			 enum cell_change change)
{
	bool was_provider = before->entry->responsibility == RESPONSIBILITY_PROVIDER;
	bool is_provider = after->entry->responsibility == RESPONSIBILITY_PROVIDER;
	switch (change) {
	case TO_PROVIDER:
		return !was_provider && is_provider;
	case TO_CUSTOMER:
		return was_provider && !is_provider;
	case NEW_GAP:
		return !scenario_cell_is_gap(before) && scenario_cell_is_gap(after);
	case GAP_CLOSED:
		return scenario_cell_is_gap(before) && !scenario_cell_is_gap(after);
	}
	return false;
}

static unsigned long open_gaps(const struct summary *summary)
{
	return summary->status[STATUS_GAP] + summary->status[STATUS_CONTRADICTED];
}

/* The claims a move made inapplicable, once each, in control order; *count set. */
static const struct claim **dropped_claims(const struct scenario *scenario, size_t controls,
					   size_t *count)
{
	const struct claim **claims = xcalloc(controls + 1, sizeof(*claims));
	*count = 0;
	for (size_t i = 0; i < controls; i++) {
		const struct claim *claim = scenario_dropped_claim(scenario, i);
		bool listed = false;
		for (size_t j = 0; j < *count && !listed; j++)
			listed = claims[j] == claim;
		if (claim && !listed)
			claims[(*count)++] = claim;
	}
	return claims;
}

/* Writes text cut to `width` columns with an ellipsis (UTF-8 aware, no padding). */
static void put_fit(FILE *out, const char *text, size_t width)
{
	size_t columns = 0;
	const char *c = text;
	while (*c) {
		const char *next = c + 1;
		while ((*(const unsigned char *)next & 0xC0) == 0x80)
			next++;
		if (columns + 1 >= width && *next) {
			fwrite(text, 1, (size_t)(c - text), out);
			fputs("…", out);
			return;
		}
		columns++;
		c = next;
	}
	fputs(text, out);
}

/* ---------------------------------------------------------------- whatif */

static void text_metric(FILE *out, const char *name, unsigned long before, unsigned long after)
{
	fprintf(out, "  %-24s %9lu %9lu %+9ld\n", name, before, after, (long)after - (long)before);
}

static void text_summaries(FILE *out, const struct summary *before, const struct summary *after)
{
	char a[16], b[16], change[24];
	unsigned pa = summary_coverage_permille(before), pb = summary_coverage_permille(after);
	long delta = (long)pb - (long)pa;
	snprintf(change, sizeof(change), "%c%ld.%ld", delta < 0 ? '-' : '+', labs(delta) / 10,
		 labs(delta) % 10);
	fprintf(out, "  %-24s %9s %9s %9s\n", "", "before", "after", "change");
	text_metric(out, "customer-owned controls", summary_customer_share(before),
		    summary_customer_share(after));
	text_metric(out, "shared with the provider", before->responsibility[RESPONSIBILITY_SHARED],
		    after->responsibility[RESPONSIBILITY_SHARED]);
	text_metric(out, "open gaps", open_gaps(before), open_gaps(after));
	text_metric(out, "open risk", before->risk, after->risk);
	render_percent(pa, a, sizeof(a));
	render_percent(pb, b, sizeof(b));
	fprintf(out, "  %-24s %8s%% %8s%% %9s\n", "coverage", a, b, change);
}

static void text_id_list(FILE *out, const struct scenario_move *move, size_t controls,
			 enum cell_change change, const char *label)
{
	size_t count = 0;
	for (size_t i = 0; i < controls; i++)
		count += cell_changed(&move->before.cells[i], &move->after.cells[i], change);
	fprintf(out, "  %s: %zu\n", label, count);
	size_t column = 0;
	for (size_t i = 0; i < controls; i++) {
		if (!cell_changed(&move->before.cells[i], &move->after.cells[i], change))
			continue;
		const char *id = move->after.cells[i].control->id;
		if (column && column + 1 + strlen(id) > LINE_WIDTH) {
			fputc('\n', out);
			column = 0;
		}
		if (!column) {
			fputs("   ", out);
			column = 3;
		}
		fprintf(out, " %s", id);
		column += 1 + strlen(id);
	}
	if (column)
		fputc('\n', out);
}

/* "  note: aws/app-runner is closed to new customers since ...; ... suggests ..." */
static void text_availability(FILE *out, const struct service *service, long today)
{
	if (!service->availability)
		return;
	struct strbuf text;
	strbuf_init(&text);
	service_availability_describe(service, today, &text);
	/* Word-wrapped to the line width, continuation lines indented under the text. */
	const char *word = text.buf;
	size_t column = (size_t)fprintf(out, "  note:");
	while (*word) {
		size_t length = strcspn(word, " ");
		if (column + 1 + length > LINE_WIDTH && column > 8)
			column = (size_t)fprintf(out, "\n        ") - 1;
		else
			column += (size_t)fprintf(out, " ");
		column += fwrite(word, 1, length, out);
		word += length;
		word += strspn(word, " ");
	}
	fputc('\n', out);
	strbuf_release(&text);
}

static void text_move(FILE *out, const struct models *models, const struct scenario_move *move,
		      long today)
{
	size_t controls = models->catalog.control_count;
	const struct environment *from = &move->before.moved, *to = &move->after.moved;
	char a[160], b[160], ra[160], rb[160];
	render_service_path(from->service, a, sizeof(a));
	render_service_path(to->service, b, sizeof(b));
	render_service_path(from->registry, ra, sizeof(ra));
	render_service_path(to->registry, rb, sizeof(rb));
	fprintf(out, "\n%s: %s → %s", move->environment->name, a, b);
	if (strcmp(ra, rb))
		fprintf(out, ", registry %s → %s\n", ra, rb);
	else
		fprintf(out, " (registry %s stays)\n", ra);
	/* A model the provider closed names its successors; so does a closed target. */
	text_availability(out, from->service, today);
	if (from->registry != to->registry)
		text_availability(out, from->registry, today);
	if (to->service != from->service)
		text_availability(out, to->service, today);
	if (to->registry != from->registry)
		text_availability(out, to->registry, today);
	text_summaries(out, &move->before.summary, &move->after.summary);
	text_id_list(out, move, controls, TO_PROVIDER, "moves to the provider");
	text_id_list(out, move, controls, TO_CUSTOMER, "moves to the customer");
	size_t dropped;
	const struct claim **claims = dropped_claims(&move->after, controls, &dropped);
	fprintf(out, "  claims that no longer apply: %zu\n", dropped);
	for (size_t i = 0; i < dropped; i++)
		fprintf(out, "    %-7s by %s (%s), not offered there\n", claims[i]->key,
			claims[i]->by, claims[i]->capability->provider->id);
	free(claims);
	size_t count = 0;
	for (size_t i = 0; i < controls; i++)
		count += cell_changed(&move->before.cells[i], &move->after.cells[i], NEW_GAP);
	fprintf(out, "  new gaps: %zu\n", count);
	for (size_t i = 0; i < controls; i++) {
		const struct cell *cell = &move->after.cells[i];
		if (!cell_changed(&move->before.cells[i], cell, NEW_GAP))
			continue;
		fprintf(out, "    %-7s %-8s risk %3u  ", cell->control->id,
			severity_names[cell->control->severity], cell->risk);
		put_fit(out, cell->control->title, LINE_WIDTH - 33);
		fputc('\n', out);
	}
	text_id_list(out, move, controls, GAP_CLOSED, "gaps closed");
}

static json_t *summary_lite(const struct summary *summary)
{
	json_t *object = json_object();
	json_object_set_new(object, "customer_share",
			    json_integer((json_int_t)summary_customer_share(summary)));
	json_t *responsibility = json_object();
	for (size_t r = 0; r < RESPONSIBILITY_COUNT; r++)
		json_object_set_new(responsibility, responsibility_names[r],
				    json_integer((json_int_t)summary->responsibility[r]));
	json_object_set_new(object, "responsibility", responsibility);
	json_object_set_new(object, "open", json_integer((json_int_t)open_gaps(summary)));
	json_object_set_new(object, "risk", json_integer((json_int_t)summary->risk));
	json_object_set_new(object, "coverage_percent",
			    json_real(summary_coverage_permille(summary) / 10.0));
	return object;
}

static json_t *side_json(const struct scenario *scenario)
{
	char path[160];
	json_t *object = json_object();
	json_object_set_new(
		object, "service",
		json_string(render_service_path(scenario->moved.service, path, sizeof(path))));
	json_object_set_new(
		object, "registry",
		json_string(render_service_path(scenario->moved.registry, path, sizeof(path))));
	json_object_set_new(object, "summary", summary_lite(&scenario->summary));
	json_t *availability = render_availability_json(scenario->moved.service);
	if (availability)
		json_object_set_new(object, "availability", availability);
	availability = render_availability_json(scenario->moved.registry);
	if (availability)
		json_object_set_new(object, "registry_availability", availability);
	return object;
}

static json_t *ids_json(const struct scenario_move *move, size_t controls, enum cell_change change)
{
	json_t *array = json_array();
	for (size_t i = 0; i < controls; i++)
		if (cell_changed(&move->before.cells[i], &move->after.cells[i], change))
			json_array_append_new(array, json_string(move->after.cells[i].control->id));
	return array;
}

static json_t *move_json(const struct models *models, const struct scenario_move *move)
{
	size_t controls = models->catalog.control_count;
	json_t *object = json_object();
	json_object_set_new(object, "environment", json_string(move->environment->name));
	json_object_set_new(object, "before", side_json(&move->before));
	json_object_set_new(object, "after", side_json(&move->after));
	json_object_set_new(object, "to_provider", ids_json(move, controls, TO_PROVIDER));
	json_object_set_new(object, "to_customer", ids_json(move, controls, TO_CUSTOMER));
	size_t dropped;
	const struct claim **claims = dropped_claims(&move->after, controls, &dropped);
	json_t *array = json_array();
	for (size_t i = 0; i < dropped; i++) {
		json_t *item = json_object();
		json_object_set_new(item, "key", json_string(claims[i]->key));
		json_object_set_new(item, "status",
				    json_string(claim_status_names[claims[i]->status]));
		json_object_set_new(item, "capability", json_string(claims[i]->capability->id));
		json_object_set_new(item, "provider",
				    json_string(claims[i]->capability->provider->id));
		json_array_append_new(array, item);
	}
	free(claims);
	json_object_set_new(object, "claims_dropped", array);
	array = json_array();
	for (size_t i = 0; i < controls; i++) {
		const struct cell *cell = &move->after.cells[i];
		if (!cell_changed(&move->before.cells[i], cell, NEW_GAP))
			continue;
		json_t *item = json_object();
		json_object_set_new(item, "control", json_string(cell->control->id));
		json_object_set_new(item, "status", json_string(status_names[cell->status]));
		json_object_set_new(item, "severity",
				    json_string(severity_names[cell->control->severity]));
		json_object_set_new(item, "risk", json_integer(cell->risk));
		json_object_set_new(item, "title", json_string(cell->control->title));
		json_array_append_new(array, item);
	}
	json_object_set_new(object, "new_gaps", array);
	json_object_set_new(object, "gaps_closed", ids_json(move, controls, GAP_CLOSED));
	return object;
}

static int dump(FILE *out, json_t *root)
{
	int failed = json_dumpf(root, out, DUMP_FLAGS) < 0 || fputc('\n', out) == EOF;
	json_decref(root);
	return failed || ferror(out) ? -1 : 0;
}

static json_t *header_json(const char *format, const struct inventory *inventory)
{
	json_t *root = json_object();
	json_object_set_new(root, "srgap", json_string(format));
	json_object_set_new(root, "organization", json_string(inventory->organization));
	json_object_set_new(root, "date", json_string(inventory->date));
	return root;
}

int render_whatif(FILE *out, bool json, const struct models *models,
		  const struct inventory *inventory, const struct scenario_move *moves,
		  size_t move_count, const struct summary *before, const struct summary *after)
{
	if (json) {
		json_t *root = header_json("whatif/1", inventory);
		json_t *array = json_array();
		for (size_t m = 0; m < move_count; m++)
			json_array_append_new(array, move_json(models, &moves[m]));
		json_object_set_new(root, "moves", array);
		json_t *estate = json_object();
		json_object_set_new(estate, "before", summary_lite(before));
		json_object_set_new(estate, "after", summary_lite(after));
		json_object_set_new(root, "estate", estate);
		return dump(out, root);
	}
	fprintf(out, "What if: %s, %zu environment%s moved, assessed %s with today's claims\n",
		inventory->organization, move_count, move_count == 1 ? "" : "s", inventory->date);
	for (size_t m = 0; m < move_count; m++)
		text_move(out, models, &moves[m], inventory->date_day);
	fprintf(out, "\nEstate (%zu environment%s)\n", inventory->environment_count,
		inventory->environment_count == 1 ? "" : "s");
	text_summaries(out, before, after);
	return ferror(out) ? -1 : 0;
}

/* --------------------------------------------------------------- compare */

static size_t paid_count(const struct scenario *scenario)
{
	size_t paid = 0;
	for (size_t c = 0; c < scenario->capability_count; c++)
		paid += scenario->capabilities[c]->cost == COST_PAID;
	return paid;
}

static json_t *candidate_json(const struct scenario *scenario, bool current)
{
	char path[160];
	json_t *object = json_object();
	json_object_set_new(
		object, "service",
		json_string(render_service_path(scenario->moved.service, path, sizeof(path))));
	json_object_set_new(object, "name", json_string(scenario->moved.service->name));
	json_object_set_new(object, "current", json_boolean(current));
	json_t *availability = render_availability_json(scenario->moved.service);
	if (availability)
		json_object_set_new(object, "availability", availability);
	json_object_set_new(object, "summary", summary_lite(&scenario->summary));
	json_object_set_new(object, "claims_dropped",
			    json_integer((json_int_t)scenario->dropped_claims));
	json_t *capabilities = json_array();
	for (size_t c = 0; c < scenario->capability_count; c++) {
		const struct capability *capability = scenario->capabilities[c];
		json_t *item = json_object();
		json_object_set_new(item, "id", json_string(capability->id));
		json_object_set_new(item, "name", json_string(capability->name));
		json_object_set_new(item, "cost", json_string(cost_names[capability->cost]));
		json_array_append_new(capabilities, item);
	}
	json_object_set_new(object, "capabilities", capabilities);
	return object;
}

int render_compare(FILE *out, bool json, const struct inventory *inventory,
		   const struct environment *environment, const struct scenario *candidates,
		   size_t candidate_count)
{
	char path[160], registry[160];
	render_service_path(environment->service, path, sizeof(path));
	render_service_path(environment->registry, registry, sizeof(registry));
	if (json) {
		json_t *root = header_json("compare/1", inventory);
		json_object_set_new(root, "environment", json_string(environment->name));
		json_object_set_new(root, "criticality",
				    json_string(criticality_names[environment->criticality]));
		json_object_set_new(root, "internet_facing",
				    json_boolean(environment->internet_facing));
		json_object_set_new(root, "current", json_string(path));
		json_object_set_new(root, "registry", json_string(registry));
		json_t *array = json_array();
		for (size_t i = 0; i < candidate_count; i++)
			json_array_append_new(array, candidate_json(&candidates[i],
								    candidates[i].moved.service ==
									    environment->service));
		json_object_set_new(root, "candidates", array);
		return dump(out, root);
	}
	fprintf(out, "%s (%s, %s) runs on %s.\n", environment->name,
		criticality_names[environment->criticality],
		environment->internet_facing ? "internet-facing" : "internal", path);
	fprintf(out,
		"The customer's share on each service model, with today's claims and\n"
		"registry %s:\n\n",
		registry);
	int width = 13;
	for (size_t i = 0; i < candidate_count; i++) {
		int length = (int)strlen(
			render_service_path(candidates[i].moved.service, path, sizeof(path)));
		width = length > width ? length : width;
	}
	fprintf(out, "  %-*s %5s %6s %5s %5s %6s %4s  %s\n", width, "service model", "owned",
		"shared", "open", "risk", "cover", "lost", "capabilities");
	for (size_t i = 0; i < candidate_count; i++) {
		const struct scenario *scenario = &candidates[i];
		const struct summary *summary = &scenario->summary;
		char percent[16], capabilities[32];
		render_percent(summary_coverage_permille(summary), percent, sizeof(percent));
		snprintf(capabilities, sizeof(capabilities), "%zu (%zu paid)",
			 scenario->capability_count, paid_count(scenario));
		fprintf(out, "%c %-*s %5lu %6lu %5lu %5lu %5s%% %4zu  %s\n",
			scenario->moved.service == environment->service ? '*' : ' ', width,
			render_service_path(scenario->moved.service, path, sizeof(path)),
			summary_customer_share(summary),
			summary->responsibility[RESPONSIBILITY_SHARED], open_gaps(summary),
			summary->risk, percent, scenario->dropped_claims, capabilities);
	}
	bool noted = false;
	for (size_t i = 0; i < candidate_count; i++) {
		if (!candidates[i].moved.service->availability)
			continue;
		if (!noted)
			fputc('\n', out);
		noted = true;
		text_availability(out, candidates[i].moved.service, inventory->date_day);
	}
	fputs("\n* where it runs today. owned: controls on the customer's side (shared or\n"
	      "customer, less not-applicable); shared: controls the provider supplies the\n"
	      "mechanism for; open: gaps and contradicted claims; lost: controls whose claim\n"
	      "names a capability the model does not offer; capabilities: native features of\n"
	      "the model and the registry that help with the owned controls, and how many\n"
	      "cost extra.\n",
	      out);
	return ferror(out) ? -1 : 0;
}
