/*
 * Runs probes over an evidence folder: walks it in sorted order, decodes
 * each file into documents (JSON by content, else YAML), asks every family
 * what each document is, and runs that family's probes for the kind. It
 * knows nothing about any particular cloud: that is the families' job.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scan_coverage.h"
#include "io/json_stream.h"
#include "io/keyvalue.h"
#include "io/yaml_json.h"
#include "probe/probe.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/walk.h"
#include "util/xalloc.h"

#define MAX_FAMILIES 16

struct probe_run {
	const struct probe_settings *settings;
	struct probe_results *results;
	void *family_state[MAX_FAMILIES];
	int recognized;	  /* documents of the current file that a family claimed */
	const char *name; /* reported instead of the file's path (live output), or NULL */
	/*
	 * probe_run_path_as: the path as the inventory wrote it, reported in
	 * place of `root`, the path it resolves to from here (or NULL).
	 */
	const char *shown;
	const char *root;
	struct strbuf shown_file; /* the current document's file as shown */
	int stage;		  /* declared scan stage of the path being probed, or -1 */
	/*
	 * The images workloads run, in discovery order, until the image family
	 * judges them at the end. Each is a result to come, so they are
	 * spilled to a temporary file rather than held: memory stays flat
	 * however many pods the evidence lists. Without a writable temporary
	 * directory they stay in memory (open_memstream), read the same way.
	 */
	FILE *running;
	char *running_memory; /* open_memstream's buffer, when in memory */
	size_t running_memory_size;
	size_t running_count;
	struct diag_list *walk_diags; /* during probe_run_path */
	long kubernetes_major;	      /* the newest cluster version noted, 0 if none */
	long kubernetes_minor;
};

void probe_run_note_kubernetes_version(struct probe_run *run, long major, long minor)
{
	if (major > run->kubernetes_major ||
	    (major == run->kubernetes_major && minor > run->kubernetes_minor)) {
		run->kubernetes_major = major;
		run->kubernetes_minor = minor;
	}
}

bool probe_run_kubernetes_version(const struct probe_run *run, long *major, long *minor)
{
	*major = run->kubernetes_major;
	*minor = run->kubernetes_minor;
	return run->kubernetes_major > 0;
}

void probe_run_declare_stage(struct probe_run *run, int stage)
{
	run->stage = stage;
}

int probe_run_stage_of(const struct probe_run *run, const char *file)
{
	if (run->stage != SCAN_STAGE_NONE || !file)
		return run->stage;
	return run->root ? scan_stage_from_evidence_path(file, run->root)
			 : scan_stage_from_path(file);
}

/* Like running out of memory: nothing srgap can report usefully (xalloc.h). */
static void die_spilling(void)
{
	fprintf(stderr, "srgap: cannot keep the running images in a temporary file: %s\n",
		strerror(errno));
	exit(3);
}

/* A record: a byte saying which of subject, file, pointer follow, then NUL-ended strings. */
void probe_run_note_running_image(struct probe_run *run, const char *image, const char *subject,
				  const char *file, const char *pointer)
{
	if (!run->running && !(run->running = tmpfile()) &&
	    !(run->running = open_memstream(&run->running_memory, &run->running_memory_size)))
		die_spilling();
	const char *const fields[] = {image, subject, file, pointer};
	fputc((subject ? 1 : 0) | (file ? 2 : 0) | (pointer ? 4 : 0), run->running);
	for (size_t i = 0; i < 4; i++)
		if (fields[i])
			fwrite(fields[i], 1, strlen(fields[i]) + 1, run->running);
	if (ferror(run->running))
		die_spilling();
	run->running_count++;
}

size_t probe_run_running_image_count(const struct probe_run *run)
{
	return run->running_count;
}

