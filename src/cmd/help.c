/* `srgap help [COMMAND]` and `srgap version`. */
#include <string.h>

#include "cmd/cmd.h"
#include "util/version.h"

void print_overview(FILE *out);

void print_overview(FILE *out)
{
	fputs("usage: srgap [--data-dir DIR] COMMAND [ARGS]\n"
	      "       srgap --version | --help\n"
	      "\n"
	      "Shared-responsibility gap assessment for container security (NIST SP 800-190)\n"
	      "on AWS, Azure, GCP and self-managed platforms.\n"
	      "\n"
	      "commands:\n",
	      out);
	for (size_t i = 0; commands[i]; i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\n'srgap help COMMAND' or 'srgap COMMAND --help' shows a command's options.\n", out);
}

static int cmd_help(int argc, char **argv, struct app *app)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_overview(stdout);
		return EXIT_OK;
	}
	const struct command *command = command_find(argv[1]);
	if (!command) {
		fprintf(stderr, "srgap help: unknown command '%s'\n", argv[1]);
		return EXIT_INPUT;
	}
	return app_help(command);
}

static int cmd_version(int argc, char **argv, struct app *app)
{
	printf("srgap %s\n", srgap_version());
	return EXIT_OK;
}

const struct command command_help = {
	.name = "help",
	.summary = "show help for srgap or for one command",
	.usage = "usage: srgap help [COMMAND]\n",
	.run = cmd_help,
};

const struct command command_version = {
	.name = "version",
	.summary = "print the version",
	.usage = "usage: srgap version   (or srgap --version)\n",
	.run = cmd_version,
};
