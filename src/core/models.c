/*
 * Finds and loads the data files. Provider files are read in name order and
 * kept sorted by provider id, so every listing and output is deterministic.
 */
#include "core/models.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/inventory.h"
#include "util/diag.h"
#include "util/xalloc.h"

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int compare_providers(const void *a, const void *b)
{
	const struct provider *x = a, *y = b;
	return strcmp(x->id, y->id);
}

int models_load(struct models *models, const char *data_dir, struct diag_list *diags)
{
	memset(models, 0, sizeof(*models));
	models->data_dir = xstrdup(data_dir);
	size_t errors_before = diag_error_count(diags);
	char **names = NULL;
	size_t name_count = 0, name_capacity = 0;
	char *catalog_path = xasprintf("%s/models/nist-sp800-190.yaml", data_dir);
	char *providers_dir = xasprintf("%s/providers", data_dir);
	DIR *dir = NULL;

	if (catalog_load(&models->catalog, catalog_path, diags) < 0)
		goto out;
	dir = opendir(providers_dir);
	if (!dir) {
		diag_error(diags, providers_dir, 0, 0, "models.unreadable", "cannot open: %s",
			   strerror(errno));
		goto out;
	}
	struct dirent *dirent;
	while ((dirent = readdir(dir))) {
		size_t length = strlen(dirent->d_name);
		if (dirent->d_name[0] == '.' || length < 6 ||
		    strcmp(dirent->d_name + length - 5, ".yaml"))
			continue;
		names = xgrow(names, &name_capacity, name_count + 1, sizeof(*names));
		names[name_count++] = xstrdup(dirent->d_name);
	}
	qsort(names, name_count, sizeof(*names), compare_names);
	models->providers = xcalloc(name_count, sizeof(*models->providers));
	for (size_t i = 0; i < name_count; i++) {
		char *path = xasprintf("%s/%s", providers_dir, names[i]);
		struct provider *provider = &models->providers[models->provider_count];
		if (provider_load(provider, path, &models->catalog, diags) == 0) {
			if (models_find_provider(models, provider->id)) {
				diag_error(diags, path, 0, 0, "models.duplicate-provider",
					   "provider '%s' is defined twice", provider->id);
				provider_release(provider);
			} else {
				models->provider_count++;
			}
		} else {
			provider_release(provider);
		}
		free(path);
	}
	if (!models->provider_count && diag_error_count(diags) == errors_before)
		diag_error(diags, providers_dir, 0, 0, "models.no-providers",
			   "no provider models (*.yaml) found");
	qsort(models->providers, models->provider_count, sizeof(*models->providers),
	      compare_providers);
	/* Sorting moved the provider structs; their services and capabilities point back. */
	for (size_t p = 0; p < models->provider_count; p++) {
		struct provider *provider = &models->providers[p];
		for (size_t s = 0; s < provider->service_count; s++)
			provider->services[s].provider = provider;
		for (size_t c = 0; c < provider->capability_count; c++)
			provider->capabilities[c].provider = provider;
	}
out:
	if (dir)
		closedir(dir);
	for (size_t i = 0; i < name_count; i++)
		free(names[i]);
	free(names);
	free(catalog_path);
	free(providers_dir);
	return diag_error_count(diags) > errors_before ? -1 : 0;
}

void models_release(struct models *models)
{
	for (size_t i = 0; i < models->provider_count; i++)
		provider_release(&models->providers[i]);
	free(models->providers);
	catalog_release(&models->catalog);
	free(models->data_dir);
	memset(models, 0, sizeof(*models));
}

const struct provider *models_find_provider(const struct models *models, const char *id)
{
	for (size_t i = 0; i < models->provider_count; i++)
		if (!strcmp(models->providers[i].id, id))
			return &models->providers[i];
	return NULL;
}

const struct service *models_find_service_path(const struct models *models, const char *path)
{
	const char *slash = strchr(path, '/');
	if (!slash)
		return NULL;
	char *provider_id = xstrndup(path, (size_t)(slash - path));
	const struct provider *provider = models_find_provider(models, provider_id);
	free(provider_id);
	return provider ? provider_find_service(provider, slash + 1) : NULL;
}

void models_warn_stale(const struct models *models, const struct inventory *inventory,
		       struct diag_list *diags)
{
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		bool used = false;
		for (size_t e = 0; e < inventory->environment_count && !used; e++) {
			const struct environment *environment = &inventory->environments[e];
			used = (environment->service &&
				environment->service->provider == provider) ||
			       (environment->registry &&
				environment->registry->provider == provider);
		}
		if (!used || !provider_is_stale(provider, inventory->date_day))
			continue;
		diag_warning(diags, provider->path, provider->reviewed_line,
			     provider->reviewed_column, "model.stale",
			     "the %s model was last reviewed %s, %ld days before the assessment "
			     "date %s (more than %d): its facts may no longer match the "
			     "provider's documentation; review it and update 'reviewed'",
			     provider->id, provider->reviewed,
			     inventory->date_day - provider->reviewed_day, inventory->date,
			     PROVIDER_STALE_DAYS);
	}
}
