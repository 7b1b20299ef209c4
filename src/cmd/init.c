/*
 * `srgap init`: writes a starter inventory for a workshop, one environment
 * per service model asked for (or one per provider), each listing every
 * control group as a comment with who is responsible for it on that model.
 * With --into DIR --team NAME it adds a team's file to an inventory kept in
 * a folder instead: environments only, named and owned by the team, next to
 * the one organization file (written too when the folder has none yet). The
 * files validate as written; init refuses to replace an existing file unless
 * --force is given.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "core/inventory.h"
#include "util/date.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/walk.h"
#include "util/xalloc.h"

struct init_pick {
	const struct provider *provider;
	const struct service *service;	/* compute */
	const struct service *registry; /* the provider's first registry, or NULL */
};

/* Writes `text` as a YAML double-quoted scalar. */
static void put_quoted(FILE *out, const char *text)
{
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(out, "\\x%02x", *c);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

/* "customer", or "shared: b, c; customer: a, d" when the group's controls differ. */
static void group_responsibility(const struct catalog *catalog, const struct catalog_group *group,
				 const struct init_pick *pick, struct strbuf *text)
{
	unsigned seen = 0;
	for (size_t c = 0; c < group->control_count; c++) {
		const struct catalog_control *control =
			&catalog->controls[group->first_control + c];
		const struct service *model =
			control->phase == PHASE_SHIP ? pick->registry : pick->service;
		seen |= 1u << model->entries[control->index]->responsibility;
	}
	for (size_t r = 0; r < RESPONSIBILITY_COUNT; r++) {
		if (!(seen & (1u << r)))
			continue;
		if (seen == 1u << r) {
			strbuf_addstr(text, responsibility_names[r]);
			return;
		}
		strbuf_addf(text, "%s%s:", text->len ? "; " : "", responsibility_names[r]);
		const char *separator = " ";
		for (size_t c = 0; c < group->control_count; c++) {
			const struct catalog_control *control =
				&catalog->controls[group->first_control + c];
			const struct service *model =
				control->phase == PHASE_SHIP ? pick->registry : pick->service;
			if (model->entries[control->index]->responsibility != r)
				continue;
			strbuf_addf(text, "%s%s", separator, control->id + strlen(group->id));
			separator = ", ";
		}
	}
}

/* The availability note of a picked model, or "" (caller releases `text`). */
static const char *availability_text(const struct service *service, struct strbuf *text)
{
	strbuf_init(text);
	service_availability_describe(service, date_today(), text);
	return text->buf;
}

/* An environment's name: PROVIDER-SERVICE, after the team's name in a team file. */
static void write_environment(FILE *out, const struct catalog *catalog,
			      const struct init_pick *pick, const char *team)
{
	struct strbuf note;
	const char *availability = availability_text(pick->service, &note);
	if (*availability)
		fprintf(out, "  # %s\n  # source: %s\n", availability,
			pick->service->availability->source);
	strbuf_release(&note);
	fprintf(out, "  - name: %s%s%s-%s\n", team ? team : "", team ? "-" : "", pick->provider->id,
		pick->service->id);
	fputs("    description: ", out);
	put_quoted(out, pick->service->name);
	fprintf(out, "\n    provider: %s\n    service: %s\n", pick->provider->id,
		pick->service->id);
	if (pick->registry->provider == pick->provider)
		fprintf(out, "    registry: %s\n", pick->registry->id);
	fputs("    criticality: medium     # low | medium | high | critical\n"
	      "    internet_facing: false\n",
	      out);
	if (team)
		fprintf(out, "    owner: %s\n", team);
	else
		fputs("    # owner: the team that runs it\n", out);
	fputs("    controls:\n", out);
	struct strbuf text;
	strbuf_init(&text);
	for (size_t g = 0; g < catalog->group_count; g++) {
		const struct catalog_group *group = &catalog->groups[g];
		strbuf_reset(&text);
		group_responsibility(catalog, group, pick, &text);
		fprintf(out, "      # %s: %s — %s\n", group->id, group->title, text.buf);
	}
	strbuf_release(&text);
}

/* The comment that explains claims, after a first line ending "Under each environment's". */
static void write_claim_help(FILE *out, const char *what)
{
	fprintf(out,
		"# `controls:`, every NIST SP 800-190 group is listed with who is responsible\n"
		"# for it on that service model: provider (nothing to claim), shared or\n"
		"# customer (per control when they differ). Replace a comment with a claim:\n"
		"#   4.1.1: { status: implemented, by: \"Trivy in CI\" }      # free text\n"
		"#   4.1.1b: { status: implemented, by: ecr-enhanced-scanning } # a capability id\n"
		"#   4.4.5: { status: planned, due: 2027-03-31 }\n"
		"# Statuses: implemented, partial, planned, not-implemented, not-applicable\n"
		"# (needs reason). A control claim (4.1.1a) overrides its group's (4.1.1).\n"
		"# Then: srgap validate %s; srgap assess %s. Capabilities: srgap models\n"
		"# capabilities; who owns a control everywhere: srgap explain 4.5.3a.\n",
		what, what);
}

/* srgap, organization and assessment: the organization file's part. */
static void write_header(FILE *out, const char *organization, const char *date)
{
	fputs("srgap: 1\norganization: ", out);
	put_quoted(out, organization);
	fprintf(out,
		"\nassessment:\n"
		"  title: Container platform shared-responsibility review\n"
		"  date: %s\n"
		"  # assessor: who runs the review\n"
		"# trusted_registries: [registry host names images may come from]\n",
		date);
}

static void write_environments(FILE *out, const struct models *models,
			       const struct init_pick *picks, size_t count, const char *team)
{
	fputs("\nenvironments:\n", out);
	for (size_t i = 0; i < count; i++) {
		if (i)
			fputc('\n', out);
		write_environment(out, &models->catalog, &picks[i], team);
	}
	fputs("\n# Risk acceptances (srgap assess warns when one expires), e.g.\n"
	      "# exceptions:\n"
	      "#   - { environment: NAME, control: 4.3.4, reason: \"...\", owner: CISO, "
	      "expires: 2027-01-31 }\n",
	      out);
}

static void write_inventory(FILE *out, const struct models *models, const char *organization,
			    const char *schema_url, const struct init_pick *picks, size_t count)
{
	char date[16];
	date_format(date_today(), date, sizeof(date));
	fprintf(out, "# yaml-language-server: $schema=%s\n", schema_url);
	fprintf(out, "# A starter srgap inventory (srgap init, %s). Under each environment's\n",
		date);
	write_claim_help(out, "FILE");
	write_header(out, organization, date);
	write_environments(out, models, picks, count, NULL);
}

/* A folder's organization file, written when `init --into` starts a new inventory folder. */
static void write_organization_file(FILE *out, const char *organization, const char *schema_url)
{
	char date[16];
	date_format(date_today(), date, sizeof(date));
	fprintf(out, "# yaml-language-server: $schema=%s\n", schema_url);
	fprintf(out,
		"# The organization file of an srgap inventory kept in a folder (srgap init,\n"
		"# %s). Every *.yaml file here is part of the inventory: this one holds\n"
		"# the organization-level keys (organization, assessment, trusted_registries,\n"
		"# policy), each team's file its environments and exceptions. Add a team's\n"
		"# file with: srgap init --into FOLDER --team NAME --service PROVIDER/SERVICE\n",
		date);
	write_header(out, organization, date);
}

static void write_team_file(FILE *out, const struct models *models, const char *team,
			    const char *schema_url, const struct init_pick *picks, size_t count)
{
	char date[16];
	date_format(date_today(), date, sizeof(date));
	fprintf(out, "# yaml-language-server: $schema=%s\n", schema_url);
	fprintf(out,
		"# Team %s's part of an srgap inventory kept in a folder (srgap init, %s):\n"
		"# environments and exceptions only; the folder's organization file holds the\n"
		"# organization, the assessment and the policy. Under each environment's\n",
		team, date);
	write_claim_help(out, "FOLDER");
	fputs("srgap: 1\n", out);
	write_environments(out, models, picks, count, team);
}

static const struct service *first_service(const struct provider *provider, enum service_kind kind)
{
	for (size_t s = 0; s < provider->service_count; s++)
		if (provider->services[s].kind == kind)
			return &provider->services[s];
	return NULL;
}

static int unknown_provider(const struct models *models, const char *id)
{
	struct suggest suggest;
	suggest_init(&suggest, id);
	struct strbuf choices;
	strbuf_init(&choices);
	for (size_t p = 0; p < models->provider_count; p++) {
		suggest_offer(&suggest, models->providers[p].id);
		strbuf_addf(&choices, "%s%s", p ? ", " : "", models->providers[p].id);
	}
	if (suggest.best)
		app_usage_error(&command_init, "unknown provider '%s' (did you mean '%s'?)", id,
				suggest.best);
	else
		app_usage_error(&command_init, "unknown provider '%s'; providers: %s", id,
				choices.buf);
	strbuf_release(&choices);
	return EXIT_INPUT;
}

static int unknown_service(const struct provider *provider, const char *id)
{
	struct suggest suggest;
	suggest_init(&suggest, id);
	struct strbuf choices;
	strbuf_init(&choices);
	for (size_t s = 0; s < provider->service_count; s++) {
		if (provider->services[s].kind != SERVICE_COMPUTE)
			continue;
		suggest_offer(&suggest, provider->services[s].id);
		strbuf_addf(&choices, "%s%s", choices.len ? ", " : "", provider->services[s].id);
	}
	if (suggest.best)
		app_usage_error(&command_init,
				"unknown %s compute service '%s' (did you mean '%s'?)",
				provider->id, id, suggest.best);
	else
		app_usage_error(&command_init, "unknown %s compute service '%s'; services: %s",
				provider->id, id, choices.buf);
	strbuf_release(&choices);
	return EXIT_INPUT;
}

/*
 * Resolves one request: "PROVIDER" (its first compute model) or
 * "PROVIDER/SERVICE". Returns 0 or an exit status after a message.
 */
static int resolve(const struct models *models, const char *request, struct init_pick *pick)
{
	const char *slash = strchr(request, '/');
	char *provider_id = slash ? xstrndup(request, (size_t)(slash - request)) : xstrdup(request);
	pick->provider = models_find_provider(models, provider_id);
	int status = pick->provider ? EXIT_OK : unknown_provider(models, provider_id);
	free(provider_id);
	if (status)
		return status;
	pick->service = slash ? provider_find_service(pick->provider, slash + 1)
			      : first_service(pick->provider, SERVICE_COMPUTE);
	if (!pick->service || pick->service->kind != SERVICE_COMPUTE)
		return unknown_service(pick->provider, slash ? slash + 1 : "");
	pick->registry = first_service(pick->provider, SERVICE_REGISTRY);
	if (!pick->registry) {
		const struct provider *self = models_find_provider(models, "self-managed");
		pick->registry = self ? provider_find_service(self, "registry") : NULL;
	}
	if (!pick->registry) {
		fprintf(stderr, "srgap init: no registry model to pair with %s\n", request);
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

struct requests {
	char **items; /* owned: "PROVIDER" or "PROVIDER/SERVICE" */
	size_t count;
	size_t capacity;
};

static void requests_add(struct requests *requests, char *request)
{
	requests->items = xgrow(requests->items, &requests->capacity, requests->count + 1,
				sizeof(*requests->items));
	requests->items[requests->count++] = request;
}

/* A team name becomes a file name and an environment-name prefix: keep it plain. */
static bool team_name_ok(const char *team)
{
	size_t length = strlen(team);
	if (!length || length > 64 || !isalnum((unsigned char)team[0]))
		return false;
	for (const char *c = team; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.')
			return false;
	return true;
}

static void count_yaml(void *context, const char *path)
{
	size_t length = strlen(path);
	if ((length > 5 && !strcmp(path + length - 5, ".yaml")) ||
	    (length > 4 && !strcmp(path + length - 4, ".yml")))
		++*(size_t *)context;
}

static int write_file(const char *path, void (*write)(FILE *, const void *), const void *data)
{
	int status;
	struct app_output *output = app_output_open(path, &status);
	if (!output)
		return status;
	FILE *stream = app_output_stream(output);
	write(stream, data);
	if (ferror(stream)) {
		fprintf(stderr, "srgap init: cannot write %s\n", path);
		status = EXIT_INTERNAL;
	}
	return app_output_close(output, status);
}

struct into {
	const struct models *models;
	const char *folder, *team, *organization, *schema_url;
	const struct init_pick *picks;
	size_t count;
	bool force;
};

static void write_into_organization(FILE *out, const void *data)
{
	const struct into *into = data;
	write_organization_file(out, into->organization, into->schema_url);
}

static void write_into_team(FILE *out, const void *data)
{
	const struct into *into = data;
	write_team_file(out, into->models, into->team, into->schema_url, into->picks, into->count);
}

/*
 * `--into FOLDER --team NAME`: the team's file in an inventory folder. An
 * existing folder inventory must load, so the new environment names can be
 * checked against every other file's; a new or empty folder gets its
 * organization file first.
 */
static int init_into(const struct into *into)
{
	size_t length = strlen(into->folder);
	const char *separator = length && into->folder[length - 1] == '/' ? "" : "/";
	char *team_path = xasprintf("%s%s%s.yaml", into->folder, separator, into->team);
	char *organization_path = xasprintf("%s%sorganization.yaml", into->folder, separator);
	int status = EXIT_OK;
	struct stat st;
	if (stat(into->folder, &st) != 0 && mkdir(into->folder, 0777) != 0) {
		fprintf(stderr, "srgap init: cannot create %s: %s\n", into->folder,
			strerror(errno));
		status = EXIT_INTERNAL;
		goto out;
	}
	if (stat(into->folder, &st) != 0 || !S_ISDIR(st.st_mode)) {
		status = app_usage_error(&command_init, "--into %s is not a folder", into->folder);
		goto out;
	}
	if (!into->force && stat(team_path, &st) == 0) {
		fprintf(stderr, "srgap init: %s already exists; use --force to replace it\n",
			team_path);
		status = EXIT_INPUT;
		goto out;
	}
	struct diag_list diags;
	diag_list_init(&diags);
	size_t yaml_files = 0;
	walk_files(into->folder, "inventory", count_yaml, &yaml_files, &diags);
	if (yaml_files) {
		struct inventory inventory;
		if (inventory_load(&inventory, into->folder, into->models, &diags) < 0) {
			app_report(&diags);
			fprintf(stderr,
				"srgap init: %s does not load as an inventory; fix it first "
				"(srgap validate %s)\n",
				into->folder, into->folder);
			status = EXIT_INPUT;
		}
		for (size_t e = 0; !status && e < inventory.environment_count; e++) {
			const struct environment *environment = &inventory.environments[e];
			for (size_t i = 0; !status && i < into->count; i++) {
				char *name = xasprintf("%s-%s-%s", into->team,
						       into->picks[i].provider->id,
						       into->picks[i].service->id);
				if (!strcmp(name, environment->name) &&
				    strcmp(environment->file, team_path))
					status = app_usage_error(
						&command_init,
						"environment '%s' already exists in %s:%d", name,
						environment->file, environment->line);
				free(name);
			}
		}
		inventory_release(&inventory);
	} else {
		status = write_file(organization_path, write_into_organization, into);
	}
	diag_list_release(&diags);
	if (!status)
		status = write_file(team_path, write_into_team, into);
out:
	free(team_path);
	free(organization_path);
	return status;
}

static int cmd_init(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"output", required_argument, NULL, 'o'},
		{"provider", required_argument, NULL, 'p'},
		{"service", required_argument, NULL, 's'},
		{"organization", required_argument, NULL, 'O'},
		{"schema-url", required_argument, NULL, 'S'},
		{"force", no_argument, NULL, 'f'},
		{"into", required_argument, NULL, 'I'},
		{"team", required_argument, NULL, 't'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *output_path = NULL, *organization = "Your organization";
	const char *schema_url = "srgap-inventory.schema.json";
	const char *provider = NULL; /* the last --provider */
	const char *into = NULL, *team = NULL;
	bool provider_used = true, force = false;
	struct requests requests = {0};
	struct init_pick *picks = NULL;
	struct app_output *output = NULL;
	int status = EXIT_OK, option;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while (!status && (option = getopt_long(argc, argv, "o:p:s:fh", options, NULL)) != -1) {
		switch (option) {
		case 'o':
			output_path = optarg;
			break;
		case 'p':
			if (!provider_used)
				requests_add(&requests, xstrdup(provider));
			provider = optarg;
			provider_used = false;
			break;
		case 's':
			if (strchr(optarg, '/')) {
				requests_add(&requests, xstrdup(optarg));
			} else if (provider) {
				requests_add(&requests, xasprintf("%s/%s", provider, optarg));
				provider_used = true;
			} else {
				status = app_usage_error(
					&command_init,
					"--service %s needs a --provider before it, "
					"or write PROVIDER/SERVICE",
					optarg);
			}
			break;
		case 'O':
			organization = optarg;
			break;
		case 'S':
			schema_url = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'I':
			into = optarg;
			break;
		case 't':
			team = optarg;
			break;
		case 'D':
			app->data_dir_option = optarg;
			break;
		case 'h':
			status = app_help(&command_init);
			goto out;
		default:
			status = app_usage_error(&command_init, "unknown option");
		}
	}
	if (status)
		goto out;
	if (!provider_used)
		requests_add(&requests, xstrdup(provider));
	if (optind != argc) {
		status = app_usage_error(&command_init, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (into && output_path) {
		status = app_usage_error(&command_init, "give -o FILE or --into FOLDER, not both");
		goto out;
	}
	if (!into != !team) {
		status =
			app_usage_error(&command_init, "--into FOLDER and --team NAME go together");
		goto out;
	}
	if (team && !team_name_ok(team)) {
		status = app_usage_error(&command_init,
					 "--team '%s': use letters, digits, '-', '_' and '.', "
					 "starting with a letter or digit (at most 64)",
					 team);
		goto out;
	}
	if (strpbrk(schema_url, "\r\n")) {
		status = app_usage_error(&command_init, "--schema-url cannot contain a line break");
		goto out;
	}
	struct stat st;
	if (output_path && strcmp(output_path, "-") && !force && stat(output_path, &st) == 0 &&
	    S_ISREG(st.st_mode)) {
		fprintf(stderr, "srgap init: %s already exists; use --force to replace it\n",
			output_path);
		status = EXIT_INPUT;
		goto out;
	}
	status = app_load_models(app);
	if (status)
		goto out;
	const struct models *models = &app->models;
	size_t count = requests.count ? requests.count : models->provider_count;
	picks = xcalloc(count, sizeof(*picks));
	for (size_t i = 0; i < count && !status; i++) {
		const char *request = requests.count ? requests.items[i] : models->providers[i].id;
		status = resolve(models, request, &picks[i]);
		for (size_t j = 0; j < i && !status; j++)
			if (picks[j].service == picks[i].service)
				status = app_usage_error(&command_init, "%s/%s is asked for twice",
							 picks[i].provider->id,
							 picks[i].service->id);
	}
	if (status)
		goto out;
	for (size_t i = 0; i < count; i++) {
		struct strbuf note;
		const char *availability = availability_text(picks[i].service, &note);
		if (*availability)
			fprintf(stderr, "srgap init: warning: %s [model.service-closed]\n",
				availability);
		strbuf_release(&note);
	}
	if (into) {
		struct into request = {models,	   into,  team,	 organization,
				       schema_url, picks, count, force};
		status = init_into(&request);
		goto out;
	}
	output = app_output_open(output_path, &status);
	if (!output)
		goto out;
	FILE *stream = app_output_stream(output);
	write_inventory(stream, models, organization, schema_url, picks, count);
	if (ferror(stream)) {
		fprintf(stderr, "srgap init: cannot write the inventory\n");
		status = EXIT_INTERNAL;
	}
	status = app_output_close(output, status);
out:
	for (size_t i = 0; i < requests.count; i++)
		free(requests.items[i]);
	free(requests.items);
	free(picks);
	return status;
}

const struct command command_init = {
	.name = "init",
	.summary = "write a starter inventory to fill in during a workshop",
	.usage = "usage: srgap init [-o FILE | --into FOLDER --team NAME] [--force]\n"
		 "                  [--provider P [--service S]]... [--service P/S]...\n"
		 "                  [--organization NAME] [--schema-url URL]\n"
		 "\n"
		 "Writes an inventory with one environment per service model asked for (or\n"
		 "one per provider, on its first compute model). Under each environment's\n"
		 "controls:, every control group is listed as a comment with its title and\n"
		 "who is responsible on that model, so a workshop sees what it must answer\n"
		 "for. The file validates as written.\n"
		 "\n"
		 "  -o, --output FILE       write to FILE (atomically); never replaces an\n"
		 "                          existing file without --force\n"
		 "  -f, --force             replace FILE if it exists\n"
		 "      --into FOLDER       add a team's file to an inventory kept in FOLDER\n"
		 "                          (one file per team): FOLDER/NAME.yaml with the\n"
		 "                          environments only, named NAME-PROVIDER-SERVICE and\n"
		 "                          owned by NAME; a new or empty FOLDER also gets\n"
		 "                          organization.yaml with the organization keys\n"
		 "      --team NAME         the team, with --into\n"
		 "  -p, --provider P        a provider; alone, its first compute model\n"
		 "  -s, --service S         a compute model of the last --provider, or P/S\n"
		 "                          (srgap models services)\n"
		 "      --organization NAME the organization (default \"Your organization\")\n"
		 "      --schema-url URL    the schema named on the first line, for YAML editors\n"
		 "                          (default srgap-inventory.schema.json; srgap schema\n"
		 "                          writes it)\n"
		 "      --data-dir DIR      read models/ and providers/ from DIR\n"
		 "\n"
		 "Exit status: 0 written, 2 usage error or FILE exists, 3 I/O error.\n",
	.run = cmd_init,
};
