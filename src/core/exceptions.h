/*
 * The state of each risk acceptance in an inventory on the assessment date:
 * still active, expiring soon, expired, or matching no open cell (the
 * provider owns the controls there, or they are met, claimed or not
 * applicable), so that `assess` and `validate` can warn about acceptances
 * that lapse or that nobody needs.
 *
 * States are judged from the cells the engine produced, probe evidence
 * included, so they agree with what the assessment shows: feed every
 * environment's cells to exception_check_add, then read the states.
 */
#ifndef SRGAP_CORE_EXCEPTIONS_H
#define SRGAP_CORE_EXCEPTIONS_H

#include <stdbool.h>
#include <stddef.h>

struct cell;
struct diag_list;
struct environment;
struct inventory;
struct models;

enum exception_state {
	EXCEPTION_ACTIVE,
	EXCEPTION_EXPIRING,
	EXCEPTION_EXPIRED,
	EXCEPTION_UNMATCHED
};
#define EXCEPTION_STATE_COUNT 4
extern const char *const exception_state_names[EXCEPTION_STATE_COUNT]; /* "active", ... */

/* An exception expiring within this many days of the assessment date is "expiring". */
#define EXCEPTION_EXPIRING_DAYS 30

struct exception_match;

struct exception_check {
	const struct inventory *inventory;
	struct exception_match *matches; /* owned: one per inventory exception */
	bool *added;			 /* owned: by environment, exception_check_add saw it */
};

void exception_check_init(struct exception_check *check, const struct inventory *inventory);
void exception_check_release(struct exception_check *check);
/* Records one environment's cells (catalog order, `count` of them). */
void exception_check_add(struct exception_check *check, const struct environment *environment,
			 const struct cell *cells, size_t count);
/* Runs the engine on claims alone for every environment with exceptions (no evidence). */
void exception_check_claims(struct exception_check *check, const struct models *models);
/*
 * The state of inventory->exceptions[index] after every environment was
 * added. Expired beats unmatched, which beats expiring.
 */
enum exception_state exception_check_state(const struct exception_check *check, size_t index);
/* Was the environment of inventory->exceptions[index] added (it is in this run's shard)? */
bool exception_check_covers(const struct exception_check *check, size_t index);
/*
 * Adds one warning per exception that is not active, at the exception's
 * line; exceptions of environments never added (another shard's) are left
 * out.
 */
void exception_check_warn(const struct exception_check *check, struct diag_list *diags);

#endif
