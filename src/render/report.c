/*
 * The table of report formats, and what they share: the shape check of a
 * saved assessment, placeholder expansion, the executive summary paragraph,
 * the top risks and the heat map sums. Nothing here writes output; each
 * format lays the results out its own way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/catalog.h"
#include "core/engine.h"
#include "core/probe_results.h"
#include "io/assessment_json.h"
#include "render/report.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

const struct report_renderer *const report_formats[] = {
	&report_html, &report_markdown, &report_oscal_ar, &report_oscal_poam, &report_pdf, NULL,
};

const struct report_renderer *report_find(const char *name)
{
	for (size_t i = 0; report_formats[i]; i++)
		if (!strcmp(report_formats[i]->name, name))
			return report_formats[i];
	return NULL;
}

/* ------------------------------------------------------------------ shape check */

enum shape {
	SHAPE_STRING,
	SHAPE_STRING_OR_NULL,
	SHAPE_INTEGER,
	SHAPE_NUMBER,
	SHAPE_BOOLEAN,
	SHAPE_OBJECT,
	SHAPE_OBJECT_OR_NULL,
	SHAPE_ARRAY,
	SHAPE_STRINGS, /* an array of strings */
};

static const char *const shape_names[] = {
	"a string",	     "a string or null", "an integer",
	"a number",	     "true or false",	 "an object",
	"an object or null", "an array",	 "an array of strings",
};

struct member {
	const char *key;
	enum shape shape;
};

struct checker {
	const char *source;
	struct diag_list *diags;
	int version; /* 1 or 2: assessment/1 or assessment/2 */
};

static int fits(const json_t *value, enum shape shape)
{
	switch (shape) {
	case SHAPE_STRING:
		return json_is_string(value);
	case SHAPE_STRING_OR_NULL:
		return json_is_string(value) || json_is_null(value);
	case SHAPE_INTEGER:
		return json_is_integer(value);
	case SHAPE_NUMBER:
		return json_is_number(value);
	case SHAPE_BOOLEAN:
		return json_is_boolean(value);
	case SHAPE_OBJECT:
		return json_is_object(value);
	case SHAPE_OBJECT_OR_NULL:
		return json_is_object(value) || json_is_null(value);
	case SHAPE_ARRAY:
		return json_is_array(value);
	case SHAPE_STRINGS:
		if (!json_is_array(value))
			return 0;
		for (size_t i = 0; i < json_array_size(value); i++)
			if (!json_is_string(json_array_get(value, i)))
				return 0;
		return 1;
	}
	return 0;
}

static int shape_error(const struct checker *c, const char *path, const char *key, const char *what)
{
	return diag_error(c->diags, c->source, 0, 0, "report.json-shape",
			  "%s%s%s must be %s; is this a saved 'srgap assess --format json'?", path,
			  *path ? "." : "", key, what);
}

/* Checks every member of `object` listed in `members`; `path` names the object. */
static int check_members(const struct checker *c, const json_t *object, const char *path,
			 const struct member *members, size_t count)
{
	if (!json_is_object(object))
		return diag_error(c->diags, c->source, 0, 0, "report.json-shape",
				  "%s must be an object", *path ? path : "the document");
	for (size_t i = 0; i < count; i++)
		if (!fits(json_object_get(object, members[i].key), members[i].shape))
			return shape_error(c, path, members[i].key, shape_names[members[i].shape]);
	return 0;
}

static int check_word(const struct checker *c, const json_t *object, const char *path,
		      const char *key, const char *const *words, size_t count)
{
	const char *value = report_string(object, key);
	for (size_t i = 0; i < count; i++)
		if (!strcmp(value, words[i]))
			return 0;
	return diag_error(c->diags, c->source, 0, 0, "report.json-shape",
			  "%s.%s: unknown value '%s'", path, key, value);
}

