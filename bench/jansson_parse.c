/*
 * The baseline of bench/k8s.sh: a bare jansson parse of a whole file
 * (json_load_file, then free), with the flags srgap's evidence reader uses.
 * Whatever srgap does on top of parsing is measured against this.
 *
 * usage: jansson_parse FILE
 */
#include <jansson.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: jansson_parse FILE\n");
		return 2;
	}
	json_error_t error;
	json_t *root = json_load_file(argv[1], JSON_DECODE_ANY | JSON_ALLOW_NUL, &error);
	if (!root) {
		fprintf(stderr, "%s:%d:%d: %s\n", argv[1], error.line, error.column, error.text);
		return 1;
	}
	json_decref(root);
	return 0;
}
