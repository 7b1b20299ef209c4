/*
 * The history folder and its index (io/history.h). An index line is
 *
 *   NAME \t SIZE \t MODIFIED-NS \t YYYY-MM-DD \t JSON \n
 *
 * where the JSON of a readable file is
 *
 *   {"organization": "…", "generator": "…",
 *    "summary": [cells, customer_share, coverage_permille, risk, open],
 *    "statuses": ["met", "gap", …],        the status words the file uses
 *    "controls": ["4.1.1a", …],            the cells' controls, in order
 *    "environments": [[name, provider, service, registry,
 *                      cells, customer_share, coverage_permille, risk, open,
 *                      "bbad…"]]}            one letter per cell: 'a' is statuses[0]
 *
 * (an environment whose cells differ from "controls" carries its own list as
 * an eleventh item), and of an unreadable one {"skipped": {"line", "column",
 * "code", "message"}} with the date "-". The fields before the JSON are
 * enough to tell whether a line is current, so checking the index reads its
 * bytes but decodes none of them.
 */
#include "io/history.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/date.h"
#include "util/diag.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define INDEX_HEADER	 "srgap-history-index 1\n"
#define MAX_STATUS_WORDS 26 /* one letter each */

/* ------------------------------------------------------------------ storing */

/* mkdir -p: each missing folder from the top down. */
static int make_folders(const char *dir)
{
	char *path = xstrdup(dir);
	int result = 0;
	for (char *slash = path + 1; result == 0; slash++) {
		if (*slash != '/' && *slash != '\0')
			continue;
		char saved = *slash;
		*slash = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			result = -1;
		*slash = saved;
		if (saved == '\0')
			break;
	}
	int saved_errno = errno;
	free(path);
	struct stat info;
	if (result == 0 && (stat(dir, &info) != 0 || !S_ISDIR(info.st_mode))) {
		saved_errno = errno ? errno : ENOTDIR;
		result = -1;
	}
	errno = saved_errno;
	return result;
}

int history_store_begin(struct history_store *store, const char *dir, struct diag_list *diags)
{
	memset(store, 0, sizeof(*store));
	errno = 0;
	if (make_folders(dir) < 0)
		return diag_error(diags, dir, 0, 0, "history.unwritable",
				  "cannot create the history folder: %s", strerror(errno));
	/* A hidden name: a run that dies midway leaves nothing a listing takes for history. */
	char *incoming = xasprintf("%s/.srgap-incoming", dir);
	int opened = atomic_file_open(&store->file, incoming);
	free(incoming);
	if (opened < 0)
		return diag_error(diags, dir, 0, 0, "history.unwritable",
				  "cannot write in the history folder: %s", strerror(errno));
	store->dir = xstrdup(dir);
	return 0;
}

void history_file_name(const char *date, const unsigned char digest[32],
		       char name[HISTORY_NAME_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	char digits[HISTORY_HASH_DIGITS + 1];
	for (size_t i = 0; i < HISTORY_HASH_DIGITS / 2; i++) {
		digits[2 * i] = hex[digest[i] >> 4];
		digits[2 * i + 1] = hex[digest[i] & 15];
	}
	digits[HISTORY_HASH_DIGITS] = '\0';
	snprintf(name, HISTORY_NAME_SIZE, "%.10s-%s.json", date, digits);
}

static int hash_file(const char *path, unsigned char digest[SHA256_DIGEST_SIZE])
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return -1;
	struct sha256 hash;
	sha256_init(&hash);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0)
		sha256_update(&hash, chunk, got);
	int failed = ferror(in);
	fclose(in);
	sha256_final(&hash, digest);
	return failed ? -1 : 0;
}