static int check_summary(const struct checker *c, const json_t *summary, const char *path)
{
	static const struct member members[] = {
		{"cells", SHAPE_INTEGER},
		{"customer_share", SHAPE_INTEGER},
		{"coverage_percent", SHAPE_NUMBER},
		{"risk", SHAPE_INTEGER},
		{"status", SHAPE_OBJECT},
		{"responsibility", SHAPE_OBJECT},
		{"open_by_severity", SHAPE_OBJECT},
		{"areas", SHAPE_OBJECT},
		{"expired_exceptions", SHAPE_INTEGER},
	};
	char inner[256];
	if (check_members(c, summary, path, members, COUNT(members)) < 0)
		return -1;
	snprintf(inner, sizeof(inner), "%s.status", path);
	for (size_t s = 0; s < STATUS_COUNT; s++)
		if (!json_is_integer(
			    json_object_get(json_object_get(summary, "status"), status_names[s])))
			return shape_error(c, inner, status_names[s], "an integer");
	snprintf(inner, sizeof(inner), "%s.responsibility", path);
	for (size_t r = 0; r < RESPONSIBILITY_COUNT; r++)
		if (!json_is_integer(json_object_get(json_object_get(summary, "responsibility"),
						     responsibility_names[r])))
			return shape_error(c, inner, responsibility_names[r], "an integer");
	snprintf(inner, sizeof(inner), "%s.open_by_severity", path);
	for (size_t s = 0; s < SEVERITY_COUNT; s++)
		if (!json_is_integer(json_object_get(json_object_get(summary, "open_by_severity"),
						     severity_names[s])))
			return shape_error(c, inner, severity_names[s], "an integer");
	return 0;
}

static int check_cell(const struct checker *c, const json_t *cell, const char *path)
{
	static const struct member members[] = {
		{"control", SHAPE_STRING},
		{"group", SHAPE_STRING},
		{"area", SHAPE_STRING},
		{"title", SHAPE_STRING},
		{"responsibility", SHAPE_STRING},
		{"status", SHAPE_STRING},
		{"severity", SHAPE_STRING},
		{"risk", SHAPE_INTEGER},
		{"claim", SHAPE_OBJECT_OR_NULL},
		{"probes", SHAPE_ARRAY},
		{"exception", SHAPE_OBJECT_OR_NULL},
		{"capabilities", SHAPE_STRINGS},
	};
	static const struct member claim_members[] = {
		{"status", SHAPE_STRING},
		{"by", SHAPE_STRING_OR_NULL},
		{"due", SHAPE_STRING_OR_NULL},
		{"note", SHAPE_STRING_OR_NULL},
	};
	static const struct member exception_members[] = {
		{"owner", SHAPE_STRING}, {"expires", SHAPE_STRING}, {"expired", SHAPE_BOOLEAN}};
	/* assessment/1 listed every result; report_upgrade turns them into summaries. */
	static const struct member result_members[] = {
		{"probe", SHAPE_STRING},
		{"result", SHAPE_STRING},
		{"subject", SHAPE_STRING},
		{"detail", SHAPE_STRING},
		{"location", SHAPE_STRING_OR_NULL},
	};
	static const struct member summary_members[] = {
		{"probe", SHAPE_STRING}, {"title", SHAPE_STRING},  {"pass", SHAPE_INTEGER},
		{"fail", SHAPE_INTEGER}, {"error", SHAPE_INTEGER}, {"sample", SHAPE_ARRAY},
	};
	static const struct member sample_members[] = {
		{"result", SHAPE_STRING},
		{"subject", SHAPE_STRING},
		{"detail", SHAPE_STRING},
		{"location", SHAPE_STRING_OR_NULL},
	};
	char inner[256];
	if (check_members(c, cell, path, members, COUNT(members)) < 0 ||
	    check_word(c, cell, path, "status", status_names, STATUS_COUNT) < 0 ||
	    check_word(c, cell, path, "area", area_names, AREA_COUNT) < 0 ||
	    check_word(c, cell, path, "severity", severity_names, SEVERITY_COUNT) < 0 ||
	    check_word(c, cell, path, "responsibility", responsibility_names,
		       RESPONSIBILITY_COUNT) < 0)
		return -1;
	const json_t *claim = json_object_get(cell, "claim");
	snprintf(inner, sizeof(inner), "%s.claim", path);
	if (json_is_object(claim) &&
	    check_members(c, claim, inner, claim_members, COUNT(claim_members)) < 0)
		return -1;
	const json_t *exception = json_object_get(cell, "exception");
	snprintf(inner, sizeof(inner), "%s.exception", path);
	if (json_is_object(exception) &&
	    check_members(c, exception, inner, exception_members, COUNT(exception_members)) < 0)
		return -1;
	const json_t *probes = json_object_get(cell, "probes");
	for (size_t i = 0; i < json_array_size(probes); i++) {
		const json_t *probe = json_array_get(probes, i);
		snprintf(inner, sizeof(inner), "%s.probes[%zu]", path, i);
		if (c->version == 1) {
			if (check_members(c, probe, inner, result_members, COUNT(result_members)) <
				    0 ||
			    check_word(c, probe, inner, "result", probe_outcome_names,
				       PROBE_OUTCOME_COUNT) < 0)
				return -1;
			continue;
		}
		if (check_members(c, probe, inner, summary_members, COUNT(summary_members)) < 0)
			return -1;
		const json_t *sample = json_object_get(probe, "sample");
		for (size_t j = 0; j < json_array_size(sample); j++) {
			char item[320];
			snprintf(item, sizeof(item), "%s.sample[%zu]", inner, j);
			if (check_members(c, json_array_get(sample, j), item, sample_members,
					  COUNT(sample_members)) < 0 ||
			    check_word(c, json_array_get(sample, j), item, "result",
				       probe_outcome_names, PROBE_OUTCOME_COUNT) < 0)
				return -1;
		}
	}
	return 0;
}

