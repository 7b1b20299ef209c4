/*
 * YAML documents as a small tree of scalars, sequences and mappings, each
 * node carrying its 1-based line and column. Every srgap YAML file (catalog,
 * provider models, inventories) is read through this, so marks, limits and
 * hostile-input rules live in one place: no aliases, no duplicate keys,
 * bounded nesting and size.
 *
 * Nodes are allocated in the caller's arena and live as long as it does.
 */
#ifndef SRGAP_IO_YAML_TREE_H
#define SRGAP_IO_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag_list;

enum ynode_kind {
	YNODE_SCALAR,
	YNODE_SEQUENCE,
	YNODE_MAPPING,
};

struct ynode {
	enum ynode_kind kind;
	int line;   /* 1-based */
	int column; /* 1-based */
	/* scalars */
	const char *value; /* NUL-terminated */
	bool plain;	   /* not quoted: `~`, `null` and empty mean "no value" */
	/* sequences: items[0..count); mappings: keys[i] -> items[i] */
	size_t count;
	struct ynode **items;
	struct ynode **keys;
};

/* Largest YAML file srgap reads. */
#define YAML_TREE_MAX_BYTES (256u * 1024 * 1024)
#define YAML_TREE_MAX_DEPTH 64

/*
 * Parses `path` (one YAML document). Returns the root, or NULL with
 * diagnostics added (an empty file is an error too). `code_prefix` names
 * the kind of file in diagnostic codes, e.g. "inventory" -> "inventory.yaml-syntax".
 */
struct ynode *yaml_tree_load_file(struct arena *arena, const char *path, const char *code_prefix,
				  struct diag_list *diags);
/* The same, and the SHA-256 of the file's bytes into digest[SHA256_DIGEST_SIZE] (if not NULL). */
struct ynode *yaml_tree_load_file_digest(struct arena *arena, const char *path,
					 const char *code_prefix, struct diag_list *diags,
					 unsigned char *digest);
struct ynode *yaml_tree_load_buffer(struct arena *arena, const char *data, size_t length,
				    const char *file_name, const char *code_prefix,
				    struct diag_list *diags);

const char *ynode_kind_name(enum ynode_kind kind);
/* Value of `key` in a mapping, or NULL. */
struct ynode *ynode_get(const struct ynode *mapping, const char *key);
/* A plain `~`, `null`, `Null`, `NULL` or empty scalar. */
bool ynode_is_null(const struct ynode *node);

/*
 * Reading user files with diagnostics. A reader pairs the file name with the
 * diagnostic list and the code prefix; every helper adds a diagnostic for a
 * problem and returns NULL or -1.
 */
struct yreader {
	const char *file;
	const char *code_prefix;
	struct diag_list *diags;
};

int yreader_error(const struct yreader *reader, const struct ynode *node, const char *code,
		  const char *format, ...) __attribute__((format(printf, 4, 5)));
void yreader_warning(const struct yreader *reader, const struct ynode *node, const char *code,
		     const char *format, ...) __attribute__((format(printf, 4, 5)));
/* Checks node kind; `what` names the thing for the message ("environment"). */
int yreader_expect(const struct yreader *reader, const struct ynode *node, enum ynode_kind kind,
		   const char *what);
/* Reports keys of `mapping` not in `allowed` (with did-you-mean). Returns -1 if any. */
int yreader_check_keys(const struct yreader *reader, const struct ynode *mapping,
		       const char *const *allowed, size_t allowed_count, const char *what);
/*
 * The scalar text of `key`; NULL if absent (reported when `required`) or not
 * a scalar (always reported).
 */
const char *yreader_string(const struct yreader *reader, const struct ynode *mapping,
			   const char *key, bool required, const char *what);
/*
 * Index of the scalar `node` in `names` (exact match), or -1 after reporting
 * "unknown WHAT 'x' (did you mean 'y'?); expected one of a, b, c".
 */
int yreader_enum(const struct yreader *reader, const struct ynode *node, const char *const *names,
		 size_t count, const char *what);

#endif
