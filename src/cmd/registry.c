/* The table of subcommands, sorted by name; see cmd.h for how to add one. */
#include <string.h>

#include "cmd/cmd.h"

const struct command *const commands[] = {
	&command_assess,
	&command_compare,
	&command_diff,
	&command_explain,
	&command_help,
	&command_init,
	&command_merge,
	&command_models,
	&command_probe,
	&command_report,
	&command_schema,
	&command_trend,
	&command_validate,
	&command_version,
	&command_vulns,
	&command_whatif,
	NULL,
};

const struct command *command_find(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}
