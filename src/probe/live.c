/*
 * Live mode: plans the CLI commands an environment needs, runs each through
 * spawn_run (argv, no shell, timeout, output cap), saves what it printed to
 * a file in a private temporary folder and probes that file like evidence,
 * reporting the command line as its location. Failures become one `error`
 * result per command, attached to the controls of the probes that command
 * would have fed. It never interprets provider output itself.
 */
#include "probe/live.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/inventory.h"
#include "core/provider.h"
#include "probe/probe.h"
#include "util/diag.h"
#include "util/spawn.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Results about a command itself (it failed, or printed no JSON), one per CLI. */
static const char *const no_controls[] = {NULL};
static const struct probe live_probes[] = {
	{"live.aws", "the aws CLI printed evidence", "live", no_controls, NULL},
	{"live.az", "the az CLI printed evidence", "live", no_controls, NULL},
	{"live.gcloud", "the gcloud CLI printed evidence", "live", no_controls, NULL},
	{"live.kubectl", "kubectl printed evidence", "live", no_controls, NULL},
};

static const struct probe *live_probe(const char *program)
{
	for (size_t i = 0; i < sizeof(live_probes) / sizeof(live_probes[0]); i++)
		if (!strcmp(live_probes[i].id + 5, program))
			return &live_probes[i];
	return &live_probes[0];
}

static bool starts_with(const char *text, const char *prefix)
{
	return text && !strncmp(text, prefix, strlen(prefix));
}

/* Adds a command; `fields`/`values` are the live fields it needs, in order. */
static void plan_command(struct live_command *commands, size_t *count, const char *prefix,
			 const char *const *fields, const char *const *values, size_t field_count,
			 const char *const *argv)
{
	bool any = false;
	const char *missing = NULL;
	for (size_t i = 0; i < field_count; i++) {
		if (values[i])
			any = true;
		else if (!missing)
			missing = fields[i];
	}
	if (!any || *count >= LIVE_MAX_COMMANDS)
		return;
	struct live_command *command = &commands[(*count)++];
	memset(command, 0, sizeof(*command));
	command->prefix = prefix;
	command->missing = missing;
	for (size_t i = 0; argv[i] && i < LIVE_MAX_ARGS; i++)
		command->argv[i] = argv[i];
}

/* A Google Cloud zone ends in -a, -b, ... after the region's digit: europe-west1-b. */
static bool is_zone(const char *location)
{
	size_t length = location ? strlen(location) : 0;
	return length > 3 && location[length - 2] == '-' && location[length - 1] >= 'a' &&
	       location[length - 1] <= 'z' && location[length - 3] >= '0' &&
	       location[length - 3] <= '9';
}

/*
 * Cloud Run and Artifact Registry live in regions: when `live.location`
 * is a zone, the command just added gets the zone's region instead.
 */
static void use_region(struct live_command *commands, size_t count, size_t before,
		       const char *location)
{
	if (count == before || !is_zone(location))
		return;
	struct live_command *command = &commands[count - 1];
	snprintf(command->region, sizeof(command->region), "%.*s", (int)strlen(location) - 2,
		 location);
	for (size_t i = 0; command->argv[i]; i++)
		if (command->argv[i] == location)
			command->argv[i] = command->region;
}

size_t live_plan(const struct environment *environment,
		 struct live_command commands[LIVE_MAX_COMMANDS])
{
	const struct environment_live *live = environment->live;
	size_t count = 0;
	if (!live)
		return 0;
	const char *provider = environment->provider ? environment->provider->id : "";
	const char *service = environment->service ? environment->service->id : "";
	const struct service *registry = environment->registry;
	const char *registry_provider = registry ? registry->provider->id : "";
	const char *registry_id = registry ? registry->id : "";
	/* Missing values show as <field> in the command line of the error they cause. */
	const char *cluster = live->cluster ? live->cluster : "<cluster>";
	const char *region = live->region ? live->region : "<region>";
	const char *group = live->resource_group ? live->resource_group : "<resource_group>";
	const char *project = live->project ? live->project : "<project>";
	const char *location = live->location ? live->location : "<location>";
	const char *where = is_zone(location) ? "--zone" : "--region";

