/*
 * Everything srgap knows before reading an inventory: the catalog and every
 * provider model, loaded once from the data directory.
 */
#ifndef SRGAP_CORE_MODELS_H
#define SRGAP_CORE_MODELS_H

#include <stddef.h>

#include "core/catalog.h"
#include "core/provider.h"

struct diag_list;

struct models {
	char *data_dir; /* owned */
	struct catalog catalog;
	struct provider *providers; /* owned array, sorted by id */
	size_t provider_count;
};

/* Loads DATA_DIR/models/nist-sp800-190.yaml and every DATA_DIR/providers/NAME.yaml. */
int models_load(struct models *models, const char *data_dir, struct diag_list *diags);
void models_release(struct models *models);

const struct provider *models_find_provider(const struct models *models, const char *id);
/* Finds "PROVIDER/SERVICE"; returns NULL if either part is unknown. */
const struct service *models_find_service_path(const struct models *models, const char *path);

struct inventory;

/*
 * Warns once per provider model the inventory uses (compute or registry)
 * that is stale on the assessment date (provider_is_stale), at the model's
 * `reviewed:` line, code model.stale.
 */
void models_warn_stale(const struct models *models, const struct inventory *inventory,
		       struct diag_list *diags);

#endif
