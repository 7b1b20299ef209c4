/*
 * `srgap probe` output, streamed: a table for people, one JSON document
 * ("probe-results/1") or JSON Lines for jq, grep and log pipelines. Each
 * result is formatted into one buffer and written the moment the probe
 * layer reports it; the trailer comes from the run's counters. The JSON
 * document is laid out as jansson would indent it, written by hand so that
 * no tree of all results ever exists.
 */
#include "render/probe_output.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct probe_output {
	FILE *out;
	enum probe_output_format format;
	struct probe_sink sink;
	struct strbuf buffer;
	size_t written; /* results so far */
	bool started;	/* the JSON header is out */
	bool failed;
};

/* The header goes out with the first result, so a run that fails at once writes nothing. */
static void start(struct probe_output *output)
{
	if (output->started)
		return;
	output->started = true;
	if (output->format == PROBE_OUTPUT_JSON)
		strbuf_addstr(&output->buffer,
			      "{\n  \"srgap\": \"probe-results/1\",\n  \"results\": [");
}

int probe_output_parse_format(const char *name, enum probe_output_format *format)
{
	static const char *const names[] = {"table", "json", "jsonl"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i])) {
			*format = (enum probe_output_format)i;
			return 0;
		}
	return -1;
}

static void flush(struct probe_output *output)
{
	if (output->buffer.len &&
	    fwrite(output->buffer.buf, 1, output->buffer.len, output->out) != output->buffer.len)
		output->failed = true;
	strbuf_reset(&output->buffer);
}

/* "file#pointer", the file alone (a text file has no pointer), or "-". */
static void add_location(struct strbuf *buffer, const struct probe_result *result)
{
	if (!result->file)
		strbuf_addch(buffer, '-');
	else if (result->pointer && *result->pointer)
		strbuf_addf(buffer, "%s#%s", result->file, result->pointer);
	else
		strbuf_addstr(buffer, result->file);
}

static void add_table_row(struct strbuf *buffer, const struct probe_result *result)
{
	strbuf_addf(buffer, "%-5s %-34s %s\n      %s\n      at ",
		    result->outcome == PROBE_FAIL ? "FAIL" : probe_outcome_names[result->outcome],
		    result->probe, result->subject ? result->subject : "",
		    result->detail ? result->detail : "");
	add_location(buffer, result);
	strbuf_addch(buffer, '\n');
}

static void add_member(struct strbuf *buffer, const char *key, const char *value, bool last)
{
	strbuf_addf(buffer, "      \"%s\": ", key);
	render_json_string(buffer, value);
	strbuf_addstr(buffer, last ? "\n" : ",\n");
}

/* One item of "results", indented as json_dumps(JSON_INDENT(2)) inside the document. */
static void add_json_item(struct strbuf *buffer, const struct probe_result *result)
{
	strbuf_addstr(buffer, "{\n");
	add_member(buffer, "probe", result->probe, false);
	add_member(buffer, "title", result->title, false);
	add_member(buffer, "result", probe_outcome_names[result->outcome], false);
	add_member(buffer, "subject", result->subject ? result->subject : "", false);
	add_member(buffer, "detail", result->detail ? result->detail : "", false);
	strbuf_addstr(buffer, "      \"location\": ");
	render_json_location(buffer, result->file, result->pointer);
	strbuf_addstr(buffer, ",\n      \"controls\": [");
	for (size_t c = 0; result->controls[c]; c++) {
		strbuf_addstr(buffer, c ? ",\n        " : "\n        ");
		render_json_string(buffer, result->controls[c]);
	}
	strbuf_addstr(buffer, result->controls[0] ? "\n      ]\n    }" : "]\n    }");
}

static void write_result(void *context, const struct probe_result *result)
{
	struct probe_output *output = context;
	struct strbuf *buffer = &output->buffer;
	start(output);
	switch (output->format) {
	case PROBE_OUTPUT_TABLE:
		add_table_row(buffer, result);
		break;
	case PROBE_OUTPUT_JSON:
		strbuf_addstr(buffer, output->written ? ",\n    " : "\n    ");
		add_json_item(buffer, result);
		break;
	case PROBE_OUTPUT_JSONL:
		render_probe_result_compact(buffer, NULL, result);
		strbuf_addch(buffer, '\n');
		break;
	}
	output->written++;
	flush(output);
}