static int check_environment(const struct checker *c, const json_t *environment, size_t index)
{
	static const struct member members[] = {
		{"name", SHAPE_STRING},
		{"description", SHAPE_STRING_OR_NULL},
		{"provider", SHAPE_STRING},
		{"service", SHAPE_STRING},
		{"registry", SHAPE_STRING},
		{"criticality", SHAPE_STRING},
		{"internet_facing", SHAPE_BOOLEAN},
		{"owner", SHAPE_STRING_OR_NULL},
		{"summary", SHAPE_OBJECT},
		{"cells", SHAPE_ARRAY},
	};
	char path[64], inner[128];
	snprintf(path, sizeof(path), "environments[%zu]", index);
	if (check_members(c, environment, path, members, COUNT(members)) < 0)
		return -1;
	snprintf(inner, sizeof(inner), "%s.summary", path);
	if (check_summary(c, json_object_get(environment, "summary"), inner) < 0)
		return -1;
	const json_t *cells = json_object_get(environment, "cells");
	for (size_t i = 0; i < json_array_size(cells); i++) {
		snprintf(inner, sizeof(inner), "%s.cells[%zu]", path, i);
		if (check_cell(c, json_array_get(cells, i), inner) < 0)
			return -1;
	}
	return 0;
}

static int check_list(const struct checker *c, const json_t *list, const char *name,
		      const struct member *members, size_t count)
{
	char path[64];
	for (size_t i = 0; i < json_array_size(list); i++) {
		snprintf(path, sizeof(path), "%s[%zu]", name, i);
		if (check_members(c, json_array_get(list, i), path, members, count) < 0)
			return -1;
	}
	return 0;
}

static int check_roadmap(const struct checker *c, const json_t *roadmap)
{
	static const struct member members[] = {
		{"id", SHAPE_STRING},
		{"title", SHAPE_STRING},
		{"remediation", SHAPE_STRING},
		{"phase", SHAPE_INTEGER},
		{"controls", SHAPE_STRINGS},
		{"environments", SHAPE_STRINGS},
		{"owners", SHAPE_STRINGS},
		{"effort", SHAPE_STRING},
		{"cost", SHAPE_STRING},
		{"risk_reduction", SHAPE_INTEGER},
		{"depends_on", SHAPE_STRINGS},
		{"contradicted", SHAPE_BOOLEAN},
		{"capability", SHAPE_STRING_OR_NULL},
		{"provider", SHAPE_STRING_OR_NULL},
	};
	if (check_list(c, roadmap, "roadmap", members, COUNT(members)) < 0)
		return -1;
	for (size_t i = 0; i < json_array_size(roadmap); i++) {
		json_int_t phase = report_integer(json_array_get(roadmap, i), "phase");
		if (phase < 1 || phase > 3)
			return diag_error(c->diags, c->source, 0, 0, "report.json-shape",
					  "roadmap[%zu].phase must be 1, 2 or 3", i);
	}
	return 0;
}

