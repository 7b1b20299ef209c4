/*
 * Terminal output: the environments, the gap matrix (controls down,
 * environments across, split into blocks that fit the width), the highest
 * open risks and the summary. Status is always a word, colour only adds
 * emphasis, and colour is used only when the caller allows it (a TTY and no
 * NO_COLOR). The matrix needs every environment, so this format buffers one
 * byte per cell; the others stream.
 */
#include <stdlib.h>
#include <string.h>

#include "core/inventory.h"
#include "core/models.h"
#include "core/roadmap.h"
#include "render/render.h"
#include "render/vulns.h"
#include "util/xalloc.h"

#define TOP_RISKS		10
#define TABLE_ROADMAP_PER_PHASE 8
#define COLUMN_WIDTH		6
#define ID_WIDTH		9

static const char *const status_labels[STATUS_COUNT] = {
	[STATUS_PROVIDER] = "prov",	 [STATUS_MET] = "met",
	[STATUS_CLAIMED] = "claim",	 [STATUS_PARTIAL] = "part",
	[STATUS_CONTRADICTED] = "CONTR", [STATUS_GAP] = "GAP",
	[STATUS_ACCEPTED] = "acc",	 [STATUS_NOT_APPLICABLE] = "n/a",
};

static const char *const status_colors[STATUS_COUNT] = {
	[STATUS_PROVIDER] = "\033[2m",	      [STATUS_MET] = "\033[32m",
	[STATUS_CLAIMED] = "\033[36m",	      [STATUS_PARTIAL] = "\033[33m",
	[STATUS_CONTRADICTED] = "\033[1;35m", [STATUS_GAP] = "\033[1;31m",
	[STATUS_ACCEPTED] = "\033[34m",	      [STATUS_NOT_APPLICABLE] = "\033[2m",
};

struct top_risk {
	unsigned risk;
	size_t environment;
	size_t control;
	enum cell_status status;
};

struct table_state {
	size_t control_count;
	size_t environment_count;
	unsigned char *statuses; /* environment * control_count + control */
	struct summary *summaries;
	struct top_risk top[TOP_RISKS];
	size_t top_count;
};

/* Display width in terminal columns: one per UTF-8 code point (no wide-glyph tables). */
static size_t display_width(const char *text)
{
	size_t width = 0;
	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		width += (*c & 0xC0) != 0x80;
	return width;
}

/* Prints text in exactly `width` columns: truncated with an ellipsis, or padded. */
static void put_padded(FILE *out, const char *text, size_t width, int right_align)
{
	size_t length = display_width(text);
	if (length > width) {
		size_t columns = 0;
		const char *c = text;
		while (*c && columns < width - 1) {
			c++;
			while ((*(const unsigned char *)c & 0xC0) == 0x80)
				c++;
			columns++;
		}
		fwrite(text, 1, (size_t)(c - text), out);
		fputs("…", out);
		return;
	}
	if (right_align)
		fprintf(out, "%*s", (int)(width - length), "");
	fputs(text, out);
	if (!right_align)
		fprintf(out, "%*s", (int)(width - length), "");
}

/* Stored per cell in the matrix: the status, plus this bit when a probe failed. */
#define PROBE_FAILED 0x80

static void put_status(struct render_context *context, unsigned stored, size_t width)
{
	enum cell_status status = (enum cell_status)(stored & ~PROBE_FAILED);
	char label[16];
	snprintf(label, sizeof(label), "%s%s", status_labels[status],
		 stored & PROBE_FAILED ? "!" : "");
	if (context->color)
		fputs(status_colors[status], context->out);
	put_padded(context->out, label, width, 0);
	if (context->color)
		fputs("\033[0m", context->out);
}

static void heading(struct render_context *context, const char *text)
{
	fprintf(context->out, "\n%s%s%s\n", context->color ? "\033[1m" : "", text,
		context->color ? "\033[0m" : "");
}

static int table_begin(struct render_context *context)
{
	struct table_state *state = xcalloc(1, sizeof(*state));
	state->control_count = context->models->catalog.control_count;
	state->statuses = xcalloc(
		context->inventory->environment_count ? context->inventory->environment_count : 1,
		state->control_count);
	state->summaries =
		xcalloc(context->inventory->environment_count + 1, sizeof(*state->summaries));
	context->state = state;
	return 0;
}

static void remember_risk(struct table_state *state, struct top_risk candidate)
{
	/* Kept sorted: higher risk first, then inventory order, then catalog order. */
	size_t position = state->top_count;
	while (position > 0 && state->top[position - 1].risk < candidate.risk)
		position--;
	if (position >= TOP_RISKS)
		return;
	size_t last = state->top_count < TOP_RISKS ? state->top_count : TOP_RISKS - 1;
	memmove(&state->top[position + 1], &state->top[position],
		(last - position) * sizeof(state->top[0]));
	state->top[position] = candidate;
	if (state->top_count < TOP_RISKS)
		state->top_count++;
}

