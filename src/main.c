/*
 * srgap's entry point: global options, then dispatch through the command
 * table. Everything else lives in src/cmd/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "util/suggest.h"

void print_overview(FILE *out);

int main(int argc, char **argv)
{
	struct app app = {0};
	int first = 1;
	while (first < argc && argv[first][0] == '-') {
		const char *arg = argv[first];
		if (!strcmp(arg, "--version"))
			return command_version.run(1, argv, &app);
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			print_overview(stdout);
			return EXIT_OK;
		}
		if (!strcmp(arg, "--data-dir") && first + 1 < argc) {
			app.data_dir_option = argv[first + 1];
			first += 2;
			continue;
		}
		if (!strncmp(arg, "--data-dir=", 11)) {
			app.data_dir_option = arg + 11;
			first++;
			continue;
		}
		fprintf(stderr, "srgap: unknown option '%s'\n", arg);
		return EXIT_INPUT;
	}
	if (first >= argc) {
		print_overview(stderr);
		return EXIT_INPUT;
	}
	const struct command *command = command_find(argv[first]);
	if (!command) {
		struct suggest suggest;
		suggest_init(&suggest, argv[first]);
		for (size_t i = 0; commands[i]; i++)
			suggest_offer(&suggest, commands[i]->name);
		fprintf(stderr, "srgap: unknown command '%s'%s%s%s; see 'srgap help'\n",
			argv[first], suggest.best ? " (did you mean '" : "",
			suggest.best ? suggest.best : "", suggest.best ? "'?)" : "");
		return EXIT_INPUT;
	}
	int status = command->run(argc - first, argv + first, &app);
	app_release(&app);
	return status;
}