int history_store_commit(struct history_store *store, const char *date, char **name,
			 struct diag_list *diags)
{
	unsigned char digest[SHA256_DIGEST_SIZE];
	char file_name[HISTORY_NAME_SIZE];
	char *path = NULL;
	long day;
	int result = -1;
	if (name)
		*name = NULL;
	if (!date_parse(date, &day)) {
		diag_error(diags, store->dir, 0, 0, "history.unwritable",
			   "cannot store an assessment dated '%s': not a YYYY-MM-DD date", date);
		goto out;
	}
	if (fflush(store->file.stream) != 0 || hash_file(store->file.temporary, digest) < 0) {
		diag_error(diags, store->dir, 0, 0, "history.unwritable",
			   "cannot write in the history folder: %s", strerror(errno));
		goto out;
	}
	history_file_name(date, digest, file_name);
	path = xasprintf("%s/%s", store->dir, file_name);
	/* The name is the content: the same name is the same assessment, stored already. */
	if (access(path, F_OK) == 0) {
		atomic_file_abort(&store->file);
	} else if (atomic_file_commit_as(&store->file, path) < 0) {
		diag_error(diags, path, 0, 0, "history.unwritable", "cannot store: %s",
			   strerror(errno));
		goto out;
	}
	if (name)
		*name = xstrdup(file_name);
	result = 0;
out:
	free(path);
	history_store_abort(store);
	return result;
}

void history_store_abort(struct history_store *store)
{
	atomic_file_abort(&store->file);
	free(store->dir);
	store->dir = NULL;
}

/* ------------------------------------------------------------------ index lines */

/* The fields before the JSON; pointers into the line, which is cut at each tab. */
struct line_head {
	char *name;
	long long size;
	long long modified;
	char *date; /* "-" for an unreadable file */
	char *json;
	size_t json_length;
};

static bool parse_number(const char *text, long long *value)
{
	if (!*text)
		return false;
	char *end;
	errno = 0;
	long long parsed = strtoll(text, &end, 10);
	if (*end || errno || parsed < 0)
		return false;
	*value = parsed;
	return true;
}

/* Splits an index line (without its newline) in place. */
static bool parse_head(char *line, size_t length, struct line_head *head)
{
	char *fields[5];
	char *cursor = line;
	for (size_t i = 0; i < 4; i++) {
		char *tab = memchr(cursor, '\t', length - (size_t)(cursor - line));
		if (!tab)
			return false;
		*tab = '\0';
		fields[i] = cursor;
		cursor = tab + 1;
	}
	fields[4] = cursor;
	head->name = fields[0];
	head->date = fields[3];
	head->json = fields[4];
	head->json_length = length - (size_t)(cursor - line);
	return *head->name && parse_number(fields[1], &head->size) &&
	       parse_number(fields[2], &head->modified);
}

static void add_summary(json_t *array, const struct saved_summary *summary)
{
	json_array_append_new(array, json_integer((json_int_t)summary->cells));
	json_array_append_new(array, json_integer((json_int_t)summary->customer_share));
	json_array_append_new(array, json_integer((json_int_t)summary->coverage_permille));
	json_array_append_new(array, json_integer((json_int_t)summary->risk));
	json_array_append_new(array, json_integer((json_int_t)summary->open));
}

static bool same_controls(const struct saved_environment *a, const struct saved_environment *b)
{
	if (a->cell_count != b->cell_count)
		return false;
	for (size_t i = 0; i < a->cell_count; i++)
		if (strcmp(a->cells[i].control, b->cells[i].control))
			return false;
	return true;
}

static json_t *controls_json(const struct saved_environment *environment)
{
	json_t *controls = json_array();
	for (size_t i = 0; environment && i < environment->cell_count; i++)
		json_array_append_new(controls, json_string(environment->cells[i].control));
	return controls;
}

/* The JSON of a readable file's line; NULL when it uses more status words than letters. */
static json_t *entry_json(const struct saved_assessment *assessment)
{
	const struct saved_environment *first =
		assessment->environment_count ? &assessment->environments[0] : NULL;
	const char *words[MAX_STATUS_WORDS];
	size_t word_count = 0;
	json_t *environments = json_array();
	struct strbuf letters;
	strbuf_init(&letters);
	for (size_t e = 0; e < assessment->environment_count; e++) {
		const struct saved_environment *environment = &assessment->environments[e];
		strbuf_reset(&letters);
		for (size_t c = 0; c < environment->cell_count; c++) {
			const char *status = environment->cells[c].status;
			size_t w = 0;
			while (w < word_count && strcmp(words[w], status))
				w++;
			if (w == word_count) {
				if (word_count == MAX_STATUS_WORDS) {
					strbuf_release(&letters);
					json_decref(environments);
					return NULL;
				}
				words[word_count++] = status;
			}
			strbuf_addch(&letters, (char)('a' + w));
		}
		json_t *item = json_pack("[ssss]", environment->name, environment->provider,
					 environment->service, environment->registry);
		if (!item) {
			strbuf_release(&letters);
			json_decref(environments);
			return NULL;
		}
		add_summary(item, &environment->summary);
		json_array_append_new(item, json_string(letters.buf ? letters.buf : ""));
		if (!same_controls(environment, first))
			json_array_append_new(item, controls_json(environment));
		json_array_append_new(environments, item);
	}
	strbuf_release(&letters);
	json_t *statuses = json_array();
	for (size_t w = 0; w < word_count; w++)
		json_array_append_new(statuses, json_string(words[w]));
	json_t *summary = json_array();
	add_summary(summary, &assessment->summary);
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "organization", assessment->organization,
			 "generator", assessment->generator, "summary", summary, "statuses",
			 statuses, "controls", controls_json(first), "environments", environments);
}