static int table_environment(struct render_context *context, const struct environment *environment,
			     const struct cell *cells, const struct summary *summary)
{
	struct table_state *state = context->state;
	size_t e = state->environment_count++;
	state->summaries[e] = *summary;
	for (size_t i = 0; i < state->control_count; i++) {
		state->statuses[e * state->control_count + i] =
			(unsigned char)(cells[i].status |
					(cells[i].probes->tally.fail ? PROBE_FAILED : 0));
		enum cell_status status = cells[i].status;
		if ((status == STATUS_GAP || status == STATUS_CONTRADICTED ||
		     status == STATUS_PARTIAL) &&
		    cells[i].risk > 0)
			remember_risk(state, (struct top_risk){cells[i].risk, e, i, status});
	}
	return 0;
}

static size_t longest_name(const struct inventory *inventory, size_t count)
{
	size_t longest = 11; /* "environment" */
	for (size_t e = 0; e < count; e++) {
		size_t width = display_width(inventory->environments[e].name);
		longest = width > longest ? width : longest;
	}
	return longest;
}

static void print_environments(struct render_context *context, struct table_state *state)
{
	FILE *out = context->out;
	const struct inventory *inventory = context->inventory;
	int width = context->width;
	/* # name model crit net coverage risk open */
	size_t fixed = 5 + 2 + 9 + 4 + 9 + 6 + 6;
	size_t flexible = (size_t)width > fixed + 30 ? (size_t)width - fixed : 30;
	size_t name_width = longest_name(inventory, state->environment_count);
	if (name_width > flexible / 2)
		name_width = flexible / 2;
	size_t model_width = flexible - name_width;
	heading(context, "Environments");
	fprintf(out, "%3s  ", "#");
	put_padded(out, "environment", name_width, 0);
	fputs("  ", out);
	put_padded(out, "service model+registry", model_width, 0);
	fprintf(out, " %-8s %-3s %8s %5s %5s\n", "crit", "net", "coverage", "risk", "open");
	for (size_t e = 0; e < state->environment_count; e++) {
		const struct environment *environment = &inventory->environments[e];
		const struct summary *summary = &state->summaries[e];
		char model[200], percent[16];
		const struct service *registry = environment->registry;
		if (registry->provider == environment->provider)
			snprintf(model, sizeof(model), "%s/%s+%s", environment->provider->id,
				 environment->service->id, registry->id);
		else
			snprintf(model, sizeof(model), "%s/%s+%s/%s", environment->provider->id,
				 environment->service->id, registry->provider->id, registry->id);
		render_percent(summary_coverage_permille(summary), percent, sizeof(percent));
		fprintf(out, "%3zu  ", e + 1);
		put_padded(out, environment->name, name_width, 0);
		fputs("  ", out);
		put_padded(out, model, model_width, 0);
		fprintf(out, " %-8s %-3s %7s%% %5lu %5lu\n",
			criticality_names[environment->criticality],
			environment->internet_facing ? "yes" : "no", percent, summary->risk,
			summary->status[STATUS_GAP] + summary->status[STATUS_CONTRADICTED] +
				summary->status[STATUS_PARTIAL]);
	}
}

static void print_matrix_block(struct render_context *context, struct table_state *state,
			       size_t first, size_t count, size_t title_width)
{
	FILE *out = context->out;
	const struct catalog *catalog = &context->models->catalog;
	fprintf(out, "%*s", (int)(ID_WIDTH + title_width + 1), "");
	for (size_t e = first; e < first + count; e++)
		fprintf(out, "%*zu%*s", 4, e + 1, COLUMN_WIDTH - 4, "");
	fputc('\n', out);
	int area = -1;
	for (size_t i = 0; i < catalog->control_count; i++) {
		const struct catalog_control *control = &catalog->controls[i];
		if ((int)control->area != area) {
			area = (int)control->area;
			fprintf(out, "%s%s %s%s\n", context->color ? "\033[1m" : "",
				catalog->areas[area].id, catalog->areas[area].title,
				context->color ? "\033[0m" : "");
		}
		fputs("  ", out);
		put_padded(out, control->id, ID_WIDTH - 2, 0);
		put_padded(out, control->title, title_width, 0);
		fputc(' ', out);
		for (size_t e = first; e < first + count; e++) {
			put_status(context, state->statuses[e * state->control_count + i],
				   COLUMN_WIDTH);
		}
		fputc('\n', out);
	}
}

