/* The table of output formats; see render.h for how to add one. */
#include <stdio.h>
#include <string.h>

#include "core/provider.h"
#include "render/render.h"

const struct renderer *const render_formats[] = {
	&render_csv,
	&render_json,
	&render_table,
	NULL,
};

const struct renderer *render_find(const char *name)
{
	for (size_t i = 0; render_formats[i]; i++)
		if (!strcmp(render_formats[i]->name, name))
			return render_formats[i];
	return NULL;
}

const char *render_service_path(const struct service *service, char *buffer, size_t size)
{
	snprintf(buffer, size, "%s/%s", service->provider->id, service->id);
	return buffer;
}

void render_percent(unsigned permille, char *buffer, size_t size)
{
	snprintf(buffer, size, "%u.%u", permille / 10, permille % 10);
}