void probe_run_each_running_image(struct probe_run *run, probe_running_image_fn *each,
				  void *context)
{
	if (!run->running_count)
		return;
	if (fflush(run->running) != 0)
		die_spilling();
	FILE *in = run->running_memory
			   ? fmemopen(run->running_memory, run->running_memory_size, "r")
			   : run->running;
	if (!in || (in == run->running && fseek(in, 0, SEEK_SET) != 0))
		die_spilling();
	char *fields[4] = {NULL};
	size_t capacities[4] = {0};
	for (size_t n = 0; n < run->running_count; n++) {
		int present = fgetc(in);
		if (present == EOF)
			die_spilling();
		present = present << 1 | 1; /* the image is always there */
		const char *values[4] = {NULL};
		for (size_t i = 0; i < 4; i++) {
			if (!(present & 1 << i))
				continue;
			if (getdelim(&fields[i], &capacities[i], '\0', in) < 0)
				die_spilling();
			values[i] = fields[i];
		}
		const struct probe_running_image entry = {values[0], values[1], values[2],
							  values[3]};
		each(run, &entry, context);
	}
	for (size_t i = 0; i < 4; i++)
		free(fields[i]);
	if (in != run->running)
		fclose(in);
	else if (fseek(in, 0, SEEK_END) != 0) /* further notes append */
		die_spilling();
}

const struct probe_settings *probe_run_settings(const struct probe_run *run)
{
	return run->settings;
}

void **probe_run_state(struct probe_run *run, const struct probe_family *family)
{
	for (size_t i = 0; probe_families[i] && i < MAX_FAMILIES; i++)
		if (probe_families[i] == family)
			return &run->family_state[i];
	return &run->family_state[MAX_FAMILIES - 1];
}

void probe_report(struct probe_run *run, const struct probe *probe,
		  const struct evidence_document *document, enum probe_outcome outcome,
		  const char *subject, const char *pointer, const char *format, ...)
{
	char detail[512], location[1024];
	va_list args;
	va_start(args, format);
	vsnprintf(detail, sizeof(detail), format, args);
	va_end(args);
	const char *file = document ? document->file : NULL;
	location[0] = '\0';
	if (document)
		snprintf(location, sizeof(location), "%s%s", document->pointer,
			 pointer ? pointer : "");
	probe_results_add(run->results, probe->id, probe->title, probe->controls, outcome, subject,
			  detail, file, document ? location : NULL);
}

void probe_report_at(struct probe_run *run, const struct probe *probe, const char *const *controls,
		     enum probe_outcome outcome, const char *subject, const char *file,
		     const char *pointer, const char *format, ...)
{
	char detail[512];
	va_list args;
	va_start(args, format);
	vsnprintf(detail, sizeof(detail), format, args);
	va_end(args);
	probe_results_add(run->results, probe->id, probe->title,
			  controls ? controls : probe->controls, outcome, subject, detail, file,
			  pointer);
}

struct probe_results *probe_run_results(struct probe_run *run)
{
	return run->results;
}

/*
 * The file a result names: the command for live output, the path below the
 * folder as the inventory wrote it for an environment's evidence, else the
 * path as given.
 */
static const char *shown_file(struct probe_run *run, const char *file)
{
	if (run->name)
		return run->name;
	size_t length = run->shown ? strlen(run->root) : 0;
	if (!run->shown || strncmp(file, run->root, length))
		return file;
	const char *below = file + length;
	strbuf_reset(&run->shown_file);
	strbuf_addstr(&run->shown_file, run->shown);
	if (*below && *below != '/' && *below != ' ' && run->shown_file.len &&
	    run->shown_file.buf[run->shown_file.len - 1] != '/')
		strbuf_addch(&run->shown_file, '/');
	if (*below == '/' && run->shown_file.len &&
	    run->shown_file.buf[run->shown_file.len - 1] == '/')
		below++;
	strbuf_addstr(&run->shown_file, below);
	return run->shown_file.buf;
}

static int visit_document(void *context, const struct json_stream_document *decoded)
{
	struct probe_run *run = context;
	for (size_t f = 0; probe_families[f]; f++) {
		const struct probe_family *family = probe_families[f];
		const char *kind = family->sniff(decoded->root);
		if (!kind)
			continue;
		struct evidence_document document = {.file = shown_file(run, decoded->file),
						     .pointer = decoded->pointer,
						     .root = decoded->root,
						     .kind = kind};
		run->recognized++;
		if (family->observe)
			family->observe(run, &document);
		for (size_t p = 0; p < family->probe_count; p++)
			if (!strcmp(family->probes[p].kind, kind))
				family->probes[p].check(run, &family->probes[p], &document);
		break;
	}
	return 0;
}