static int check_models(const struct checker *c, const json_t *models)
{
	static const struct member members[] = {
		{"catalog", SHAPE_OBJECT}, {"providers", SHAPE_ARRAY}, {"services", SHAPE_OBJECT}};
	static const struct member catalog[] = {
		{"id", SHAPE_STRING}, {"version", SHAPE_STRING}, {"reviewed", SHAPE_STRING}};
	static const struct member provider[] = {
		{"id", SHAPE_STRING}, {"name", SHAPE_STRING}, {"reviewed", SHAPE_STRING}};
	static const struct member service[] = {{"name", SHAPE_STRING}, {"kind", SHAPE_STRING}};
	if (check_members(c, models, "models", members, COUNT(members)) < 0 ||
	    check_members(c, json_object_get(models, "catalog"), "models.catalog", catalog,
			  COUNT(catalog)) < 0 ||
	    check_list(c, json_object_get(models, "providers"), "models.providers", provider,
		       COUNT(provider)) < 0)
		return -1;
	/* Sources came later than assessment/1 itself: optional, but a list of URLs when present.
	 */
	const json_t *sources = json_object_get(json_object_get(models, "catalog"), "sources");
	if (sources && !fits(sources, SHAPE_STRINGS))
		return shape_error(c, "models.catalog", "sources", shape_names[SHAPE_STRINGS]);
	const char *key;
	const json_t *value;
	json_object_foreach((json_t *)json_object_get(models, "services"), key, value) {
		char path[192];
		snprintf(path, sizeof(path), "models.services[\"%s\"]", key);
		if (check_members(c, value, path, service, COUNT(service)) < 0)
			return -1;
		sources = json_object_get(value, "sources");
		if (sources && !fits(sources, SHAPE_STRINGS))
			return shape_error(c, path, "sources", shape_names[SHAPE_STRINGS]);
	}
	return 0;
}

/*
 * Every number in a saved assessment is a count, a risk, a score or a
 * percentage: never negative, and at most ASSESSMENT_MAX_INTEGER, so the
 * sums and differences the reports print cannot overflow. `path` is grown
 * in place while descending (jansson has already bounded the depth).
 */
static int check_numbers(const struct checker *c, const json_t *value, struct strbuf *path)
{
	size_t length = path->len;
	int result = 0;
	if (json_is_object(value)) {
		const char *key;
		const json_t *member;
		json_object_foreach((json_t *)value, key, member) {
			strbuf_addf(path, "%s%.64s", length ? "." : "", key);
			result = check_numbers(c, member, path);
			strbuf_truncate(path, length);
			if (result < 0)
				break;
		}
	} else if (json_is_array(value)) {
		for (size_t i = 0; i < json_array_size(value) && result == 0; i++) {
			strbuf_addf(path, "[%zu]", i);
			result = check_numbers(c, json_array_get(value, i), path);
			strbuf_truncate(path, length);
		}
	} else if (json_is_number(value) &&
		   (json_number_value(value) < 0 ||
		    json_number_value(value) > (double)ASSESSMENT_MAX_INTEGER)) {
		result = diag_error(c->diags, c->source, 0, 0, "report.json-shape",
				    "%s must be a number from 0 to %s, not %.17g",
				    length ? path->buf : "the document",
				    ASSESSMENT_MAX_INTEGER_TEXT, json_number_value(value));
	}
	return result;
}

/* A sum the reports print, checked term by term so that it cannot overflow either. */
static int check_sum(const struct checker *c, const json_t *list, const char *member,
		     const char *path, const char *key)
{
	json_int_t sum = 0;
	for (size_t i = 0; i < json_array_size(list); i++) {
		sum += report_integer(json_array_get(list, i), key);
		if (sum > ASSESSMENT_MAX_INTEGER)
			return diag_error(c->diags, c->source, 0, 0, "report.json-shape",
					  "%s: the %s of the %s add up to more than %s", path, key,
					  member, ASSESSMENT_MAX_INTEGER_TEXT);
	}
	return 0;
}

/* The vulnerability plan's severity split: critical and high are part of the total. */
static int check_vulnerabilities(const struct checker *c, const json_t *plan)
{
	const json_t *actions = json_object_get(plan, "actions");
	for (size_t i = 0; i < json_array_size(actions); i++) {
		const json_t *severity = json_object_get(json_array_get(actions, i), "severity");
		if (report_integer(severity, "critical") + report_integer(severity, "high") >
		    report_integer(severity, "total"))
			return diag_error(
				c->diags, c->source, 0, 0, "report.json-shape",
				"vulnerabilities.actions[%zu].severity: critical and high "
				"add up to more than the total",
				i);
	}
	return 0;
}