	if (!strcmp(provider, "aws") && starts_with(service, "eks-")) {
		const char *fields[] = {"cluster", "region"};
		const char *values[] = {live->cluster, live->region};
		const char *argv[] = {"aws",	  "eks",  "describe-cluster", "--name", cluster,
				      "--region", region, "--output",	      "json",	NULL};
		plan_command(commands, &count, "aws.eks.", fields, values, 2, argv);
	}
	if (!strcmp(registry_provider, "aws") && !strcmp(registry_id, "ecr")) {
		const char *fields[] = {"region"};
		const char *values[] = {live->region};
		const char *describe[] = {"aws",      "ecr",  "describe-repositories",
					  "--region", region, "--output",
					  "json",     NULL};
		const char *scanning[] = {"aws",      "ecr",  "get-registry-scanning-configuration",
					  "--region", region, "--output",
					  "json",     NULL};
		plan_command(commands, &count, "aws.ecr.", fields, values, 1, describe);
		plan_command(commands, &count, "aws.ecr.", fields, values, 1, scanning);
	}
	if (!strcmp(provider, "azure") && starts_with(service, "aks")) {
		const char *fields[] = {"resource_group", "cluster"};
		const char *values[] = {live->resource_group, live->cluster};
		const char *argv[] = {"az",   "aks",	"show",	 "--resource-group",
				      group,  "--name", cluster, "--output",
				      "json", NULL};
		plan_command(commands, &count, "azure.aks.", fields, values, 2, argv);
	}
	if (!strcmp(registry_provider, "azure") && !strcmp(registry_id, "acr")) {
		const char *fields[] = {"resource_group"};
		const char *values[] = {live->resource_group};
		const char *argv[] = {"az",  "acr",	 "list", "--resource-group",
				      group, "--output", "json", NULL};
		plan_command(commands, &count, "azure.acr.", fields, values, 1, argv);
	}
	if (!strcmp(provider, "gcp") && starts_with(service, "gke-")) {
		const char *fields[] = {"cluster", "project", "location"};
		const char *values[] = {live->cluster, live->project, live->location};
		const char *argv[] = {"gcloud", "container",	 "clusters", "describe",
				      cluster,	"--project",	 project,    where,
				      location, "--format=json", NULL};
		plan_command(commands, &count, "gcp.gke.", fields, values, 3, argv);
	}
	if (!strcmp(provider, "gcp") && !strcmp(service, "cloud-run")) {
		const char *fields[] = {"project", "location"};
		const char *values[] = {live->project, live->location};
		const char *argv[] = {"gcloud",	       "run",	"services", "list",
				      "--project",     project, "--region", location,
				      "--format=json", NULL};
		size_t before = count;
		plan_command(commands, &count, "gcp.run.", fields, values, 2, argv);
		use_region(commands, count, before, location);
	}
	if (!strcmp(registry_provider, "gcp") && !strcmp(registry_id, "artifact-registry")) {
		const char *fields[] = {"project", "location"};
		const char *values[] = {live->project, live->location};
		const char *argv[] = {"gcloud",	       "artifacts", "repositories", "list",
				      "--project",     project,	    "--location",   location,
				      "--format=json", NULL};
		size_t before = count;
		plan_command(commands, &count, "gcp.ar.", fields, values, 2, argv);
		use_region(commands, count, before, location);
	}
	if (live->context) {
		const char *fields[] = {"context"};
		const char *values[] = {live->context};
		const char *argv[] = {
			"kubectl",
			"--context",
			live->context,
			"get",
			"namespaces,pods,deployments,statefulsets,daemonsets,"
			"replicasets,replicationcontrollers,jobs,cronjobs,podtemplates,"
			"networkpolicies,serviceaccounts,limitranges,clusterroles,roles,"
			"clusterrolebindings,rolebindings",
			"--all-namespaces",
			"--output",
			"json",
			NULL};
		plan_command(commands, &count, "k8s.", fields, values, 1, argv);
		/* The server's version decides which semantics apply (seccomp annotations). */
		const char *version[] = {"kubectl",  "--context", live->context, "version",
					 "--output", "json",	  NULL};
		plan_command(commands, &count, "k8s.", fields, values, 1, version);
	}
	return count;
}