static int write_line(FILE *out, const char *name, long long size, long long modified,
		      const char *date, const json_t *json)
{
	char *text = json_dumps(json, JSON_COMPACT);
	if (!text)
		return -1;
	fprintf(out, "%s\t%lld\t%lld\t%s\t%s\n", name, size, modified, date, text);
	free(text);
	return ferror(out) ? -1 : 0;
}

/* ------------------------------------------------------------------ opening */

/* Where a file's line comes from while the index is brought up to date. */
struct source {
	FILE *from; /* the old index or the spool; NULL: no line (cannot be read at all) */
	long offset;
};

struct opening {
	struct history *history;
	struct diag_list *diags;
	struct source *sources; /* parallel to history->files */
	FILE *old_index;
	FILE *spool; /* lines of files read this time */
	bool fresh;  /* the old index is exactly right as it is */
};

static int compare_names(const void *a, const void *b)
{
	return strcmp(((const struct history_file *)a)->name,
		      ((const struct history_file *)b)->name);
}

static bool plain_name(const char *name)
{
	size_t length = strlen(name);
	if (name[0] == '.' || length <= 5 || strcmp(name + length - 5, ".json"))
		return false;
	for (const char *c = name; *c; c++)
		if ((unsigned char)*c < 0x20)
			return false;
	return true;
}

static int list_files(struct history *history, struct diag_list *diags)
{
	DIR *folder = opendir(history->dir);
	if (!folder)
		return diag_error(diags, history->dir, 0, 0, "history.unreadable",
				  "cannot read the history folder: %s", strerror(errno));
	size_t capacity = 0;
	struct dirent *entry;
	while ((entry = readdir(folder))) {
		if (!plain_name(entry->d_name))
			continue;
		char *path = xasprintf("%s/%s", history->dir, entry->d_name);
		struct stat info;
		int found = stat(path, &info);
		free(path);
		if (found != 0 || !S_ISREG(info.st_mode))
			continue;
		history->files = xgrow(history->files, &capacity, history->count + 1,
				       sizeof(*history->files));
		struct history_file *file = &history->files[history->count++];
		memset(file, 0, sizeof(*file));
		file->name = xstrdup(entry->d_name);
		file->size = (long long)info.st_size;
		file->modified =
			(long long)info.st_mtim.tv_sec * 1000000000LL + info.st_mtim.tv_nsec;
		file->offset = -1;
	}
	closedir(folder);
	qsort(history->files, history->count, sizeof(*history->files), compare_names);
	return 0;
}

static struct history_file *find_by_name(struct history *history, const char *name)
{
	struct history_file key = {.name = (char *)name};
	return bsearch(&key, history->files, history->count, sizeof(key), compare_names);
}

static void warn_skipped(struct opening *opening, const struct history_file *file, int line,
			 int column, const char *code, const char *message)
{
	char *path = xasprintf("%s/%s", opening->history->dir, file->name);
	/* The reader's own words say what is wrong; only a syntax error needs the context. */
	size_t length = strlen(code);
	bool syntax = length > 12 && !strcmp(code + length - 12, ".json-syntax");
	diag_warning(opening->diags, path, line, column, "history.skipped", "skipped%s: %s",
		     syntax ? ", not valid JSON (truncated or damaged?)" : "", message);
	free(path);
}