int report_check(const json_t *assessment, const char *source, struct diag_list *diags)
{
	static const struct member members[] = {
		{"organization", SHAPE_STRING}, {"assessment", SHAPE_OBJECT},
		{"models", SHAPE_OBJECT},	{"environments", SHAPE_ARRAY},
		{"exceptions", SHAPE_ARRAY},	{"roadmap", SHAPE_ARRAY},
		{"summary", SHAPE_OBJECT},
	};
	static const struct member header[] = {{"title", SHAPE_STRING},
					       {"date", SHAPE_STRING},
					       {"assessor", SHAPE_STRING_OR_NULL}};
	static const struct member exception[] = {
		{"environment", SHAPE_STRING}, {"control", SHAPE_STRING},
		{"reason", SHAPE_STRING},      {"owner", SHAPE_STRING},
		{"expires", SHAPE_STRING},     {"expired", SHAPE_BOOLEAN},
	};
	struct checker c = {.source = source, .diags = diags};
	const json_t *format = json_object_get(assessment, "srgap");
	c.version = report_version(assessment);
	if (!c.version)
		return diag_error(diags, source, 0, 0, "report.wrong-format",
				  "not an srgap assessment: \"srgap\" is %s%s%s, expected "
				  "\"assessment/2\" or \"assessment/1\" (write one with 'srgap "
				  "assess --format json')",
				  json_is_string(format) ? "\"" : "",
				  json_is_string(format) ? json_string_value(format) : "missing",
				  json_is_string(format) ? "\"" : "");
	const json_t *sample = json_object_get(assessment, "evidence_sample");
	if (sample && !json_is_integer(sample))
		return shape_error(&c, "", "evidence_sample", shape_names[SHAPE_INTEGER]);
	const json_t *logo = json_object_get(json_object_get(assessment, "assessment"), "logo");
	if (check_members(&c, assessment, "", members, COUNT(members)) < 0 ||
	    check_members(&c, json_object_get(assessment, "assessment"), "assessment", header,
			  COUNT(header)) < 0 ||
	    (logo && !fits(logo, SHAPE_STRING_OR_NULL) &&
	     shape_error(&c, "assessment", "logo", shape_names[SHAPE_STRING_OR_NULL]) < 0) ||
	    check_models(&c, json_object_get(assessment, "models")) < 0 ||
	    check_list(&c, json_object_get(assessment, "exceptions"), "exceptions", exception,
		       COUNT(exception)) < 0 ||
	    check_roadmap(&c, json_object_get(assessment, "roadmap")) < 0 ||
	    check_summary(&c, json_object_get(assessment, "summary"), "summary") < 0)
		return -1;
	struct strbuf path;
	strbuf_init(&path);
	int numbers = check_numbers(&c, assessment, &path);
	strbuf_release(&path);
	if (numbers < 0 ||
	    check_sum(&c, json_object_get(assessment, "roadmap"), "roadmap actions", "roadmap",
		      "risk_reduction") < 0 ||
	    check_vulnerabilities(&c, json_object_get(assessment, "vulnerabilities")) < 0)
		return -1;
	const json_t *environments = json_object_get(assessment, "environments");
	for (size_t i = 0; i < json_array_size(environments); i++) {
		char where[64];
		snprintf(where, sizeof(where), "environments[%zu]", i);
		if (check_environment(&c, json_array_get(environments, i), i) < 0 ||
		    check_sum(&c, json_object_get(json_array_get(environments, i), "cells"),
			      "cells", where, "risk") < 0)
			return -1;
	}
	return 0;
}

int report_version(const json_t *assessment)
{
	const char *format = json_string_value(json_object_get(assessment, "srgap"));
	if (!json_is_object(assessment) || !format)
		return 0;
	return !strcmp(format, "assessment/2") ? 2 : !strcmp(format, "assessment/1") ? 1 : 0;
}

/* ------------------------------------------------------------------ upgrade */

static int compare_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One result of an assessment/1 cell as a sample of the assessment/2 shape. */
static json_t *sample_of(const json_t *result)
{
	json_t *sample = json_object();
	static const char *const keys[] = {"result", "subject", "detail", "location"};
	for (size_t k = 0; k < COUNT(keys); k++)
		json_object_set(sample, keys[k], json_object_get(result, keys[k]));
	return sample;
}

