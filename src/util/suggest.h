/*
 * "Did you mean" for names typed by people: the closest candidate by edit
 * distance, if it is close enough to be a plausible typo.
 */
#ifndef SRGAP_UTIL_SUGGEST_H
#define SRGAP_UTIL_SUGGEST_H

#include <stddef.h>

struct suggest {
	const char *word;
	const char *best;
	size_t best_distance;
};

void suggest_init(struct suggest *suggest, const char *word);
/* Offers one candidate; call for each, then read suggest.best (NULL: none close). */
void suggest_offer(struct suggest *suggest, const char *candidate);
/* Convenience over an array of strings; returns the best or NULL. */
const char *suggest_closest(const char *word, const char *const *candidates, size_t count);
/* Edit distance (Damerau: a transposition counts as one edit). */
size_t suggest_distance(const char *a, const char *b);

#endif