static void print_matrix(struct render_context *context, struct table_state *state)
{
	size_t width = (size_t)context->width;
	size_t min_title = 24;
	size_t room = width > ID_WIDTH + min_title + 1 + COLUMN_WIDTH
			      ? (width - ID_WIDTH - min_title - 1) / COLUMN_WIDTH
			      : 1;
	size_t per_block = room < state->environment_count ? room : state->environment_count;
	if (per_block == 0)
		per_block = 1;
	size_t title_width = width > ID_WIDTH + 1 + per_block * COLUMN_WIDTH
				     ? width - ID_WIDTH - 1 - per_block * COLUMN_WIDTH
				     : min_title;
	if (title_width > 60)
		title_width = 60;
	heading(context, "Gap matrix (columns are the environments numbered above)");
	for (size_t first = 0; first < state->environment_count; first += per_block) {
		size_t count = state->environment_count - first;
		if (count > per_block)
			count = per_block;
		if (first)
			fputc('\n', context->out);
		print_matrix_block(context, state, first, count, title_width);
	}
	fputs("\nLegend: prov = provider's responsibility, met = claimed and verified by a probe,\n"
	      "claim = claimed, not verified, part = partial, CONTR = claim contradicted by "
	      "evidence,\n"
	      "GAP = customer's share not covered, acc = risk accepted, n/a = not applicable;\n"
	      "! = a probe found evidence against the control\n",
	      context->out);
}

static void print_top_risks(struct render_context *context, struct table_state *state)
{
	FILE *out = context->out;
	const struct catalog *catalog = &context->models->catalog;
	if (!state->top_count)
		return;
	size_t width = (size_t)context->width;
	size_t fixed = 5 + 2 + 6 + 2 + 8 + 9;
	size_t flexible = width > fixed + 30 ? width - fixed : 30;
	size_t name_width = longest_name(context->inventory, state->environment_count);
	if (name_width > flexible / 3)
		name_width = flexible / 3;
	size_t title_width = flexible - name_width - 1;
	heading(context, "Highest open risks");
	fprintf(out, "%5s  %-6s  ", "risk", "status");
	put_padded(out, "environment", name_width, 0);
	fprintf(out, " %-8s %-8s %s\n", "control", "severity", "title");
	for (size_t i = 0; i < state->top_count; i++) {
		const struct top_risk *top = &state->top[i];
		const struct catalog_control *control = &catalog->controls[top->control];
		fprintf(out, "%5u  ", top->risk);
		put_status(context, top->status, 6);
		fputs("  ", out);
		put_padded(out, context->inventory->environments[top->environment].name, name_width,
			   0);
		fprintf(out, " %-8s %-8s ", control->id, severity_names[control->severity]);
		put_padded(out, control->title, title_width, 0);
		fputc('\n', out);
	}
}

static void print_summary(struct render_context *context, const struct summary *total,
			  size_t environments)
{
	FILE *out = context->out;
	char percent[16];
	render_percent(summary_coverage_permille(total), percent, sizeof(percent));
	heading(context, "Summary");
	fprintf(out, "%zu environment%s x %zu controls = %lu cells\n", environments,
		environments == 1 ? "" : "s", context->models->catalog.control_count, total->cells);
	fprintf(out, "responsibility: provider %lu, shared %lu, customer %lu\n",
		total->responsibility[RESPONSIBILITY_PROVIDER],
		total->responsibility[RESPONSIBILITY_SHARED],
		total->responsibility[RESPONSIBILITY_CUSTOMER]);
	fputs("status:", out);
	for (size_t s = 0; s < STATUS_COUNT; s++)
		fprintf(out, "%s %s %lu", s ? "," : "", status_names[s], total->status[s]);
	fputc('\n', out);
	fprintf(out,
		"coverage of the customer's share: %s%% (%lu cells; met and claimed count in full, "
		"partial half)\n",
		percent, summary_customer_share(total));
	fprintf(out,
		"open gaps and contradictions by severity: critical %lu, high %lu, medium %lu, "
		"low %lu\n",
		total->open_by_severity[SEVERITY_CRITICAL], total->open_by_severity[SEVERITY_HIGH],
		total->open_by_severity[SEVERITY_MEDIUM], total->open_by_severity[SEVERITY_LOW]);
	fprintf(out, "open risk: %lu\n", total->risk);
}