static int has_yaml_extension(const char *path)
{
	size_t length = strlen(path);
	return (length > 5 && !strcmp(path + length - 5, ".yaml")) ||
	       (length > 4 && !strcmp(path + length - 4, ".yml"));
}

static void probe_file(struct probe_run *run, const char *path, struct diag_list *diags)
{
	run->recognized = 0;
	run->results->files_read++;
	if (json_stream_looks_like_json(path)) {
		if (json_stream_file(path, "evidence", visit_document, run, diags) < 0)
			run->recognized = 1; /* reported as malformed, not as unknown */
	} else {
		/* Not JSON: YAML (manifests), or text no family reads. */
		struct diag_list yaml_diags;
		diag_list_init(&yaml_diags);
		yaml_json_file(path, "evidence", visit_document, run, &yaml_diags);
		if (diag_error_count(&yaml_diags) && has_yaml_extension(path)) {
			for (size_t i = 0; i < yaml_diags.count; i++) {
				const struct diag *d = &yaml_diags.items[i];
				diag_error(diags, d->file, d->line, d->column, d->code, "%s",
					   d->message);
			}
			run->recognized = 1; /* reported as malformed, not as unknown */
		}
		diag_list_release(&yaml_diags);
		/*
		 * key=value text reports (Lynis) are offered to the families as an
		 * object. A file that cannot be read as one is just unrecognized.
		 */
		struct diag_list ignored;
		diag_list_init(&ignored);
		json_t *pairs = run->recognized || has_yaml_extension(path)
					? NULL
					: keyvalue_load_file(path, "evidence", &ignored);
		diag_list_release(&ignored);
		if (pairs) {
			struct json_stream_document document = {
				.file = path, .pointer = "", .root = pairs, .line = 1};
			visit_document(run, &document);
			json_decref(pairs);
		}
	}
	if (!run->recognized)
		probe_results_add_unrecognized(run->results, run->name ? run->name : path);
}

static void visit_file(void *context, const char *path)
{
	probe_file(context, path, ((struct probe_run *)context)->walk_diags);
}

struct probe_run *probe_run_new(const struct probe_settings *settings,
				struct probe_results *results)
{
	static const struct probe_settings no_settings;
	struct probe_run *run = xcalloc(1, sizeof(*run));
	run->settings = settings ? settings : &no_settings;
	run->results = results;
	run->stage = -1;
	strbuf_init(&run->shown_file);
	return run;
}

int probe_run_path(struct probe_run *run, const char *path, const char *name,
		   struct diag_list *diags)
{
	run->name = name;
	run->root = path;
	run->walk_diags = diags;
	int result = walk_files(path, "evidence", visit_file, run, diags);
	run->walk_diags = NULL;
	run->root = NULL;
	run->name = NULL;
	return result;
}

int probe_run_path_as(struct probe_run *run, const char *path, const char *shown,
		      struct diag_list *diags)
{
	run->root = path;
	run->shown = shown;
	int result = probe_run_path(run, path, NULL, diags);
	run->root = run->shown = NULL;
	return result;
}

void probe_run_free(struct probe_run *run)
{
	if (!run)
		return;
	for (size_t f = 0; probe_families[f]; f++)
		if (probe_families[f]->finish)
			probe_families[f]->finish(run);
	probe_results_sort(run->results);
	if (run->running)
		fclose(run->running);
	free(run->running_memory);
	strbuf_release(&run->shown_file);
	free(run);
}

int probe_evidence(const char *path, const struct probe_settings *settings,
		   struct probe_results *results, struct diag_list *diags)
{
	struct probe_run *run = probe_run_new(settings, results);
	int result = probe_run_path(run, path, NULL, diags);
	probe_run_free(run);
	return result;
}
