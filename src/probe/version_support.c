/*
 * Kubernetes version support of a managed cluster, judged the same way for
 * EKS, AKS and GKE: the cluster's minor version against its provider's dated
 * calendar (`kubernetes_versions:` in providers/PROVIDER.yaml) on the run's
 * date, never the wall clock. The families find the version in their own
 * evidence; this file decides pass, fail or error and words the result.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/models.h"
#include "probe/probe.h"
#include "util/date.h"

int probe_parse_minor_version(const char *text, long *major, long *minor)
{
	char *end;
	if (!text)
		return -1;
	*major = strtol(text, &end, 10);
	if (end == text || *end != '.')
		return -1;
	const char *rest = end + 1;
	*minor = strtol(rest, &end, 10);
	return end == rest || *major < 0 || *minor < 0 ? -1 : 0;
}

static bool version_less(long major, long minor, long other_major, long other_minor)
{
	return major < other_major || (major == other_major && minor < other_minor);
}

void probe_version_support(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document, const char *subject,
			   const char *pointer, const struct version_support_policy *policy,
			   long major, long minor)
{
	/* The Kubernetes probes read it too: which semantics apply depends on it. */
	probe_run_note_kubernetes_version(run, major, minor);
	const struct models *models = probe_run_settings(run)->models;
	const struct provider *provider =
		models ? models_find_provider(models, policy->provider) : NULL;
	const struct support_calendar *calendar = provider ? provider->kubernetes_versions : NULL;
	if (!calendar || !calendar->count) {
		probe_report(run, probe, document, PROBE_ERROR, subject, pointer,
			     "no %s version calendar loaded (kubernetes_versions in "
			     "providers/%s.yaml)",
			     policy->platform, policy->provider);
		return;
	}
	char version[48], date[16], reviewed[16];
	snprintf(version, sizeof(version), "%ld.%ld", major, minor);
	long today = probe_run_settings(run)->today;
	const struct support_calendar_entry *entry = support_calendar_find(calendar, version);
	if (entry) {
		date_format(entry->ends, date, sizeof(date));
		if (today < entry->ends)
			probe_report(run, probe, document, PROBE_PASS, subject, pointer,
				     "Kubernetes %s is in %s standard support until %s", version,
				     policy->platform, date);
		else
			probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
				     "Kubernetes %s left %s standard support on %s (%s)", version,
				     policy->platform, date, policy->after_end);
		return;
	}
	const struct support_calendar_entry *newest = NULL, *oldest = NULL;
	long newest_major = 0, newest_minor = 0, oldest_major = 0, oldest_minor = 0;
	for (size_t i = 0; i < calendar->count; i++) {
		long a, b;
		if (probe_parse_minor_version(calendar->entries[i].version, &a, &b) < 0)
			continue;
		if (!newest || version_less(newest_major, newest_minor, a, b)) {
			newest = &calendar->entries[i];
			newest_major = a;
			newest_minor = b;
		}
		if (!oldest || version_less(a, b, oldest_major, oldest_minor)) {
			oldest = &calendar->entries[i];
			oldest_major = a;
			oldest_minor = b;
		}
	}
	date_format(calendar->reviewed_day, reviewed, sizeof(reviewed));
	/*
	 * A version newer than every row was released after the review (the
	 * table is complete when reviewed), so it has at least the provider's
	 * shortest standard support left from the review date.
	 */
	if (newest && version_less(newest_major, newest_minor, major, minor)) {
		if (today < calendar->reviewed_day + (long)policy->min_support_days)
			probe_report(run, probe, document, PROBE_PASS, subject, pointer,
				     "Kubernetes %s is newer than every version in srgap's %s "
				     "calendar (reviewed %s), so it is within its %s of "
				     "standard support",
				     version, policy->platform, reviewed, policy->support_span);
		else
			probe_report(run, probe, document, PROBE_ERROR, subject, pointer,
				     "Kubernetes %s is not in srgap's %s calendar, which was "
				     "reviewed %s and is too old to judge it; update "
				     "providers/%s.yaml",
				     version, policy->platform, reviewed, policy->provider);
		return;
	}
	if (oldest && version_less(major, minor, oldest_major, oldest_minor)) {
		date_format(oldest->ends, date, sizeof(date));
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "Kubernetes %s is older than every version in srgap's %s calendar; "
			     "its standard support ended before %s",
			     version, policy->platform, date);
		return;
	}
	probe_report(run, probe, document, PROBE_ERROR, subject, pointer,
		     "Kubernetes %s is not in srgap's %s calendar (reviewed %s)", version,
		     policy->platform, reviewed);
}