struct probe_output *probe_output_new(FILE *out, enum probe_output_format format)
{
	struct probe_output *output = xcalloc(1, sizeof(*output));
	output->out = out;
	output->format = format;
	output->sink.result = write_result;
	output->sink.context = output;
	strbuf_init(&output->buffer);
	return output;
}

const struct probe_sink *probe_output_sink(struct probe_output *output)
{
	return &output->sink;
}

/* `"unrecognized": [...]`, one file a line in the document, on one line in JSON Lines. */
static void add_unrecognized(struct strbuf *buffer, const struct probe_results *results,
			     bool one_line)
{
	strbuf_addstr(buffer, one_line ? "\"unrecognized\":[" : "  \"unrecognized\": [");
	for (size_t i = 0; i < results->unrecognized_count; i++) {
		strbuf_addstr(buffer, one_line ? (i ? "," : "") : (i ? ",\n    " : "\n    "));
		render_json_string(buffer, results->unrecognized[i]);
	}
	strbuf_addstr(buffer, !one_line && results->unrecognized_count ? "\n  ]" : "]");
}

static void add_totals(struct strbuf *buffer, const struct probe_results *results, bool one_line)
{
	strbuf_addstr(buffer, one_line ? "\"totals\":{" : "  \"totals\": {");
	for (size_t o = 0; o < PROBE_OUTCOME_COUNT; o++)
		strbuf_addf(buffer, one_line ? "%s\"%s\":%lu" : "%s\n    \"%s\": %lu", o ? "," : "",
			    probe_outcome_names[o], results->outcomes[o]);
	strbuf_addstr(buffer, one_line ? "}" : "\n  }");
}

int probe_output_finish(struct probe_output *output, const struct probe_results *results)
{
	struct strbuf *buffer = &output->buffer;
	start(output);
	switch (output->format) {
	case PROBE_OUTPUT_TABLE:
		for (size_t i = 0; i < results->unrecognized_count; i++)
			strbuf_addf(buffer,
				    "unrecognized: %s (no probe family reads this kind of file)\n",
				    results->unrecognized[i]);
		strbuf_addf(buffer, "%zu file%s read, %zu unrecognized:", results->files_read,
			    results->files_read == 1 ? "" : "s", results->unrecognized_count);
		for (size_t o = 0; o < PROBE_OUTCOME_COUNT; o++)
			strbuf_addf(buffer, "%s %lu %s", o ? "," : "", results->outcomes[o],
				    probe_outcome_names[o]);
		if (results->unmapped_checks)
			strbuf_addf(buffer,
				    "; %zu tool check%s mapped to no control "
				    "(models/tool-mappings.yaml)",
				    results->unmapped_checks,
				    results->unmapped_checks == 1 ? "" : "s");
		strbuf_addch(buffer, '\n');
		break;
	case PROBE_OUTPUT_JSON:
		strbuf_addstr(buffer, output->written ? "\n  ],\n" : "],\n");
		add_unrecognized(buffer, results, false);
		strbuf_addf(buffer, ",\n  \"files_read\": %zu,\n  \"unmapped_checks\": %zu,\n",
			    results->files_read, results->unmapped_checks);
		add_totals(buffer, results, false);
		strbuf_addstr(buffer, "\n}\n");
		break;
	case PROBE_OUTPUT_JSONL:
		/* The summary line: the one with "srgap", where result lines have "probe". */
		strbuf_addf(buffer,
			    "{\"srgap\":\"probe-results/1\",\"files_read\":%zu,"
			    "\"unmapped_checks\":%zu,",
			    results->files_read, results->unmapped_checks);
		add_unrecognized(buffer, results, true);
		strbuf_addch(buffer, ',');
		add_totals(buffer, results, true);
		strbuf_addstr(buffer, "}\n");
		break;
	}
	flush(output);
	return output->failed || fflush(output->out) != 0 || ferror(output->out) ? -1 : 0;
}

void probe_output_free(struct probe_output *output)
{
	if (!output)
		return;
	strbuf_release(&output->buffer);
	free(output);
}