/* The skipped line's reason, warned again on every run. */
static void warn_cached(struct opening *opening, const struct history_file *file,
			const struct line_head *head)
{
	json_t *json = json_loadb(head->json, head->json_length, 0, NULL);
	json_t *skipped = json_object_get(json, "skipped");
	warn_skipped(opening, file, (int)json_integer_value(json_object_get(skipped, "line")),
		     (int)json_integer_value(json_object_get(skipped, "column")),
		     json_string_value(json_object_get(skipped, "code"))
			     ? json_string_value(json_object_get(skipped, "code"))
			     : "assessment.unknown",
		     json_string_value(json_object_get(skipped, "message"))
			     ? json_string_value(json_object_get(skipped, "message"))
			     : "");
	json_decref(json);
}

/* Takes every line of the old index that still describes its file as it is. */
static void read_old_index(struct opening *opening)
{
	struct history *history = opening->history;
	char *path = xasprintf("%s/%s", history->dir, HISTORY_INDEX_NAME);
	opening->old_index = fopen(path, "rb");
	free(path);
	opening->fresh = opening->old_index != NULL;
	if (!opening->old_index)
		return;
	char *line = NULL;
	size_t capacity = 0;
	ssize_t length = getline(&line, &capacity, opening->old_index);
	if (length < 0 || strcmp(line, INDEX_HEADER)) {
		opening->fresh = false;
		free(line);
		return;
	}
	const struct history_file *previous = NULL;
	for (;;) {
		long offset = ftell(opening->old_index);
		if ((length = getline(&line, &capacity, opening->old_index)) < 0)
			break;
		struct line_head head;
		struct history_file *file = NULL;
		if (length > 0 && line[length - 1] == '\n' &&
		    parse_head(line, (size_t)length - 1, &head))
			file = find_by_name(history, head.name);
		size_t index = file ? (size_t)(file - history->files) : 0;
		if (!file || opening->sources[index].from || file->size != head.size ||
		    file->modified != head.modified) {
			opening->fresh = false; /* a line for a file that is gone or changed */
			continue;
		}
		file->readable = strcmp(head.date, "-") != 0;
		if (file->readable && !date_parse(head.date, &file->day)) {
			opening->fresh = false;
			continue;
		}
		if (file->readable)
			snprintf(file->date, sizeof(file->date), "%s", head.date);
		else
			warn_cached(opening, file, &head);
		opening->sources[index] = (struct source){opening->old_index, offset};
		/* Lines are written in history order; any other order gets rewritten. */
		if (previous &&
		    (previous->readable < file->readable ||
		     (previous->readable && file->readable &&
		      (previous->day > file->day ||
		       (previous->day == file->day && previous->modified > file->modified)))))
			opening->fresh = false;
		previous = file;
	}
	free(line);
}

/* Reads a file the index does not describe, and spools its line. */
static void index_file(struct opening *opening, size_t index)
{
	struct history *history = opening->history;
	struct history_file *file = &history->files[index];
	char *path = xasprintf("%s/%s", history->dir, file->name);
	struct saved_assessment assessment;
	struct diag_list problems;
	diag_list_init(&problems);
	int loaded = assessment_json_load(&assessment, path, &problems);
	json_t *json = NULL;
	if (loaded == 0 && !date_parse(assessment.date, &file->day)) {
		diag_error(&problems, path, 0, 0, "assessment.bad-field",
			   "assessment.date: expected a YYYY-MM-DD date, not '%s'",
			   assessment.date);
		loaded = -1;
	}
	if (loaded == 0 && !(json = entry_json(&assessment))) {
		diag_error(&problems, path, 0, 0, "assessment.bad-field",
			   "cannot index it (more than %d different cell statuses?)",
			   MAX_STATUS_WORDS);
		loaded = -1;
	}
	if (loaded == 0) {
		file->readable = true;
		snprintf(file->date, sizeof(file->date), "%s", assessment.date);
	} else {
		const struct diag *problem =
			problems.count
				? &problems.items[0]
				: &(struct diag){.code = "assessment.unknown", .message = ""};
		warn_skipped(opening, file, problem->line, problem->column, problem->code,
			     problem->message);
		/* A file that cannot be opened may be readable next time: not cached. */
		if (strcmp(problem->code, "assessment.unreadable"))
			json = json_pack("{s:{s:i, s:i, s:s, s:s}}", "skipped", "line",
					 problem->line, "column", problem->column, "code",
					 problem->code, "message", problem->message);
	}
	if (json) {
		if (!opening->spool)
			opening->spool = tmpfile();
		long offset = opening->spool ? ftell(opening->spool) : -1;
		if (offset >= 0 &&
		    write_line(opening->spool, file->name, file->size, file->modified,
			       file->readable ? file->date : "-", json) == 0) {
			opening->sources[index] = (struct source){opening->spool, offset};
			opening->fresh = false;
		}
	}
	json_decref(json);
	assessment_json_release(&assessment);
	diag_list_release(&problems);
	free(path);
}

