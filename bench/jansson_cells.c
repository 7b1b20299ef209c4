/*
 * Baseline for bench/assess.sh: how long jansson alone takes to build and
 * serialize N cells shaped like srgap's assessment cells, with no YAML, no
 * models and no engine. srgap's own time is reported as a ratio to this.
 *
 * usage: jansson_cells CELLS > /dev/null
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long cells = argc > 1 ? atol(argv[1]) : 760000;
	fputs("[", stdout);
	for (long i = 0; i < cells; i++) {
		json_t *cell = json_object();
		json_object_set_new(cell, "control", json_string("4.1.1a"));
		json_object_set_new(cell, "group", json_string("4.1.1"));
		json_object_set_new(cell, "area", json_string("image"));
		json_object_set_new(cell, "phase", json_string("build"));
		json_object_set_new(
			cell, "title",
			json_string("Scan images for vulnerabilities in the build pipeline"));
		json_object_set_new(cell, "responsibility", json_string("customer"));
		json_object_set_new(cell, "status", json_string("gap"));
		json_object_set_new(cell, "severity", json_string("high"));
		json_object_set_new(cell, "risk", json_integer(i % 100));
		json_object_set_new(cell, "claim", json_null());
		json_object_set_new(cell, "probes", json_array());
		json_object_set_new(cell, "exception", json_null());
		json_t *capabilities = json_array();
		json_array_append_new(capabilities, json_string("ecr-enhanced-scanning"));
		json_object_set_new(cell, "capabilities", capabilities);
		if (i)
			fputs(",\n", stdout);
		json_dumpf(cell, stdout, JSON_PRESERVE_ORDER);
		json_decref(cell);
	}
	fputs("]\n", stdout);
	return 0;
}