/*
 * The controls of every registered probe the command feeds, so an error
 * lands on the controls it leaves unverified. Allocated in the results'
 * arena, which outlives the result.
 */
static const char *const *command_controls(struct probe_results *results, const char *prefix)
{
	const char *found[128];
	size_t count = 0;
	for (size_t f = 0; probe_families[f]; f++)
		for (size_t p = 0; p < probe_families[f]->probe_count; p++) {
			const struct probe *probe = &probe_families[f]->probes[p];
			if (!starts_with(probe->id, prefix))
				continue;
			for (size_t c = 0; probe->controls[c] && count < 128; c++) {
				bool seen = false;
				for (size_t i = 0; i < count && !seen; i++)
					seen = !strcmp(found[i], probe->controls[c]);
				if (!seen)
					found[count++] = probe->controls[c];
			}
		}
	const char **controls = arena_alloc_array(&results->arena, count + 1, sizeof(*controls));
	memcpy(controls, found, count * sizeof(*controls));
	return controls;
}

/* "aws eks describe-cluster" for subjects: the program and its words up to the first option. */
static void short_name(const struct live_command *command, char *buffer, size_t size)
{
	struct strbuf text;
	strbuf_init(&text);
	for (size_t i = 0; command->argv[i] && command->argv[i][0] != '-' && i < 4; i++)
		strbuf_addf(&text, "%s%s", i ? " " : "", command->argv[i]);
	/* kubectl's --context comes first: name the command by its verb ("kubectl get"). */
	if (!strcmp(command->argv[0], "kubectl") && command->argv[1] &&
	    !strcmp(command->argv[1], "--context") && command->argv[2] && command->argv[3])
		strbuf_addf(&text, " %s", command->argv[3]);
	snprintf(buffer, size, "%s", text.buf);
	strbuf_release(&text);
}

