/*
 * Exception states for the warnings of `assess` and `validate` and the JSON
 * exception list. An exception governs the cells whose exception slot points
 * at it (a control-level exception hides its group's for that control); it
 * is needed when one of them is open. Adds warnings to a list, prints nothing.
 */
#include "core/exceptions.h"

#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/inventory.h"
#include "core/models.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

const char *const exception_state_names[EXCEPTION_STATE_COUNT] = {"active", "expiring", "expired",
								  "unmatched"};

struct exception_match {
	unsigned long governed; /* cells for which this is the exception in force */
	unsigned long status[STATUS_COUNT];
};

void exception_check_init(struct exception_check *check, const struct inventory *inventory)
{
	check->inventory = inventory;
	check->matches = xcalloc(inventory->exception_count + 1, sizeof(*check->matches));
	check->added = xcalloc(inventory->environment_count + 1, sizeof(*check->added));
}

void exception_check_release(struct exception_check *check)
{
	free(check->matches);
	free(check->added);
	check->matches = NULL;
	check->added = NULL;
}

void exception_check_add(struct exception_check *check, const struct environment *environment,
			 const struct cell *cells, size_t count)
{
	check->added[environment->index] = true;
	if (!environment->exceptions)
		return;
	for (size_t i = 0; i < count; i++) {
		const struct exception *exception = environment->exceptions[i];
		if (!exception)
			continue;
		struct exception_match *match =
			&check->matches[exception - check->inventory->exceptions];
		match->governed++;
		match->status[cells[i].status]++;
	}
}

void exception_check_claims(struct exception_check *check, const struct models *models)
{
	const struct inventory *inventory = check->inventory;
	size_t count = models->catalog.control_count;
	struct cell *cells = xcalloc(count, sizeof(*cells));
	for (size_t e = 0; e < inventory->environment_count; e++) {
		const struct environment *environment = &inventory->environments[e];
		if (!environment->exceptions)
			continue;
		engine_assess_environment(models, inventory, environment, NULL, cells);
		exception_check_add(check, environment, cells, count);
	}
	free(cells);
}

enum exception_state exception_check_state(const struct exception_check *check, size_t index)
{
	const struct inventory *inventory = check->inventory;
	const struct exception *exception = &inventory->exceptions[index];
	const struct exception_match *match = &check->matches[index];
	/* Only an open cell needs accepting; `accepted` cells were open before. */
	unsigned long open = match->status[STATUS_GAP] + match->status[STATUS_PARTIAL] +
			     match->status[STATUS_CONTRADICTED] + match->status[STATUS_ACCEPTED];
	if (exception->expires_day < inventory->date_day)
		return EXCEPTION_EXPIRED;
	if (!open)
		return EXCEPTION_UNMATCHED;
	if (exception->expires_day - inventory->date_day <= EXCEPTION_EXPIRING_DAYS)
		return EXCEPTION_EXPIRING;
	return EXCEPTION_ACTIVE;
}

/* "2 provider, 1 claimed": what the governed cells are instead of open. */
static void describe_statuses(struct strbuf *text, const struct exception_match *match)
{
	for (size_t s = 0; s < STATUS_COUNT; s++)
		if (match->status[s])
			strbuf_addf(text, "%s%lu %s", text->len ? ", " : "", match->status[s],
				    status_names[s]);
}

bool exception_check_covers(const struct exception_check *check, size_t index)
{
	return check->added[check->inventory->exceptions[index].environment_index];
}

void exception_check_warn(const struct exception_check *check, struct diag_list *diags)
{
	const struct inventory *inventory = check->inventory;
	for (size_t x = 0; x < inventory->exception_count; x++) {
		const struct exception *exception = &inventory->exceptions[x];
		if (!exception_check_covers(check, x))
			continue;
		const struct exception_match *match = &check->matches[x];
		long days = exception->expires_day - inventory->date_day;
		struct strbuf text;
		strbuf_init(&text);
		switch (exception_check_state(check, x)) {
		case EXCEPTION_EXPIRED:
			diag_warning(diags, exception->file, exception->line, exception->column,
				     "inventory.exception-expired",
				     "exception for %s in '%s' expired on %s, %ld day%s before the "
				     "assessment date; renew or remove it",
				     exception->control, exception->environment, exception->expires,
				     -days, days == -1 ? "" : "s");
			break;
		case EXCEPTION_EXPIRING:
			diag_warning(diags, exception->file, exception->line, exception->column,
				     "inventory.exception-expiring",
				     "exception for %s in '%s' expires on %s, in %ld day%s",
				     exception->control, exception->environment, exception->expires,
				     days, days == 1 ? "" : "s");
			break;
		case EXCEPTION_UNMATCHED:
			describe_statuses(&text, match);
			if (!match->governed)
				diag_warning(
					diags, exception->file, exception->line, exception->column,
					"inventory.exception-unmatched",
					"exception for %s in '%s' matches no cell: more specific "
					"exceptions cover all its controls",
					exception->control, exception->environment);
			else
				diag_warning(diags, exception->file, exception->line,
					     exception->column, "inventory.exception-unmatched",
					     "exception for %s in '%s' matches no open cell (%s); "
					     "nothing there needs accepting",
					     exception->control, exception->environment, text.buf);
			break;
		case EXCEPTION_ACTIVE:
			break;
		}
		strbuf_release(&text);
	}
}
