/*
 * A history folder: the assessments `srgap assess --history DIR` stored
 * over time, and an index beside them that `srgap trend` and the reports'
 * Progress section read instead of the assessments themselves.
 *
 *   DIR/2026-11-15-9f86d081884c7d65.json   an assessment (assessment/2), named
 *                                          after its date and the first 16 hex
 *                                          digits of the SHA-256 of its bytes
 *   DIR/.srgap-index                       one line per *.json file: its name,
 *                                          size, modification time, date, and
 *                                          the summaries and cell statuses of
 *                                          every environment (or why the file
 *                                          cannot be read)
 *
 * The index is a cache: it is rebuilt, file by file, for files that are new
 * or changed since it was written, and may be deleted at any time. Every
 * *.json file in DIR counts; one that is not a readable assessment is
 * skipped with a warning, never deleted. Reading a history needs memory for
 * one index line, not for the files or their number.
 */
#ifndef SRGAP_IO_HISTORY_H
#define SRGAP_IO_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "io/assessment_json.h"
#include "util/atomic_file.h"

struct diag_list;

#define HISTORY_INDEX_NAME  ".srgap-index"
#define HISTORY_HASH_DIGITS 16

/* ------------------------------------------------------------------ storing */

struct history_store {
	struct atomic_file file;
	char *dir;
};

/*
 * Creates DIR (and missing parents) and opens a temporary file in it; write
 * the assessment's JSON to store->file.stream. Returns 0, or -1 with a
 * diagnostic [history.unwritable].
 */
int history_store_begin(struct history_store *store, const char *dir, struct diag_list *diags);
/*
 * Names the written file after `date` (YYYY-MM-DD) and its content hash and
 * moves it into place; when a file of that name exists it holds the same
 * bytes, and the new copy is dropped, so a re-run with the same result
 * stores nothing new. *name (may be NULL) receives the file name, which the
 * caller frees. Returns 0, or -1 with a diagnostic; the store is released
 * either way.
 */
int history_store_commit(struct history_store *store, const char *date, char **name,
			 struct diag_list *diags);
/* Discards the temporary file; safe after commit. */
void history_store_abort(struct history_store *store);

/* ------------------------------------------------------------------ reading */

/* One *.json file of the folder. */
struct history_file {
	char *name;
	long long size;
	long long modified; /* nanoseconds since the epoch */
	long day;	    /* the assessment's date, days since 1970-01-01 */
	char date[11];	    /* the same as YYYY-MM-DD */
	bool readable;
	long offset; /* of its line in history->index; -1: not indexed */
};

struct history {
	char *dir;
	/*
	 * Readable files first, oldest first: by date, then by modification
	 * time (two runs of one day), then by name; then the unreadable ones.
	 */
	struct history_file *files;
	size_t count;
	size_t readable; /* files[0 .. readable) */
	FILE *index;	 /* the fresh index every readable file's offset points into */
};

/*
 * Lists DIR's *.json files and brings the index up to date: files new or
 * changed since it was written are read (assessment_json_load) and their
 * lines added, lines of files that are gone are dropped. Each unreadable
 * file is a warning naming it [history.skipped]. When the index cannot be
 * saved (a read-only folder), a temporary copy is used and a warning says
 * so [history.index-unsaved]. Returns 0, or -1 when DIR cannot be read
 * [history.unreadable]; close the history either way.
 */
int history_open(struct history *history, const char *dir, struct diag_list *diags);
void history_close(struct history *history);

/*
 * Reads readable file `index` from the index into `assessment`: the date,
 * organization and generator, the estate's and every environment's
 * summary, and cells with their control and status only (title, severity
 * and risk are empty). Falls back to the file itself when its index line
 * is damaged. Returns 0, or -1 with a diagnostic; release the assessment
 * with assessment_json_release either way.
 */
int history_read(struct history *history, size_t index, struct saved_assessment *assessment,
		 struct diag_list *diags);

/* The readable file `name`, or -1. */
long history_find(const struct history *history, const char *name);
/*
 * The readable file that holds the same bytes as the assessment at `path`
 * (of assessment date `date`): the one named as it would be stored, or
 * another of that date and content; or -1.
 */
long history_find_copy(const struct history *history, const char *path, const char *date);

/*
 * Deletes the oldest readable files beyond the newest `keep` and updates
 * the index; unreadable files are never deleted. Returns how many files
 * were deleted, or -1 with a diagnostic.
 */
long history_prune(struct history *history, size_t keep, struct diag_list *diags);

/* "2026-11-15-9f86d081884c7d65.json" for a date and a SHA-256 digest. */
#define HISTORY_NAME_SIZE 40
void history_file_name(const char *date, const unsigned char digest[32],
		       char name[HISTORY_NAME_SIZE]);

#endif
