/*
 * Optimal string alignment distance, case-insensitive, with a threshold that
 * grows with the word: one edit for short words, a third of the length for
 * long ones. Candidates are compared in the order offered, so ties keep the
 * first (data order), which keeps messages deterministic.
 */
#include "util/suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static size_t minimum3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

size_t suggest_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64)
		return (size_t)-1;
	size_t rows[3][66];
	size_t *two_back = rows[0], *previous = rows[1], *current = rows[2];
	for (size_t j = 0; j <= m; j++)
		previous[j] = j;
	for (size_t i = 1; i <= n; i++) {
		current[0] = i;
		for (size_t j = 1; j <= m; j++) {
			int ca = tolower((unsigned char)a[i - 1]);
			int cb = tolower((unsigned char)b[j - 1]);
			size_t cost = ca != cb;
			current[j] = minimum3(previous[j] + 1, current[j - 1] + 1,
					      previous[j - 1] + cost);
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb &&
			    two_back[j - 2] + 1 < current[j])
				current[j] = two_back[j - 2] + 1;
		}
		size_t *spare = two_back;
		two_back = previous;
		previous = current;
		current = spare;
	}
	return previous[m];
}

void suggest_init(struct suggest *suggest, const char *word)
{
	suggest->word = word;
	suggest->best = NULL;
	suggest->best_distance = (size_t)-1;
}

void suggest_offer(struct suggest *suggest, const char *candidate)
{
	size_t length = strlen(suggest->word);
	size_t threshold = length <= 4 ? 1 : (length <= 8 ? 2 : length / 3);
	size_t distance = suggest_distance(suggest->word, candidate);
	if (distance <= threshold && distance < suggest->best_distance) {
		suggest->best = candidate;
		suggest->best_distance = distance;
	}
}

const char *suggest_closest(const char *word, const char *const *candidates, size_t count)
{
	struct suggest suggest;
	suggest_init(&suggest, word);
	for (size_t i = 0; i < count; i++)
		suggest_offer(&suggest, candidates[i]);
	return suggest.best;
}
