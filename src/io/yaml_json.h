/*
 * YAML evidence (Kubernetes manifests, `kubectl get -o yaml`) decoded into
 * the same json_t documents as JSON evidence, so probes see one shape.
 * Every YAML document of a multi-document file is delivered; a List's items
 * are delivered one by one with pointer "/items/N".
 */
#ifndef SRGAP_IO_YAML_JSON_H
#define SRGAP_IO_YAML_JSON_H

#include "io/json_stream.h"

/* Same contract as json_stream_file; diagnostics use `code_prefix`.yaml-syntax. */
int yaml_json_file(const char *path, const char *code_prefix, json_stream_fn *visit, void *context,
		   struct diag_list *diags);

#endif