static void print_exceptions(struct render_context *context)
{
	const struct inventory *inventory = context->inventory;
	FILE *out = context->out;
	if (!inventory->exception_count)
		return;
	heading(context, "Exceptions (risk acceptances)");
	for (size_t i = 0; i < inventory->exception_count; i++) {
		const struct exception *exception = &inventory->exceptions[i];
		long days = exception->expires_day - inventory->date_day;
		char state[48];
		if (days < 0)
			snprintf(state, sizeof(state), "EXPIRED %ld days ago", -days);
		else
			snprintf(state, sizeof(state), "expires in %ld days", days);
		fprintf(out, "%-8s ", exception->control);
		put_padded(out, exception->environment, 20, 0);
		fprintf(out, " %s %s, owner %s: %s\n", exception->expires, state, exception->owner,
			exception->reason);
	}
}

/* One line per action: phase, id, title, environment count, effort, cost, risk reduction. */
static void print_roadmap(struct render_context *context)
{
	const struct roadmap *roadmap = context->roadmap;
	FILE *out = context->out;
	if (!roadmap || !roadmap->action_count)
		return;
	/* "ph id   " + title + " envs eff cost   risk" */
	size_t fixed = 3 + 5 + 1 + 4 + 1 + 3 + 1 + 4 + 1 + 6;
	/* The narrowest terminal srgap assumes is 40 columns: 29 fixed, 11 for the title. */
	size_t title_width =
		(size_t)context->width > fixed + 11 ? (size_t)context->width - fixed : 11;
	heading(context, "Roadmap (phase 1: days 0-30, 2: 31-90, 3: 91-180; "
			 "! closes a contradicted claim)");
	fputs("ph id   ", out);
	put_padded(out, "action", title_width, 0);
	fprintf(out, " %4s %-3s %-4s %6s\n", "envs", "eff", "cost", "risk");
	/*
	 * A terminal shows the head of each phase; the full plan is in the JSON,
	 * Markdown, HTML and PDF outputs.
	 */
	size_t shown_in_phase = 0, hidden_in_phase = 0;
	for (size_t i = 0; i < roadmap->action_count; i++) {
		const struct roadmap_action *action = &roadmap->actions[i];
		if (i > 0 && action->phase != roadmap->actions[i - 1].phase) {
			if (hidden_in_phase)
				fprintf(out, "   ... %zu more phase-%u actions\n", hidden_in_phase,
					roadmap->actions[i - 1].phase);
			shown_in_phase = hidden_in_phase = 0;
		}
		if (shown_in_phase == TABLE_ROADMAP_PER_PHASE) {
			hidden_in_phase++;
			continue;
		}
		shown_in_phase++;
		char title[512];
		snprintf(title, sizeof(title), "%s%s", action->contradicted ? "! " : "",
			 action->title);
		fprintf(out, "%2u %-4s ", action->phase, action->id);
		put_padded(out, title, title_width, 0);
		fprintf(out, " %4zu %-3s %-4s %6lu\n", action->environment_count,
			effort_names[action->effort], cost_names[action->cost],
			action->risk_reduction);
	}
	if (hidden_in_phase)
		fprintf(out, "   ... %zu more phase-%u actions\n", hidden_in_phase,
			roadmap->actions[roadmap->action_count - 1].phase);
	fprintf(out, "%zu actions in all; the full plan: --format json, md, html or pdf\n",
		roadmap->action_count);
}

static int table_end(struct render_context *context, const struct summary *total)
{
	struct table_state *state = context->state;
	const struct inventory *inventory = context->inventory;
	FILE *out = context->out;
	fprintf(out, "%s%s%s: %s\n", context->color ? "\033[1m" : "", inventory->organization,
		context->color ? "\033[0m" : "", inventory->title);
	fprintf(out, "assessed %s%s%s against NIST SP 800-190 (catalog %s, %s)\n", inventory->date,
		inventory->assessor ? " by " : "", inventory->assessor ? inventory->assessor : "",
		context->models->catalog.version, context->models->catalog.reviewed);
	print_environments(context, state);
	print_matrix(context, state);
	print_top_risks(context, state);
	print_summary(context, total, state->environment_count);
	print_exceptions(context);
	print_roadmap(context);
	if (context->vulns) {
		static const struct vulns_render_options no_options;
		heading(context, "Vulnerability remediation (scanner reports in the evidence)");
		if (vulns_render(out, VULNS_FORMAT_TABLE, context->vulns, &no_options) < 0)
			return -1;
	}
	return ferror(out) ? -1 : 0;
}

static void table_cleanup(struct render_context *context)
{
	struct table_state *state = context->state;
	if (state) {
		free(state->statuses);
		free(state->summaries);
		free(state);
	}
	context->state = NULL;
}

const struct renderer render_table = {
	.name = "table",
	.description = "readable gap matrix and summary for the terminal (default)",
	.begin = table_begin,
	.environment = table_environment,
	.end = table_end,
	.cleanup = table_cleanup,
};
