/*
 * The inventory's JSON Schema (draft 2020-12), generated from the loaded
 * catalog and provider models so that YAML editors complete and check
 * provider, service, registry, control and capability names as people type.
 * `srgap schema` writes it; `srgap init` points new inventories at it.
 */
#ifndef SRGAP_RENDER_SCHEMA_H
#define SRGAP_RENDER_SCHEMA_H

#include <stdio.h>

struct models;

/* Writes the schema; byte-identical for the same models. Returns 0 or -1. */
int render_inventory_schema(FILE *out, const struct models *models);

#endif
