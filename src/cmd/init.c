/*
 * `srgap init`: writes a starter inventory for a workshop, one environment
 * per service model asked for (or one per provider), each listing every
 * control group as a comment with who is responsible for it on that model.
 * The file validates as written; it refuses to replace an existing file
 * unless --force is given.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "core/inventory.h"
#include "util/date.h"
#include "util/strbuf.h"
#include "util/suggest.h"
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

static void write_environment(FILE *out, const struct catalog *catalog,
			      const struct init_pick *pick)
{
	fprintf(out, "  - name: %s-%s\n", pick->provider->id, pick->service->id);
	fputs("    description: ", out);
	put_quoted(out, pick->service->name);
	fprintf(out, "\n    provider: %s\n    service: %s\n", pick->provider->id,
		pick->service->id);
	if (pick->registry->provider == pick->provider)
		fprintf(out, "    registry: %s\n", pick->registry->id);
	fputs("    criticality: medium     # low | medium | high | critical\n"
	      "    internet_facing: false\n"
	      "    # owner: the team that runs it\n"
	      "    controls:\n",
	      out);
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

static void write_inventory(FILE *out, const struct models *models, const char *organization,
			    const char *schema_url, const struct init_pick *picks, size_t count)
{
	char date[16];
	date_format(date_today(), date, sizeof(date));
	fprintf(out, "# yaml-language-server: $schema=%s\n", schema_url);
	fprintf(out,
		"# A starter srgap inventory (srgap init, %s). Under each environment's\n"
		"# `controls:`, every NIST SP 800-190 group is listed with who is responsible\n"
		"# for it on that service model: provider (nothing to claim), shared or\n"
		"# customer (per control when they differ). Replace a comment with a claim:\n"
		"#   4.1.1: { status: implemented, by: \"Trivy in CI\" }      # free text\n"
		"#   4.1.1b: { status: implemented, by: ecr-enhanced-scanning } # a capability id\n"
		"#   4.4.5: { status: planned, due: 2027-03-31 }\n"
		"# Statuses: implemented, partial, planned, not-implemented, not-applicable\n"
		"# (needs reason). A control claim (4.1.1a) overrides its group's (4.1.1).\n"
		"# Then: srgap validate FILE; srgap assess FILE. Capabilities: srgap models\n"
		"# capabilities; who owns a control everywhere: srgap explain 4.5.3a.\n",
		date);
	fputs("srgap: 1\norganization: ", out);
	put_quoted(out, organization);
	fprintf(out,
		"\nassessment:\n"
		"  title: Container platform shared-responsibility review\n"
		"  date: %s\n"
		"  # assessor: who runs the review\n"
		"# trusted_registries: [registry host names images may come from]\n"
		"\nenvironments:\n",
		date);
	for (size_t i = 0; i < count; i++) {
		if (i)
			fputc('\n', out);
		write_environment(out, &models->catalog, &picks[i]);
	}
	fputs("\n# Risk acceptances (srgap assess warns when one expires), e.g.\n"
	      "# exceptions:\n"
	      "#   - { environment: NAME, control: 4.3.4, reason: \"...\", owner: CISO, "
	      "expires: 2027-01-31 }\n",
	      out);
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

static int cmd_init(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"output", required_argument, NULL, 'o'},
		{"provider", required_argument, NULL, 'p'},
		{"service", required_argument, NULL, 's'},
		{"organization", required_argument, NULL, 'O'},
		{"schema-url", required_argument, NULL, 'S'},
		{"force", no_argument, NULL, 'f'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *output_path = NULL, *organization = "Your organization";
	const char *schema_url = "srgap-inventory.schema.json";
	const char *provider = NULL; /* the last --provider */
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
	.usage = "usage: srgap init [-o FILE] [--force] [--provider P [--service S]]...\n"
		 "                  [--service P/S]... [--organization NAME] [--schema-url URL]\n"
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
