/*
 * What `srgap probe` prints: each result as it is found (table, JSON or
 * JSON Lines), then what only the end of a run knows (files read,
 * unrecognized files, totals). Nothing is kept per result, so a 40,000-pod
 * dump is printed in the memory of one pod. docs/probes.md describes the
 * formats.
 */
#ifndef SRGAP_RENDER_PROBE_OUTPUT_H
#define SRGAP_RENDER_PROBE_OUTPUT_H

#include <stdio.h>

#include "core/probe_results.h"

enum probe_output_format { PROBE_OUTPUT_TABLE, PROBE_OUTPUT_JSON, PROBE_OUTPUT_JSONL };

struct probe_output;

/* "table", "json" or "jsonl"; returns 0, or -1 for any other name. */
int probe_output_parse_format(const char *name, enum probe_output_format *format);
/* Writes to `out` (borrowed); nothing is written before the first result or the end. */
struct probe_output *probe_output_new(FILE *out, enum probe_output_format format);
/* The sink that writes each result as it arrives (valid while the output lives). */
const struct probe_sink *probe_output_sink(struct probe_output *output);
/*
 * Writes the end of the output from `results` (files read, unrecognized
 * files, outcome totals). Returns 0, or -1 when a write failed at any point
 * (errno says why).
 */
int probe_output_finish(struct probe_output *output, const struct probe_results *results);
void probe_output_free(struct probe_output *output);

#endif
