/*
 * Small saved assessments for the history and trend tests: a folder in /tmp
 * and a writer of minimal `assessment/1` files whose cells are given as one
 * letter per cell (m met, c claimed, q partial, g gap, x contradicted,
 * p provider, a accepted, n not-applicable), controls 4.1.1a, 4.1.1b, ...
 */
#ifndef SRGAP_TEST_HISTORY_SUPPORT_H
#define SRGAP_TEST_HISTORY_SUPPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct test_environment {
	const char *name;
	const char *cells; /* letters as above */
	unsigned long risk;
	double coverage;
};

static inline const char *test_status_word(char letter)
{
	switch (letter) {
	case 'm':
		return "met";
	case 'c':
		return "claimed";
	case 'q':
		return "partial";
	case 'g':
		return "gap";
	case 'x':
		return "contradicted";
	case 'p':
		return "provider";
	case 'a':
		return "accepted";
	default:
		return "not-applicable";
	}
}

static inline void test_write_assessment(const char *path, const char *date,
					 const struct test_environment *environments, size_t count)
{
	FILE *out = fopen(path, "w");
	if (!out)
		abort();
	unsigned long total_risk = 0, total_cells = 0, total_open = 0;
	fprintf(out,
		"{\"srgap\": \"assessment/1\", \"generator\": \"srgap test\", \"organization\": "
		"\"Acme\",\n \"assessment\": {\"title\": \"t\", \"date\": \"%s\", \"assessor\": "
		"null},\n \"models\": {\"catalog\": {\"id\": \"c\", \"version\": \"1\", "
		"\"reviewed\": \"2026-01-01\"}, \"providers\": [], \"services\": {}},\n"
		" \"environments\": [",
		date);
	for (size_t e = 0; e < count; e++) {
		const struct test_environment *environment = &environments[e];
		size_t cells = strlen(environment->cells);
		unsigned long open = 0;
		for (size_t c = 0; c < cells; c++)
			open += environment->cells[c] == 'g' || environment->cells[c] == 'x';
		total_risk += environment->risk;
		total_cells += cells;
		total_open += open;
		fprintf(out,
			"%s\n  {\"name\": \"%s\", \"provider\": \"aws\", \"service\": "
			"\"eks-fargate\", "
			"\"registry\": \"aws/ecr\", \"criticality\": \"high\", \"summary\": "
			"{\"cells\": %zu, \"customer_share\": %zu, \"coverage_percent\": %.1f, "
			"\"risk\": %lu, \"status\": {\"gap\": %lu, \"contradicted\": 0}}, "
			"\"cells\": [",
			e ? "," : "", environment->name, cells, cells, environment->coverage,
			environment->risk, open);
		for (size_t c = 0; c < cells; c++)
			fprintf(out,
				"%s{\"control\": \"4.1.%zu%c\", \"title\": \"t\", "
				"\"responsibility\": "
				"\"customer\", \"status\": \"%s\", \"severity\": \"high\", "
				"\"risk\": "
				"0}",
				c ? ", " : "", c / 26 + 1, (char)('a' + c % 26),
				test_status_word(environment->cells[c]));
		fputs("]}", out);
	}
	fprintf(out,
		"],\n \"summary\": {\"cells\": %lu, \"customer_share\": %lu, \"coverage_percent\": "
		"50.0, \"risk\": %lu, \"status\": {\"gap\": %lu, \"contradicted\": 0}}}\n",
		total_cells, total_cells, total_risk, total_open);
	fclose(out);
}

/* A new empty folder under /tmp; the caller removes it with test_remove_folder. */
static inline char *test_make_folder(void)
{
	char *dir = strdup("/tmp/srgap-test-history-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	return dir;
}

static inline void test_remove_folder(char *dir)
{
	char *command = malloc(strlen(dir) + 16);
	sprintf(command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		abort();
	free(command);
	free(dir);
}

#endif
