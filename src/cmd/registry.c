/* The table of subcommands, sorted by name; see cmd.h for how to add one. */
#include <string.h>

#include "cmd/cmd.h"

const struct command *const commands[] = {
	&command_assess, &command_explain, &command_help,
	&command_models, &command_probe, &command_validate, &command_version,
	NULL,
};

const struct command *command_find(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}