/*
 * The per-result list of an assessment/1 cell as per-probe summaries, in
 * probe id order: counts, then the first failing and erroring results in
 * the order listed, `size` in all, as `srgap assess` keeps them.
 */
static json_t *summarize_results(const json_t *results, size_t size)
{
	json_t *by_probe = json_object();
	size_t i;
	const json_t *result;
	json_array_foreach(results, i, result) {
		const char *id = report_string(result, "probe");
		json_t *summary = json_object_get(by_probe, id);
		if (!summary) {
			summary = json_object();
			json_object_set_new(summary, "probe", json_string(id));
			const char *title = report_string(result, "title");
			json_object_set_new(summary, "title", json_string(*title ? title : id));
			for (size_t o = 0; o < PROBE_OUTCOME_COUNT; o++)
				json_object_set_new(summary, probe_outcome_names[o],
						    json_integer(0));
			json_object_set_new(summary, "sample", json_array());
			json_object_set_new(summary, "errors", json_array());
			json_object_set_new(by_probe, id, summary);
		}
		const char *outcome = report_string(result, "result");
		json_object_set_new(summary, outcome,
				    json_integer(report_integer(summary, outcome) + 1));
		json_t *kept = json_object_get(summary, !strcmp(outcome, "fail")    ? "sample"
							: !strcmp(outcome, "error") ? "errors"
										    : "");
		if (kept && json_array_size(kept) < size)
			json_array_append_new(kept, sample_of(result));
	}
	const char **ids = xcalloc(json_object_size(by_probe) + 1, sizeof(*ids));
	size_t count = 0;
	const char *id;
	json_t *summary;
	json_object_foreach(by_probe, id, summary)
		ids[count++] = id;
	qsort(ids, count, sizeof(*ids), compare_text);
	json_t *list = json_array();
	for (size_t p = 0; p < count; p++) {
		summary = json_object_get(by_probe, ids[p]);
		json_t *sample = json_object_get(summary, "sample");
		json_t *errors = json_object_get(summary, "errors");
		for (size_t e = 0; e < json_array_size(errors) && json_array_size(sample) < size;
		     e++)
			json_array_append(sample, json_array_get(errors, e));
		json_object_del(summary, "errors");
		json_array_append(list, summary);
	}
	free(ids);
	json_decref(by_probe);
	return list;
}

void report_upgrade(json_t *assessment)
{
	if (report_version(assessment) != 1)
		return;
	size_t size = PROBE_SAMPLE_DEFAULT, e, c;
	json_t *environment, *cell;
	json_array_foreach(json_object_get(assessment, "environments"), e, environment)
		json_array_foreach(json_object_get(environment, "cells"), c, cell)
			json_object_set_new(
				cell, "probes",
				summarize_results(json_object_get(cell, "probes"), size));
	json_object_set_new(assessment, "srgap", json_string("assessment/2"));
	json_object_set_new(assessment, "evidence_sample", json_integer((json_int_t)size));
}

void report_probe_counts(struct strbuf *out, const json_t *probe,
			 const struct report_templates *templates)
{
	/* Failing first: it is what the reader looks for. */
	static const char *const order[] = {"fail", "error", "pass"};
	strbuf_reset(out);
	for (size_t i = 0; i < COUNT(order); i++) {
		json_int_t count = report_integer(probe, order[i]);
		if (count)
			strbuf_addf(out, "%s%lld %s", out->len ? ", " : "", (long long)count,
				    report_word(templates, "probe_result", order[i]));
	}
	for (size_t o = 0; o < PROBE_OUTCOME_COUNT; o++) {
		const char *name = probe_outcome_names[o];
		json_int_t count = report_integer(probe, name);
		if (count && strcmp(name, "fail") && strcmp(name, "error") && strcmp(name, "pass"))
			strbuf_addf(out, "%s%lld %s", out->len ? ", " : "", (long long)count,
				    report_word(templates, "probe_result", name));
	}
}

json_int_t report_probe_unsampled(const json_t *probe)
{
	json_int_t shown = (json_int_t)json_array_size(json_object_get(probe, "sample"));
	json_int_t open = report_integer(probe, "fail") + report_integer(probe, "error");
	return open > shown ? open - shown : 0;
}