/* History order: readable ones by date, time stored and name; then the unreadable by name. */
static int compare_order(const void *a, const void *b)
{
	const struct history_file *x = a, *y = b;
	if (x->readable != y->readable)
		return x->readable ? -1 : 1;
	if (x->readable && x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->readable && x->modified != y->modified)
		return x->modified < y->modified ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Sorts files and their sources together. */
static void sort_files(struct history *history, struct source *sources)
{
	struct {
		struct history_file file;
		struct source source;
	} *pairs = xcalloc(history->count + 1, sizeof(*pairs));
	for (size_t i = 0; i < history->count; i++) {
		pairs[i].file = history->files[i];
		pairs[i].source = sources[i];
	}
	/* compare_order looks only at the file, the first member of each pair. */
	qsort(pairs, history->count, sizeof(*pairs), compare_order);
	history->readable = 0;
	for (size_t i = 0; i < history->count; i++) {
		history->files[i] = pairs[i].file;
		sources[i] = pairs[i].source;
		history->readable += history->files[i].readable;
	}
	free(pairs);
}

static int copy_line(FILE *out, const struct source *source)
{
	if (fseek(source->from, source->offset, SEEK_SET) != 0)
		return -1;
	int c;
	while ((c = getc(source->from)) != EOF) {
		putc(c, out);
		if (c == '\n')
			return 0;
	}
	return -1;
}

/*
 * Writes the index of `history->files` from their sources, saved in the
 * folder when it can be, else into a temporary file, and makes it the one
 * history_read reads.
 */
static int write_index(struct history *history, const struct source *sources,
		       struct diag_list *diags)
{
	char *path = xasprintf("%s/%s", history->dir, HISTORY_INDEX_NAME);
	struct atomic_file saved;
	FILE *out = NULL;
	bool saving = atomic_file_open(&saved, path) == 0;
	if (saving) {
		out = saved.stream;
	} else {
		diag_warning(diags, path, 0, 0, "history.index-unsaved",
			     "cannot save the history index (%s); the next run reads the new "
			     "assessments again",
			     strerror(errno));
		out = tmpfile();
	}
	int result = -1;
	if (!out)
		goto out;
	fputs(INDEX_HEADER, out);
	long *offsets = xcalloc(history->count + 1, sizeof(*offsets));
	for (size_t i = 0; i < history->count; i++) {
		offsets[i] = -1;
		if (!sources[i].from)
			continue;
		offsets[i] = ftell(out);
		if (copy_line(out, &sources[i]) < 0)
			offsets[i] = -1;
	}
	if (saving) {
		/* Commit, then read back the file now in place. */
		out = NULL;
		if (atomic_file_commit(&saved) == 0)
			out = fopen(path, "rb");
	} else if (fflush(out) != 0 || ferror(out)) {
		fclose(out);
		out = NULL;
	}
	if (!out) {
		diag_error(diags, path, 0, 0, "history.unwritable",
			   "cannot write the history index: %s", strerror(errno));
		free(offsets);
		goto out;
	}
	for (size_t i = 0; i < history->count; i++)
		history->files[i].offset = offsets[i];
	free(offsets);
	if (history->index)
		fclose(history->index);
	history->index = out;
	result = 0;
out:
	free(path);
	return result;
}

int history_open(struct history *history, const char *dir, struct diag_list *diags)
{
	memset(history, 0, sizeof(*history));
	history->dir = xstrdup(dir);
	size_t length = strlen(history->dir);
	while (length > 1 && history->dir[length - 1] == '/')
		history->dir[--length] = '\0';
	if (list_files(history, diags) < 0)
		return -1;
	struct opening opening = {.history = history, .diags = diags};
	opening.sources = xcalloc(history->count + 1, sizeof(*opening.sources));
	read_old_index(&opening);
	for (size_t i = 0; i < history->count; i++)
		if (!opening.sources[i].from)
			index_file(&opening, i);
	sort_files(history, opening.sources);
	int result = 0;
	if (opening.fresh) {
		for (size_t i = 0; i < history->count; i++)
			history->files[i].offset =
				opening.sources[i].from ? opening.sources[i].offset : -1;
		history->index = opening.old_index;
		opening.old_index = NULL;
	} else {
		result = write_index(history, opening.sources, diags);
	}
	if (opening.old_index)
		fclose(opening.old_index);
	if (opening.spool)
		fclose(opening.spool);
	free(opening.sources);
	return result;
}

void history_close(struct history *history)
{
	for (size_t i = 0; i < history->count; i++)
		free(history->files[i].name);
	free(history->files);
	if (history->index)
		fclose(history->index);
	free(history->dir);
	memset(history, 0, sizeof(*history));
}

long history_find(const struct history *history, const char *name)
{
	for (size_t i = 0; i < history->readable; i++)
		if (!strcmp(history->files[i].name, name))
			return (long)i;
	return -1;
}

long history_find_copy(const struct history *history, const char *path, const char *date)
{
	unsigned char digest[SHA256_DIGEST_SIZE], other[SHA256_DIGEST_SIZE];
	char name[HISTORY_NAME_SIZE];
	struct stat self;
	if (hash_file(path, digest) < 0 || stat(path, &self) < 0)
		return -1;
	history_file_name(date, digest, name);
	long found = history_find(history, name);
	/* Not under the name srgap stores it by (copied in by hand): the same bytes of that date.
	 */
	for (size_t i = 0; found < 0 && i < history->readable; i++) {
		const struct history_file *file = &history->files[i];
		if (strcmp(file->date, date) || file->size != (long long)self.st_size)
			continue;
		char *candidate = xasprintf("%s/%s", history->dir, file->name);
		if (hash_file(candidate, other) == 0 && !memcmp(digest, other, sizeof(other)))
			found = (long)i;
		free(candidate);
	}
	return found;
}

/* ------------------------------------------------------------------ reading */

static bool read_summary(const json_t *array, size_t at, struct saved_summary *summary)
{
	unsigned long values[5];
	for (size_t i = 0; i < 5; i++) {
		const json_t *value = json_array_get(array, at + i);
		if (!json_is_integer(value) || json_integer_value(value) < 0 ||
		    json_integer_value(value) > ASSESSMENT_MAX_INTEGER)
			return false;
		values[i] = (unsigned long)json_integer_value(value);
	}
	if (values[2] > 1000)
		return false;
	*summary = (struct saved_summary){.cells = values[0],
					  .customer_share = values[1],
					  .coverage_permille = (unsigned)values[2],
					  .risk = values[3],
					  .open = values[4]};
	return true;
}

static const char *copy_string(struct arena *arena, const json_t *value)
{
	return json_is_string(value) ? arena_strdup(arena, json_string_value(value)) : NULL;
}

/* Strings of a JSON array into the arena; NULL when it is not an array of strings. */
static const char **copy_strings(struct arena *arena, const json_t *array, size_t *count)
{
	if (!json_is_array(array))
		return NULL;
	*count = json_array_size(array);
	const char **strings = arena_alloc_array(arena, *count + 1, sizeof(*strings));
	for (size_t i = 0; i < *count; i++)
		if (!(strings[i] = copy_string(arena, json_array_get(array, i))))
			return NULL;
	return strings;
}

static bool read_environment(struct saved_assessment *assessment, const json_t *item,
			     const char **controls, size_t control_count, const char **words,
			     size_t word_count, struct saved_environment *environment)
{
	struct arena *arena = &assessment->arena;
	if (!json_is_array(item) || json_array_size(item) < 10)
		return false;
	environment->name = copy_string(arena, json_array_get(item, 0));
	environment->provider = copy_string(arena, json_array_get(item, 1));
	environment->service = copy_string(arena, json_array_get(item, 2));
	environment->registry = copy_string(arena, json_array_get(item, 3));
	environment->criticality = "";
	const char *letters = json_string_value(json_array_get(item, 9));
	if (!environment->name || !environment->provider || !environment->service ||
	    !environment->registry || !letters || !read_summary(item, 4, &environment->summary))
		return false;
	if (json_array_size(item) > 10 &&
	    !(controls = copy_strings(arena, json_array_get(item, 10), &control_count)))
		return false;
	if (strlen(letters) != control_count)
		return false;
	environment->cell_count = control_count;
	environment->cells = arena_alloc_array(arena, control_count, sizeof(*environment->cells));
	for (size_t c = 0; c < control_count; c++) {
		size_t word = (size_t)(unsigned char)letters[c] - 'a';
		if (letters[c] < 'a' || word >= word_count)
			return false;
		environment->cells[c] = (struct saved_cell){.control = controls[c],
							    .title = "",
							    .responsibility = "",
							    .status = words[word],
							    .severity = ""};
	}
	return true;
}

static bool read_entry(struct saved_assessment *assessment, const json_t *json)
{
	struct arena *arena = &assessment->arena;
	size_t word_count = 0, control_count = 0;
	const char **words = copy_strings(arena, json_object_get(json, "statuses"), &word_count);
	const char **controls =
		copy_strings(arena, json_object_get(json, "controls"), &control_count);
	const json_t *environments = json_object_get(json, "environments");
	const char *organization = json_string_value(json_object_get(json, "organization"));
	const char *generator = json_string_value(json_object_get(json, "generator"));
	if (!words || !controls || !json_is_array(environments) || !organization || !generator ||
	    !read_summary(json_object_get(json, "summary"), 0, &assessment->summary))
		return false;
	assessment->organization = arena_strdup(arena, organization);
	assessment->generator = arena_strdup(arena, generator);
	assessment->environment_count = json_array_size(environments);
	assessment->environments = arena_alloc_array(arena, assessment->environment_count,
						     sizeof(*assessment->environments));
	for (size_t e = 0; e < assessment->environment_count; e++)
		if (!read_environment(assessment, json_array_get(environments, e), controls,
				      control_count, words, word_count,
				      &assessment->environments[e]))
			return false;
	return true;
}

int history_read(struct history *history, size_t index, struct saved_assessment *assessment,
		 struct diag_list *diags)
{
	const struct history_file *file = &history->files[index];
	char *path = xasprintf("%s/%s", history->dir, file->name);
	char *line = NULL;
	size_t capacity = 0;
	ssize_t length = -1;
	if (file->offset >= 0 && fseek(history->index, file->offset, SEEK_SET) == 0)
		length = getline(&line, &capacity, history->index);
	struct line_head head;
	json_t *json = NULL;
	if (length > 0 && line[length - 1] == '\n' && parse_head(line, (size_t)length - 1, &head) &&
	    !strcmp(head.name, file->name))
		json = json_loadb(head.json, head.json_length, 0, NULL);
	memset(assessment, 0, sizeof(*assessment));
	arena_init(&assessment->arena);
	assessment->path = arena_strdup(&assessment->arena, path);
	assessment->date = arena_strdup(&assessment->arena, file->date);
	assessment->catalog_version = "";
	bool ok = json && read_entry(assessment, json);
	json_decref(json);
	free(line);
	int result = 0;
	if (!ok) {
		/* A damaged index line: the file itself says the same, only slower. */
		assessment_json_release(assessment);
		result = assessment_json_load(assessment, path, diags);
	}
	free(path);
	return result;
}

/* ------------------------------------------------------------------ pruning */

long history_prune(struct history *history, size_t keep, struct diag_list *diags)
{
	if (history->readable <= keep)
		return 0;
	size_t doomed = history->readable - keep;
	for (size_t i = 0; i < doomed; i++) {
		char *path = xasprintf("%s/%s", history->dir, history->files[i].name);
		int removed = unlink(path);
		if (removed != 0 && errno != ENOENT) {
			diag_error(diags, path, 0, 0, "history.unwritable", "cannot delete: %s",
				   strerror(errno));
			free(path);
			return -1;
		}
		free(path);
	}
	struct source *sources = xcalloc(history->count + 1, sizeof(*sources));
	for (size_t i = doomed; i < history->count; i++) {
		const struct history_file *file = &history->files[i];
		if (file->offset >= 0)
			sources[i - doomed] = (struct source){history->index, file->offset};
	}
	for (size_t i = 0; i < doomed; i++)
		free(history->files[i].name);
	memmove(history->files, history->files + doomed,
		(history->count - doomed) * sizeof(*history->files));
	history->count -= doomed;
	history->readable -= doomed;
	int written = write_index(history, sources, diags);
	free(sources);
	return written < 0 ? -1 : (long)doomed;
}
