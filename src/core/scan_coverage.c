/*
 * Stage coverage bookkeeping; see scan_coverage.h. It only counts reports
 * and keeps the newest date per stage; reading reports and turning a
 * missing or stale stage into a verdict is the caller's job.
 */
#include "core/scan_coverage.h"

#include <string.h>

#include "util/date.h"

const char *const scan_stage_names[SCAN_STAGE_COUNT] = {"build", "registry", "runtime"};

int scan_stage_from_path(const char *path)
{
	int stage = SCAN_STAGE_NONE;
	const char *component = path;
	while (*component) {
		size_t length = strcspn(component, "/");
		/* The file name itself is not a folder. */
		if (component[length] == '\0')
			break;
		for (int s = 0; s < SCAN_STAGE_COUNT; s++)
			if (length == strlen(scan_stage_names[s]) &&
			    !strncmp(component, scan_stage_names[s], length))
				stage = s;
		component += length;
		while (*component == '/')
			component++;
	}
	return stage;
}

int scan_stage_from_evidence_path(const char *path, const char *root)
{
	size_t root_length = strlen(root);
	while (root_length > 1 && root[root_length - 1] == '/')
		root_length--;
	if (strncmp(path, root, root_length) || (path[root_length] && path[root_length] != '/'))
		return scan_stage_from_path(path);
	/* The folder the user named: the root, or the folder of a root that is a file. */
	size_t folder_end = root_length;
	if (!path[root_length])
		while (folder_end > 0 && path[folder_end - 1] != '/')
			folder_end--;
	while (folder_end > 0 && path[folder_end - 1] == '/')
		folder_end--;
	size_t start = folder_end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	return scan_stage_from_path(path + start);
}

bool scan_coverage_parse_day(const char *timestamp, long *day)
{
	char date[11];
	if (!timestamp || strlen(timestamp) < 10)
		return false;
	memcpy(date, timestamp, 10);
	date[10] = '\0';
	if (timestamp[10] != '\0' && timestamp[10] != 'T' && timestamp[10] != ' ')
		return false;
	return date_parse(date, day);
}

void scan_coverage_init(struct scan_coverage *coverage, long today, unsigned max_age_days)
{
	memset(coverage, 0, sizeof(*coverage));
	coverage->today = today;
	coverage->max_age_days = max_age_days;
}

void scan_coverage_add(struct scan_coverage *coverage, int stage, bool dated, long day)
{
	if (stage < 0 || stage >= SCAN_STAGE_COUNT) {
		coverage->unstaged_reports++;
		return;
	}
	struct scan_coverage_stage *entry = &coverage->stages[stage];
	entry->reports++;
	if (!dated || (entry->dated && day <= entry->newest_day))
		return;
	entry->dated = true;
	entry->newest_day = day;
	entry->age_days = coverage->today > day ? coverage->today - day : 0;
	entry->stale = entry->age_days > (long)coverage->max_age_days;
}

size_t scan_coverage_stage_count(const struct scan_coverage *coverage)
{
	size_t count = 0;
	for (int s = 0; s < SCAN_STAGE_COUNT; s++)
		count += coverage->stages[s].reports > 0;
	return count;
}