static int write_all(int fd, const char *data, size_t length)
{
	while (length) {
		ssize_t written = write(fd, data, length);
		if (written < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += written;
		length -= (size_t)written;
	}
	return 0;
}

/* Runs one command and probes its output within `run`. */
static void run_command(struct probe_run *run, const struct environment *environment,
			const struct live_command *command, const struct live_options *options,
			const char *folder)
{
	struct probe_results *results = probe_run_results(run);
	const char *program = command->argv[0];
	const struct probe *probe = live_probe(program);
	char name[96], subject[256];
	short_name(command, name, sizeof(name));
	snprintf(subject, sizeof(subject), "environment %s: %s", environment->name, name);
	struct strbuf display;
	strbuf_init(&display);
	strbuf_addstr(&display, "live:");
	for (size_t i = 0; command->argv[i]; i++)
		strbuf_addf(&display, " %s", command->argv[i]);
	const char *const *controls = command_controls(results, command->prefix);
	unsigned timeout = options && options->timeout_seconds ? options->timeout_seconds
							       : LIVE_DEFAULT_TIMEOUT;
	if (command->missing) {
		probe_report_at(run, probe, controls, PROBE_ERROR, subject, display.buf, NULL,
				"live %s is not set, so `%s` cannot run", command->missing, name);
		strbuf_release(&display);
		return;
	}
	struct spawn_options spawn_options = {
		.timeout_ms = timeout * 1000u,
		.output_limit = options && options->output_limit ? options->output_limit
								 : LIVE_DEFAULT_OUTPUT_LIMIT,
	};
	struct spawn_result outcome;
	int ran = spawn_run(command->argv, &spawn_options, &outcome);
	char line[240];
	spawn_first_line(outcome.err, line, sizeof(line));
	const char *text = outcome.out;
	while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
		text++;
	if (ran < 0) {
		switch (outcome.status) {
		case SPAWN_NOT_FOUND:
			probe_report_at(run, probe, controls, PROBE_ERROR, subject, display.buf,
					NULL, "%s: %s", program,
					outcome.error_number == ENOENT
						? "not found on PATH"
						: strerror(outcome.error_number));
			break;
		case SPAWN_TIMED_OUT:
			probe_report_at(run, probe, controls, PROBE_ERROR, subject, display.buf,
					NULL, "%s timed out after %u s", program, timeout);
			break;
		case SPAWN_TOO_LARGE:
			probe_report_at(run, probe, controls, PROBE_ERROR, subject, display.buf,
					NULL, "%s printed more than %zu MiB, the output cap",
					program, spawn_options.output_limit >> 20);
			break;
		case SPAWN_SIGNALED:
			probe_report_at(run, probe, controls, PROBE_ERROR, subject, display.buf,
					NULL, "%s was killed by signal %d%s%s", program,
					outcome.signal, line[0] ? ": " : "", line);
			break;
		default:
			probe_report_at(run, probe, controls, PROBE_ERROR, subject, display.buf,
					NULL, "%s could not be started: %s", program,
					strerror(outcome.error_number));
			break;
		}
	} else if (outcome.exit_code != 0) {
		probe_report_at(run, probe, controls, PROBE_ERROR, subject, display.buf, NULL,
				"%s exited %d: %s", program, outcome.exit_code,
				line[0] ? line : "(no message on stderr)");
	} else if (!*text) {
		probe_report_at(run, probe, controls, PROBE_ERROR, subject, display.buf, NULL,
				"%s printed nothing", program);
	} else if (*text != '{' && *text != '[') {
		char start[48];
		spawn_first_line(text, start, sizeof(start));
		probe_report_at(run, probe, controls, PROBE_ERROR, subject, display.buf, NULL,
				"output is not JSON (it starts \"%s\")", start);
	} else {
		char *path = xasprintf("%s/output.json", folder);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || write_all(fd, outcome.out, outcome.out_length) < 0) {
			probe_report_at(run, probe, controls, PROBE_ERROR, subject, display.buf,
					NULL, "cannot keep the output in %s: %s", path,
					strerror(errno));
		} else {
			struct diag_list syntax;
			diag_list_init(&syntax);
			probe_run_path(run, path, display.buf, &syntax);
			for (size_t i = 0; i < syntax.count; i++)
				if (syntax.items[i].severity == DIAG_ERROR) {
					const char *message = syntax.items[i].message;
					if (!strncmp(message, "invalid JSON: ", 14))
						message += 14;
					probe_report_at(run, probe, controls, PROBE_ERROR, subject,
							display.buf, NULL,
							"output is not valid JSON (line %d, column "
							"%d): %s",
							syntax.items[i].line,
							syntax.items[i].column, message);
					break;
				}
			diag_list_release(&syntax);
		}
		if (fd >= 0)
			close(fd);
		unlink(path);
		free(path);
	}
	spawn_result_release(&outcome);
	strbuf_release(&display);
}

int live_probe_environment(const struct environment *environment,
			   const struct probe_settings *settings,
			   const struct live_options *options, struct probe_results *results,
			   struct diag_list *diags)
{
	struct live_command commands[LIVE_MAX_COMMANDS];
	size_t count = live_plan(environment, commands);
	if (!count)
		return 0;
	const char *tmp = getenv("TMPDIR");
	char *folder = xasprintf("%s/srgap-live-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(folder)) {
		int result =
			diag_error(diags, folder, 0, 0, "live.temporary",
				   "cannot create a private temporary folder: %s", strerror(errno));
		free(folder);
		return result;
	}
	struct probe_run *run = probe_run_new(settings, results);
	for (size_t i = 0; i < count; i++)
		run_command(run, environment, &commands[i], options, folder);
	probe_run_free(run);
	rmdir(folder);
	free(folder);
	return 0;
}

int live_parse_timeout(const char *text, unsigned *seconds)
{
	char *end;
	errno = 0;
	long value = strtol(text, &end, 10);
	if (errno || *end || end == text || value < 1 || value > LIVE_MAX_TIMEOUT)
		return -1;
	*seconds = (unsigned)value;
	return 0;
}