/* ------------------------------------------------------------------ reading */

const char *report_string(const json_t *object, const char *key)
{
	const char *value = json_string_value(json_object_get(object, key));
	return value ? value : "";
}

bool report_provider_stale(const json_t *models, const json_t *provider)
{
	if (!json_is_true(json_object_get(provider, "stale")))
		return false;
	const char *id = report_string(provider, "id");
	size_t length = strlen(id);
	const char *path;
	const json_t *service;
	json_object_foreach((json_t *)json_object_get(models, "services"), path, service)
		if (!strncmp(path, id, length) && path[length] == '/')
			return true;
	return false;
}

void report_service_availability(struct strbuf *out, const struct report_templates *templates,
				 const json_t *service)
{
	const json_t *availability = json_object_get(service, "availability");
	if (!json_is_object(availability))
		return;
	struct strbuf targets;
	strbuf_init(&targets);
	size_t i;
	const json_t *target;
	json_array_foreach(json_object_get(availability, "migrate_to"), i, target)
		strbuf_addf(&targets, "%s%s", i ? ", " : "", json_string_value(target));
	const char *names[] = {"since", "targets"};
	const char *values[] = {report_string(availability, "since"), targets.buf};
	bool retired = !strcmp(report_string(availability, "status"), "retired");
	report_expand(out,
		      report_text(templates, retired ? "methodology.service_retired"
						     : "methodology.service_closed"),
		      names, values, 2);
	strbuf_release(&targets);
}

json_int_t report_integer(const json_t *object, const char *key)
{
	return json_integer_value(json_object_get(object, key));
}

const char *report_word(const struct report_templates *templates, const char *group,
			const char *name)
{
	char key[128];
	snprintf(key, sizeof(key), "%s.%s", group, name);
	const char *text = report_text(templates, key);
	return text == key ? name : text;
}

void report_expand(struct strbuf *out, const char *text, const char *const *names,
		   const char *const *values, size_t count)
{
	const char *cursor = text;
	const char *open;
	while ((open = strchr(cursor, '{'))) {
		const char *close = strchr(open + 1, '}');
		if (!close)
			break;
		size_t length = (size_t)(close - open - 1), i;
		if (memchr(open + 1, '{', length)) {
			/* "{{name}": the brace belongs to the text, the placeholder starts later.
			 */
			strbuf_add(out, cursor, (size_t)(open + 1 - cursor));
			cursor = open + 1;
			continue;
		}
		strbuf_add(out, cursor, (size_t)(open - cursor));
		for (i = 0; i < count; i++)
			if (strlen(names[i]) == length && !strncmp(names[i], open + 1, length))
				break;
		if (i < count)
			strbuf_addstr(out, values[i]);
		else
			strbuf_add(out, open, length + 2);
		cursor = close + 1;
	}
	strbuf_addstr(out, cursor);
}

/* Tenths of a percent of part / whole, rounded half up, as "12.5". */
static void share_text(char *buffer, size_t size, json_int_t part, json_int_t whole)
{
	long long tenths = whole > 0 ? (part * 2000 / whole + 1) / 2 : 0;
	snprintf(buffer, size, "%lld.%lld", tenths / 10, tenths % 10);
}

