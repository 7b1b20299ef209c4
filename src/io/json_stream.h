/*
 * Reading evidence JSON with bounded memory. A file is delivered to the
 * caller as one or more documents:
 *   - a top-level array: each element, pointer "/N";
 *   - a top-level object with an "items" array (a Kubernetes List, `kubectl
 *     get -o json`): each item, pointer "/items/N";
 *   - anything else: the whole document, pointer "".
 * Elements are cut out of a sliding read buffer and decoded one at a time,
 * so a 500 MB pod list needs memory for its largest item, not the file.
 */
#ifndef SRGAP_IO_JSON_STREAM_H
#define SRGAP_IO_JSON_STREAM_H

#include <jansson.h>
#include <stddef.h>

struct diag_list;

struct json_stream_document {
	const char *file;    /* the path, or "PATH (document N)" for the Nth YAML document */
	const char *pointer; /* RFC 6901 pointer of this document in the file */
	json_t *root;	     /* borrowed for the duration of the callback */
	int line;	     /* 1-based line where the document starts */
};

/* Return non-zero to stop reading. */
typedef int json_stream_fn(void *context, const struct json_stream_document *document);

/*
 * Reads `path`, calling `visit` per document. Returns 0, or -1 after adding
 * a diagnostic (`code_prefix`.json-syntax with the absolute line:column,
 * `code_prefix`.unreadable); documents before a syntax error have been
 * delivered. Stops early (returning 0) when `visit` returns non-zero.
 */
int json_stream_file(const char *path, const char *code_prefix, json_stream_fn *visit,
		     void *context, struct diag_list *diags);

/* True if the file's first non-blank byte is '{' or '['. */
int json_stream_looks_like_json(const char *path);

#endif