void report_summary_paragraph(struct strbuf *out, const json_t *assessment,
			      const struct report_templates *templates)
{
	const json_t *summary = json_object_get(assessment, "summary");
	const json_t *status = json_object_get(summary, "status");
	const json_t *open = json_object_get(summary, "open_by_severity");
	const json_t *roadmap = json_object_get(assessment, "roadmap");
	/* report_check bounded every term and the sum: none of this can overflow. */
	json_int_t phase1 = 0, phase1_risk = 0, total_risk = 0;
	for (size_t i = 0; i < json_array_size(roadmap); i++) {
		const json_t *action = json_array_get(roadmap, i);
		json_int_t risk = report_integer(action, "risk_reduction");
		total_risk += risk;
		if (report_integer(action, "phase") == 1) {
			phase1++;
			phase1_risk += risk;
		}
	}
	char numbers[11][32];
	snprintf(numbers[0], 32, "%zu",
		 json_array_size(json_object_get(assessment, "environments")));
	snprintf(numbers[1], 32, "%lld", (long long)report_integer(summary, "customer_share"));
	snprintf(numbers[2], 32, "%.1f",
		 json_number_value(json_object_get(summary, "coverage_percent")));
	snprintf(numbers[3], 32, "%lld",
		 (long long)(report_integer(status, "gap") +
			     report_integer(status, "contradicted")));
	snprintf(numbers[4], 32, "%lld", (long long)report_integer(open, "critical"));
	snprintf(numbers[5], 32, "%lld", (long long)report_integer(open, "high"));
	snprintf(numbers[6], 32, "%lld", (long long)report_integer(status, "contradicted"));
	snprintf(numbers[7], 32, "%lld", (long long)report_integer(status, "accepted"));
	snprintf(numbers[8], 32, "%lld", (long long)report_integer(summary, "expired_exceptions"));
	snprintf(numbers[9], 32, "%zu", json_array_size(roadmap));
	snprintf(numbers[10], 32, "%lld", (long long)phase1);
	char share[32], risk[32];
	share_text(share, sizeof(share), phase1_risk, total_risk);
	snprintf(risk, sizeof(risk), "%lld", (long long)report_integer(summary, "risk"));
	const char *const names[] = {
		"organization", "environments", "customer_share", "coverage", "open",
		"critical",	"high",		"contradicted",	  "accepted", "expired",
		"actions",	"phase1",	"phase1_share",	  "risk",
	};
	const char *const values[] = {
		report_string(assessment, "organization"),
		numbers[0],
		numbers[1],
		numbers[2],
		numbers[3],
		numbers[4],
		numbers[5],
		numbers[6],
		numbers[7],
		numbers[8],
		numbers[9],
		numbers[10],
		share,
		risk,
	};
	report_expand(out, report_text(templates, "summary.paragraph"), names, values,
		      COUNT(names));
}

static int is_open(const json_t *cell)
{
	const char *status = report_string(cell, "status");
	return !strcmp(status, "gap") || !strcmp(status, "partial") ||
	       !strcmp(status, "contradicted");
}

size_t report_top_risks(const json_t *assessment, struct report_risk *top, size_t max)
{
	size_t count = 0;
	const json_t *environments = json_object_get(assessment, "environments");
	for (size_t e = 0; e < json_array_size(environments); e++) {
		const json_t *environment = json_array_get(environments, e);
		const json_t *cells = json_object_get(environment, "cells");
		for (size_t i = 0; i < json_array_size(cells); i++) {
			const json_t *cell = json_array_get(cells, i);
			json_int_t risk = report_integer(cell, "risk");
			if (!is_open(cell) || risk <= 0)
				continue;
			/* Insert after every entry of equal or higher risk: ties keep input order.
			 */
			size_t position = count;
			while (position > 0 &&
			       report_integer(top[position - 1].cell, "risk") < risk)
				position--;
			if (position >= max)
				continue;
			size_t last = count < max ? count : max - 1;
			memmove(&top[position + 1], &top[position],
				(last - position) * sizeof(*top));
			top[position] = (struct report_risk){environment, cell};
			if (count < max)
				count++;
		}
	}
	return count;
}

char *report_logo_path(const char *logo, const char *source)
{
	/*
	 * Beside the assessment file first; when nothing is there, as written
	 * (assess records the path as seen from where it ran).
	 */
	const char *slash = source ? strrchr(source, '/') : NULL;
	if (logo[0] == '/' || !slash)
		return xstrdup(logo);
	char *beside = xasprintf("%.*s/%s", (int)(slash - source), source, logo);
	if (access(beside, R_OK) == 0 || access(logo, R_OK) != 0)
		return beside;
	free(beside);
	return xstrdup(logo);
}

json_int_t report_area_risk(const json_t *environment, const char *area)
{
	json_int_t sum = 0;
	const json_t *cells = json_object_get(environment, "cells");
	for (size_t i = 0; i < json_array_size(cells); i++) {
		const json_t *cell = json_array_get(cells, i);
		if (!strcmp(report_string(cell, "area"), area))
			sum += report_integer(cell, "risk");
	}
	return sum;
}

const char *report_heat_level(json_int_t risk)
{
	if (risk <= 0)
		return "none";
	if (risk < 50)
		return "low";
	return risk < 150 ? "medium" : "high";
}
