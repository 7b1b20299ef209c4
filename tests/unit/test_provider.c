/*
 * Unit tests for src/core/provider and models: the model-completeness check
 * over the shipped provider files, content rules every model must keep, and
 * fixture models that must fail to load.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "core/catalog.h"
#include "core/models.h"
#include "core/provider.h"
#include "test_support.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/strbuf.h"

#define PROVIDER_FIXTURE(name) FIXTURE("provider/" name)

/* ------------------------------------------------------------------ shipped models */

struct shipped {
	struct models models;
	struct diag_list diags;
	int result;
};

static int load_models(void **state)
{
	struct shipped *s = calloc(1, sizeof(*s));
	diag_list_init(&s->diags);
	s->result = models_load(&s->models, SRGAP_TEST_DATA_DIR, &s->diags);
	*state = s;
	return 0;
}

static int release_models(void **state)
{
	struct shipped *s = *state;
	models_release(&s->models);
	diag_list_release(&s->diags);
	free(s);
	return 0;
}

static const struct models *shipped_models(void **state)
{
	const struct shipped *s = *state;
	if (s->result != 0 || s->diags.count) {
		print_message("models_load(%s) failed:\n", SRGAP_TEST_DATA_DIR);
		print_diags(&s->diags);
		fail();
	}
	return &s->models;
}

static const struct service *find_service(const struct models *models, const char *path)
{
	const struct service *service = models_find_service_path(models, path);
	if (!service)
		fail_msg("no service model %s", path);
	return service;
}

static enum responsibility responsibility_of(const struct models *models, const char *service_path,
					     const char *control_id)
{
	const struct service *service = find_service(models, service_path);
	const struct catalog_control *control = catalog_find_control(&models->catalog, control_id);
	if (!control)
		fail_msg("no control %s", control_id);
	const struct responsibility_entry *entry = service->entries[control->index];
	if (!entry)
		fail_msg("%s has no entry for %s", service_path, control_id);
	return entry->responsibility;
}

static void test_models_shipped_load_cleanly(void **state)
{
	const struct shipped *s = *state;
	if (s->diags.count)
		print_diags(&s->diags);
	assert_int_equal(s->result, 0);
	assert_int_equal(s->diags.count, 0);
	assert_int_equal(s->models.catalog.control_count, 76);
	assert_string_equal(s->models.data_dir, SRGAP_TEST_DATA_DIR);
}

static void test_models_expected_providers_sorted(void **state)
{
	const struct models *models = shipped_models(state);
	static const char *const expected[] = {"aws", "azure", "gcp", "self-managed"};
	for (size_t i = 0; i < 4; i++) {
		const struct provider *provider = models_find_provider(models, expected[i]);
		if (!provider)
			fail_msg("provider %s is missing", expected[i]);
		assert_string_equal(provider->id, expected[i]);
	}
	for (size_t i = 1; i < models->provider_count; i++)
		assert_true(strcmp(models->providers[i - 1].id, models->providers[i].id) < 0);
	assert_null(models_find_provider(models, "AWS"));
	assert_null(models_find_provider(models, "oracle"));
}

struct expected_service {
	const char *path;
	enum service_kind kind;
};

static const struct expected_service expected_services[] = {
	{"aws/eks-managed-nodes", SERVICE_COMPUTE},
	{"aws/eks-self-managed-nodes", SERVICE_COMPUTE},
	{"aws/eks-fargate", SERVICE_COMPUTE},
	{"aws/eks-auto", SERVICE_COMPUTE},
	{"aws/ecs-ec2", SERVICE_COMPUTE},
	{"aws/ecs-fargate", SERVICE_COMPUTE},
	{"aws/app-runner", SERVICE_COMPUTE},
	{"aws/lambda", SERVICE_COMPUTE},
	{"aws/ecr", SERVICE_REGISTRY},
	{"azure/aks", SERVICE_COMPUTE},
	{"azure/aks-automatic", SERVICE_COMPUTE},
	{"azure/aci", SERVICE_COMPUTE},
	{"azure/container-apps", SERVICE_COMPUTE},
	{"azure/acr", SERVICE_REGISTRY},
	{"gcp/gke-standard", SERVICE_COMPUTE},
	{"gcp/gke-autopilot", SERVICE_COMPUTE},
	{"gcp/cloud-run", SERVICE_COMPUTE},
	{"gcp/artifact-registry", SERVICE_REGISTRY},
	{"self-managed/kubernetes", SERVICE_COMPUTE},
	{"self-managed/docker", SERVICE_COMPUTE},
	{"self-managed/registry", SERVICE_REGISTRY},
};

static void test_models_expected_services_exist(void **state)
{
	const struct models *models = shipped_models(state);
	for (size_t i = 0; i < sizeof(expected_services) / sizeof(expected_services[0]); i++) {
		const struct service *service =
			models_find_service_path(models, expected_services[i].path);
		if (!service)
			fail_msg("service model %s is missing", expected_services[i].path);
		if (service->kind != expected_services[i].kind)
			fail_msg("%s should be a %s service", expected_services[i].path,
				 service_kind_names[expected_services[i].kind]);
	}
}

static void test_models_find_service_path(void **state)
{
	const struct models *models = shipped_models(state);
	const struct service *run = models_find_service_path(models, "gcp/cloud-run");
	assert_non_null(run);
	assert_string_equal(run->id, "cloud-run");
	assert_string_equal(run->provider->id, "gcp");
	assert_null(models_find_service_path(models, "gcp/cloud-rum"));
	assert_null(models_find_service_path(models, "cloud-run"));
	assert_null(models_find_service_path(models, "oracle/cloud-run"));
	assert_null(models_find_service_path(models, "azure/cloud-run"));
	assert_null(models_find_service_path(models, "gcp/"));
}

/*
 * THE model-completeness test: every (service, control) pair of the
 * service's kind has exactly one answer, the other kind has none, and every
 * pointer in the answer belongs to the same provider.
 */
static void test_models_every_service_covers_every_control_of_its_kind(void **state)
{
	const struct models *models = shipped_models(state);
	const struct catalog *catalog = &models->catalog;
	size_t services = 0, ship_controls = 0;
	for (size_t c = 0; c < catalog->control_count; c++)
		ship_controls += catalog->controls[c].phase == PHASE_SHIP;
	assert_int_equal(ship_controls, 10);
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		assert_true(provider->service_count > 0);
		for (size_t s = 0; s < provider->service_count; s++, services++) {
			const struct service *service = &provider->services[s];
			assert_ptr_equal(service->provider, provider);
			assert_non_null(service->entries);
			for (size_t c = 0; c < catalog->control_count; c++) {
				const struct catalog_control *control = &catalog->controls[c];
				const struct responsibility_entry *entry = service->entries[c];
				bool ship = control->phase == PHASE_SHIP;
				bool registry = service->kind == SERVICE_REGISTRY;
				assert_int_equal(service_covers(service->kind, control),
						 ship == registry);
				if (ship != registry) {
					if (entry)
						fail_msg("%s/%s answers %s, a control of the other "
							 "kind",
							 provider->id, service->id, control->id);
					continue;
				}
				if (!entry)
					fail_msg("%s/%s has a hole at %s", provider->id,
						 service->id, control->id);
				assert_in_range(entry->responsibility, RESPONSIBILITY_PROVIDER,
						RESPONSIBILITY_CUSTOMER);
				assert_non_null(entry->why);
				assert_true(strlen(entry->why) > 0);
				assert_non_null(entry->key);
				assert_true(entry->line > 0);
				for (size_t k = 0; k < entry->capability_count; k++)
					assert_ptr_equal(entry->capabilities[k]->provider,
							 provider);
			}
		}
	}
	assert_true(services >= sizeof(expected_services) / sizeof(expected_services[0]));
}

static void test_models_capabilities_belong_to_their_provider(void **state)
{
	const struct models *models = shipped_models(state);
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		for (size_t i = 0; i < provider->capability_count; i++) {
			const struct capability *capability = &provider->capabilities[i];
			assert_int_equal(capability->index, i);
			assert_ptr_equal(capability->provider, provider);
			assert_ptr_equal(provider_find_capability(provider, capability->id),
					 capability);
			assert_non_null(capability->name);
			assert_non_null(capability->remediation);
		}
	}
}

static bool is_image_content_control(const struct catalog_control *control)
{
	const char *group = control->group->id;
	return !strcmp(group, "4.1.1") || !strcmp(group, "4.1.2") || !strcmp(group, "4.1.3") ||
	       !strcmp(control->id, "4.1.4a");
}

/* What goes into an image is always the customer's: no model may say `provider`. */
static void test_models_image_content_never_provider(void **state)
{
	const struct models *models = shipped_models(state);
	const struct catalog *catalog = &models->catalog;
	size_t checked = 0;
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		for (size_t s = 0; s < provider->service_count; s++) {
			const struct service *service = &provider->services[s];
			for (size_t c = 0; c < catalog->control_count; c++) {
				const struct catalog_control *control = &catalog->controls[c];
				if (!is_image_content_control(control) || !service->entries[c])
					continue;
				checked++;
				if (service->entries[c]->responsibility == RESPONSIBILITY_PROVIDER)
					fail_msg("%s/%s makes image-content control %s the "
						 "provider's",
						 provider->id, service->id, control->id);
			}
		}
	}
	assert_true(checked > 0);
}

static void test_models_serverless_host_os_is_provider(void **state)
{
	const struct models *models = shipped_models(state);
	static const char *const serverless[] = {"aws/eks-fargate", "aws/ecs-fargate",
						 "gcp/cloud-run", "azure/aci",
						 "azure/container-apps"};
	for (size_t i = 0; i < 5; i++) {
		if (responsibility_of(models, serverless[i], "4.5.1a") != RESPONSIBILITY_PROVIDER)
			fail_msg("4.5.1a should be the provider's on %s", serverless[i]);
		if (responsibility_of(models, serverless[i], "4.5.3a") != RESPONSIBILITY_PROVIDER)
			fail_msg("4.5.3a should be the provider's on %s", serverless[i]);
	}
}

static void test_models_node_patching_not_provider_on_node_services(void **state)
{
	const struct models *models = shipped_models(state);
	static const char *const node_based[] = {"aws/eks-managed-nodes", "azure/aks",
						 "gcp/gke-standard"};
	for (size_t i = 0; i < 3; i++)
		if (responsibility_of(models, node_based[i], "4.5.3a") == RESPONSIBILITY_PROVIDER)
			fail_msg("4.5.3a must not be the provider's alone on %s", node_based[i]);
}

static void test_models_self_managed_is_all_customer(void **state)
{
	const struct models *models = shipped_models(state);
	const struct provider *self = models_find_provider(models, "self-managed");
	assert_non_null(self);
	assert_int_equal(self->capability_count, 0);
	for (size_t s = 0; s < self->service_count; s++) {
		const struct service *service = &self->services[s];
		for (size_t c = 0; c < models->catalog.control_count; c++) {
			const struct responsibility_entry *entry = service->entries[c];
			if (!entry)
				continue;
			if (entry->responsibility != RESPONSIBILITY_CUSTOMER)
				fail_msg("self-managed/%s: %s is not the customer's", service->id,
					 models->catalog.controls[c].id);
			assert_int_equal(entry->capability_count, 0);
		}
	}
}

/* AWS closed App Runner to new customers on 2026-04-30 and points to ECS on Fargate. */
static void test_models_app_runner_availability(void **state)
{
	const struct models *models = shipped_models(state);
	const struct service *app_runner = models_find_service_path(models, "aws/app-runner");
	assert_non_null(app_runner);
	const struct service_availability *availability = app_runner->availability;
	assert_non_null(availability);
	assert_int_equal(availability->status, AVAILABILITY_CLOSED_TO_NEW_CUSTOMERS);
	assert_string_equal(availability->since, "2026-04-30");
	assert_string_equal(availability->source, "https://docs.aws.amazon.com/apprunner/latest/dg/"
						  "apprunner-availability-change.html");
	assert_int_equal(availability->migrate_count, 1);
	assert_ptr_equal(availability->migrate_to[0],
			 models_find_service_path(models, "aws/ecs-fargate"));
	assert_null(models_find_service_path(models, "aws/ecs-fargate")->availability);

	long before, after;
	assert_true(date_parse("2026-04-29", &before));
	assert_true(date_parse("2026-11-15", &after));
	struct strbuf text;
	strbuf_init(&text);
	service_availability_describe(app_runner, after, &text);
	assert_non_null(strstr(text.buf,
			       "aws/app-runner is closed to new customers since "
			       "2026-04-30; Amazon Web Services suggests aws/ecs-fargate"));
	strbuf_reset(&text);
	service_availability_describe(app_runner, before, &text);
	assert_non_null(strstr(text.buf, "closes to new customers on 2026-04-30"));
	strbuf_reset(&text);
	service_availability_describe(models_find_service_path(models, "aws/ecs-fargate"), after,
				      &text);
	assert_int_equal(text.len, 0);
	strbuf_release(&text);
}

static void test_models_shipped_inheritance_is_recorded(void **state)
{
	const struct models *models = shipped_models(state);
	const struct service *docker = find_service(models, "self-managed/docker");
	assert_ptr_equal(docker->inherits, find_service(models, "self-managed/kubernetes"));
	const struct service *automatic = find_service(models, "azure/aks-automatic");
	assert_ptr_equal(automatic->inherits, find_service(models, "azure/aks"));
	assert_null(find_service(models, "azure/aks")->inherits);
}

/* ------------------------------------------------------------------ fixture models */

struct loaded {
	struct catalog catalog;
	struct provider provider;
	struct diag_list diags;
	int result;
};

static int load_catalog(void **state)
{
	struct loaded *l = calloc(1, sizeof(*l));
	diag_list_init(&l->diags);
	if (catalog_load(&l->catalog, SRGAP_TEST_DATA_DIR "/models/nist-sp800-190.yaml",
			 &l->diags) < 0) {
		print_diags(&l->diags);
		return -1;
	}
	*state = l;
	return 0;
}

static int release_catalog(void **state)
{
	struct loaded *l = *state;
	catalog_release(&l->catalog);
	diag_list_release(&l->diags);
	free(l);
	return 0;
}

static int load_provider(struct loaded *l, const char *path)
{
	diag_list_release(&l->diags);
	l->result = provider_load(&l->provider, path, &l->catalog, &l->diags);
	return l->result;
}

static const struct catalog_control *control(const struct loaded *l, const char *id)
{
	const struct catalog_control *found = catalog_find_control(&l->catalog, id);
	assert_non_null(found);
	return found;
}

static void test_provider_fixture_base_loads(void **state)
{
	struct loaded *l = *state;
	load_provider(l, PROVIDER_FIXTURE("base.yaml"));
	assert_error_count(&l->diags, 0);
	assert_int_equal(l->result, 0);
	const struct provider *p = &l->provider;
	assert_string_equal(p->id, "fixture");
	assert_int_equal(p->service_count, 2);
	assert_int_equal(p->capability_count, 2);
	assert_int_equal(p->source_count, 2);

	const struct service *compute = provider_find_service(p, "compute");
	const struct service *registry = provider_find_service(p, "registry");
	assert_non_null(compute);
	assert_non_null(registry);
	assert_int_equal(compute->kind, SERVICE_COMPUTE);
	assert_int_equal(registry->kind, SERVICE_REGISTRY);
	assert_int_equal(compute->source_count, 2);
	assert_string_equal(compute->sources[1], "https://example.org/blog");

	/* A ship control is answered by the registry only, and vice versa. */
	size_t ship = control(l, "4.1.1b")->index, build = control(l, "4.1.1a")->index;
	assert_null(compute->entries[ship]);
	assert_null(registry->entries[build]);
	assert_string_equal(registry->entries[ship]->key, "4.1");
	assert_int_equal(registry->entries[ship]->capability_count, 1);
	assert_string_equal(registry->entries[ship]->capabilities[0]->id, "fixture-scanning");
	assert_int_equal(compute->entries[control(l, "4.6b")->index]->responsibility,
			 RESPONSIBILITY_PROVIDER);
	assert_int_equal(compute->entries[control(l, "4.3.2a")->index]->responsibility,
			 RESPONSIBILITY_SHARED);

	/* Capability details and per-service default overrides. */
	const struct capability *policy = provider_find_capability(p, "fixture-policy");
	assert_non_null(policy);
	assert_int_equal(policy->default_state, CAPABILITY_OPT_IN);
	assert_int_equal(policy->cost, COST_FREE);
	assert_int_equal(policy->effort, EFFORT_M);
	assert_int_equal(policy->probe_count, 1);
	assert_string_equal(policy->probes[0], "fixture-policy-enabled");
	const struct capability *scanning = provider_find_capability(p, "fixture-scanning");
	assert_int_equal(scanning->source_count, 1);
	assert_string_equal(scanning->sources[0], "https://example.org/docs");
	assert_int_equal(compute->capability_defaults[policy->index], CAPABILITY_ON);
	assert_int_equal(registry->capability_defaults[policy->index], CAPABILITY_OPT_IN);
	assert_int_equal(compute->capability_defaults[scanning->index], CAPABILITY_OFF);
	assert_null(provider_find_capability(p, "fixture-scaning"));
	provider_release(&l->provider);
}

static void test_provider_hole_names_control(void **state)
{
	struct loaded *l = *state;
	assert_int_equal(load_provider(l, PROVIDER_FIXTURE("hole.yaml")), -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "provider.hole", 28, 5, "service 'compute'", "control 4.6a");
	provider_release(&l->provider);
}

static void test_provider_unknown_capability_suggests(void **state)
{
	struct loaded *l = *state;
	assert_int_equal(load_provider(l, PROVIDER_FIXTURE("unknown-capability.yaml")), -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "provider.unknown-capability", 43, 81,
		     "unknown capability 'fixture-scaning'", "did you mean 'fixture-scanning'?");
	provider_release(&l->provider);
}

static void test_provider_ship_control_on_compute_is_wrong_kind(void **state)
{
	struct loaded *l = *state;
	assert_int_equal(load_provider(l, PROVIDER_FIXTURE("wrong-kind.yaml")), -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "provider.wrong-kind", 35, 7, "control 4.1.1b",
		     "compute service does not cover it");
	provider_release(&l->provider);
}

static void test_provider_inherits_cycle(void **state)
{
	struct loaded *l = *state;
	assert_int_equal(load_provider(l, PROVIDER_FIXTURE("inherits-cycle.yaml")), -1);
	assert_error_count(&l->diags, 1);
	expect_diag(&l->diags, "provider.inherits-cycle", 42, 15, "cycle");
	provider_release(&l->provider);
}

static void test_provider_unknown_source_suggests(void **state)
{
	struct loaded *l = *state;
	assert_int_equal(load_provider(l, PROVIDER_FIXTURE("unknown-source.yaml")), -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "provider.unknown-source", 30, 15, "unknown source 'dosc'",
		     "did you mean 'docs'?");
	provider_release(&l->provider);
}

/* The responsibility rule of docs/data-model.md, one diagnostic per broken part. */
static void test_provider_responsibility_rule(void **state)
{
	struct loaded *l = *state;
	assert_int_equal(load_provider(l, PROVIDER_FIXTURE("rule.yaml")), -1);
	expect_diag2(&l->diags, "provider.customer-with-capability", 43, 89,
		     "4.1.1a on 'compute' is customer", "'fixture-scanning'");
	expect_diag2(&l->diags, "provider.provider-needs-opt-in", 44, 94,
		     "4.4.5c on 'compute' is provider", "off by default");
	expect_diag2(&l->diags, "provider.shared-without-provider-part", 45, 46,
		     "4.3.2d on 'compute' is shared", "what the provider supplies");
	assert_error_count(&l->diags, 3);
	provider_release(&l->provider);
}

/* A child's default can break the rule for a provider cell it inherits. */
static void test_provider_responsibility_rule_inherited(void **state)
{
	struct loaded *l = *state;
	assert_int_equal(load_provider(l, PROVIDER_FIXTURE("rule-inherited.yaml")), -1);
	expect_diag2(&l->diags, "provider.provider-needs-opt-in", 46, 33,
		     "'child' inherits 4.3.5a as provider", "opt-in by default here");
	assert_error_count(&l->diags, 1);
	provider_release(&l->provider);
}

static void test_provider_availability_mistakes(void **state)
{
	struct loaded *l = *state;
	assert_int_equal(load_provider(l, PROVIDER_FIXTURE("availability-bad.yaml")), -1);
	expect_diag(&l->diags, "provider.missing-key", 44, 7, "needs 'source'");
	expect_diag(&l->diags, "provider.bad-date", 45, 14, "'soon' is not a date");
	assert_error_count(&l->diags, 2);
	provider_release(&l->provider);
	assert_int_equal(load_provider(l, PROVIDER_FIXTURE("availability-target.yaml")), -1);
	expect_diag2(&l->diags, "provider.unknown-service", 48, 20, "'computte'",
		     "did you mean 'compute'?");
	expect_diag(&l->diags, "provider.unknown-service", 48, 30,
		    "'registry' is not another compute service");
	assert_error_count(&l->diags, 2);
	provider_release(&l->provider);
}

/* A model is stale more than 180 days after its review, not on day 180. */
static void test_provider_staleness(void **state)
{
	struct loaded *l = *state;
	load_provider(l, PROVIDER_FIXTURE("base.yaml"));
	assert_error_count(&l->diags, 0);
	long reviewed;
	assert_true(date_parse("2026-11-29", &reviewed));
	assert_int_equal(l->provider.reviewed_day, reviewed);
	assert_int_equal(l->provider.reviewed_line, 7);
	assert_false(provider_is_stale(&l->provider, reviewed));
	assert_false(provider_is_stale(&l->provider, reviewed + PROVIDER_STALE_DAYS));
	assert_true(provider_is_stale(&l->provider, reviewed + PROVIDER_STALE_DAYS + 1));
	/* An assessment dated before the review is not stale either. */
	assert_false(provider_is_stale(&l->provider, reviewed - 400));
	provider_release(&l->provider);
	assert_int_equal(load_provider(l, PROVIDER_FIXTURE("reviewed-bad.yaml")), -1);
	expect_diag(&l->diags, "provider.bad-date", 6, 11, "'late 2026' is not a date");
	assert_error_count(&l->diags, 1);
	provider_release(&l->provider);
}

static void test_provider_kubernetes_versions_calendar(void **state)
{
	struct loaded *l = *state;
	load_provider(l, PROVIDER_FIXTURE("calendar.yaml"));
	assert_error_count(&l->diags, 0);
	const struct support_calendar *calendar = l->provider.kubernetes_versions;
	assert_non_null(calendar);
	assert_string_equal(calendar->reviewed, "2026-04-24");
	assert_int_equal(calendar->source_count, 1);
	assert_string_equal(calendar->sources[0], "https://example.org/docs");
	assert_int_equal(calendar->count, 2);
	const struct support_calendar_entry *entry = support_calendar_find(calendar, "1.33");
	assert_non_null(entry);
	long day;
	assert_true(date_parse("2026-07-29", &day));
	assert_int_equal(entry->ends, day);
	assert_null(support_calendar_find(calendar, "1.3"));
	assert_null(support_calendar_find(NULL, "1.33"));
	provider_release(&l->provider);
	/* The table is optional. */
	load_provider(l, PROVIDER_FIXTURE("base.yaml"));
	assert_null(l->provider.kubernetes_versions);
	provider_release(&l->provider);
}

static void test_provider_kubernetes_versions_mistakes(void **state)
{
	struct loaded *l = *state;
	assert_int_equal(load_provider(l, PROVIDER_FIXTURE("calendar-bad.yaml")), -1);
	expect_diag2(&l->diags, "provider.unknown-key", 12, 3, "'source'", "'sources'");
	expect_diag(&l->diags, "provider.missing-key", 11, 3, "needs 'sources'");
	expect_diag(&l->diags, "provider.bad-date", 11, 13, "'April 2026'");
	expect_diag(&l->diags, "provider.bad-date", 14, 13, "'2026-02-30'");
	expect_diag(&l->diags, "provider.bad-version", 15, 5, "'latest'");
	assert_error_count(&l->diags, 5);
	provider_release(&l->provider);
}

static void test_provider_missing_file(void **state)
{
	struct loaded *l = *state;
	assert_int_equal(load_provider(l, PROVIDER_FIXTURE("no-such-provider.yaml")), -1);
	assert_error_count(&l->diags, 1);
	expect_diag(&l->diags, "provider.unreadable", 0, 0, NULL);
	provider_release(&l->provider);
}

static const struct responsibility_entry *entry_of(const struct loaded *l, const char *service,
						   const char *control_id)
{
	const struct service *found = provider_find_service(&l->provider, service);
	assert_non_null(found);
	const struct responsibility_entry *entry = found->entries[control(l, control_id)->index];
	assert_non_null(entry);
	return entry;
}

static void test_provider_child_area_key_beats_parent_control_key(void **state)
{
	struct loaded *l = *state;
	load_provider(l, PROVIDER_FIXTURE("inheritance.yaml"));
	assert_error_count(&l->diags, 0);

	/* The parent itself: control beats group beats area. */
	assert_string_equal(entry_of(l, "nodes", "4.5.3a")->why,
			    "parent control 4.5.3a; customer part");
	assert_string_equal(entry_of(l, "nodes", "4.5.3b")->why, "parent area 4.5");
	assert_string_equal(entry_of(l, "nodes", "4.5.1c")->why,
			    "parent group 4.5.1; customer part");

	/* The child's own area key comes before anything inherited. */
	const struct responsibility_entry *patching = entry_of(l, "serverless", "4.5.3a");
	assert_int_equal(patching->responsibility, RESPONSIBILITY_PROVIDER);
	assert_string_equal(patching->key, "4.5");
	assert_string_equal(entry_of(l, "serverless", "4.5.1c")->why, "child area 4.5");
	/* Where the child says nothing, the parent answers. */
	assert_string_equal(entry_of(l, "serverless", "4.1.1a")->why, "parent area 4.1");
	assert_string_equal(entry_of(l, "serverless", "4.6a")->why, "parent area 4.6");

	/* Two levels: the grandchild's control key, then the child's area key. */
	assert_string_equal(entry_of(l, "serverless-gpu", "4.5.3a")->why,
			    "grandchild control 4.5.3a");
	assert_string_equal(entry_of(l, "serverless-gpu", "4.5.3b")->why, "child area 4.5");
	assert_string_equal(entry_of(l, "serverless-gpu", "4.6b")->why,
			    "grandchild area 4.6; customer part");
	assert_string_equal(entry_of(l, "serverless-gpu", "4.4.1a")->why, "parent area 4.4");

	const struct service *nodes = provider_find_service(&l->provider, "nodes");
	const struct service *serverless = provider_find_service(&l->provider, "serverless");
	assert_null(nodes->inherits);
	assert_ptr_equal(serverless->inherits, nodes);
	assert_ptr_equal(provider_find_service(&l->provider, "serverless-gpu")->inherits,
			 serverless);
	provider_release(&l->provider);
}

/* ------------------------------------------------------------------ models_load with fixture data
 */

/*
 * providers/a-first.yaml holds provider "zulu" and b-second.yaml "alpha", so
 * sorting by id reorders them. Services and capabilities must still point at
 * their own provider afterwards.
 */
static void test_models_back_pointers_survive_sorting(void **state)
{
	(void)state;
	struct models models;
	struct diag_list diags;
	diag_list_init(&diags);
	int result = models_load(&models, FIXTURE("datadir-order"), &diags);
	assert_error_count(&diags, 0);
	assert_int_equal(result, 0);
	assert_int_equal(models.provider_count, 2);
	assert_string_equal(models.providers[0].id, "alpha");
	assert_string_equal(models.providers[1].id, "zulu");
	for (size_t p = 0; p < models.provider_count; p++) {
		const struct provider *provider = &models.providers[p];
		for (size_t s = 0; s < provider->service_count; s++)
			assert_ptr_equal(provider->services[s].provider, provider);
		for (size_t i = 0; i < provider->capability_count; i++)
			assert_ptr_equal(provider->capabilities[i].provider, provider);
	}
	const struct service *compute = models_find_service_path(&models, "alpha/alpha-compute");
	assert_non_null(compute);
	assert_string_equal(compute->provider->id, "alpha");
	models_release(&models);
	diag_list_release(&diags);
}

static void test_models_missing_data_dir(void **state)
{
	(void)state;
	struct models models;
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(models_load(&models, FIXTURE("no-such-data-dir"), &diags), -1);
	assert_true(diag_has_code(&diags, "catalog.unreadable"));
	assert_int_equal(models.provider_count, 0);
	models_release(&models);
	diag_list_release(&diags);
}

int main(void)
{
	const struct CMUnitTest shipped_tests[] = {
		cmocka_unit_test(test_models_shipped_load_cleanly),
		cmocka_unit_test(test_models_expected_providers_sorted),
		cmocka_unit_test(test_models_expected_services_exist),
		cmocka_unit_test(test_models_find_service_path),
		cmocka_unit_test(test_models_every_service_covers_every_control_of_its_kind),
		cmocka_unit_test(test_models_capabilities_belong_to_their_provider),
		cmocka_unit_test(test_models_image_content_never_provider),
		cmocka_unit_test(test_models_serverless_host_os_is_provider),
		cmocka_unit_test(test_models_node_patching_not_provider_on_node_services),
		cmocka_unit_test(test_models_self_managed_is_all_customer),
		cmocka_unit_test(test_models_shipped_inheritance_is_recorded),
		cmocka_unit_test(test_models_app_runner_availability),
	};
	const struct CMUnitTest fixture_tests[] = {
		cmocka_unit_test(test_provider_fixture_base_loads),
		cmocka_unit_test(test_provider_hole_names_control),
		cmocka_unit_test(test_provider_unknown_capability_suggests),
		cmocka_unit_test(test_provider_ship_control_on_compute_is_wrong_kind),
		cmocka_unit_test(test_provider_inherits_cycle),
		cmocka_unit_test(test_provider_unknown_source_suggests),
		cmocka_unit_test(test_provider_responsibility_rule),
		cmocka_unit_test(test_provider_responsibility_rule_inherited),
		cmocka_unit_test(test_provider_availability_mistakes),
		cmocka_unit_test(test_provider_staleness),
		cmocka_unit_test(test_provider_kubernetes_versions_calendar),
		cmocka_unit_test(test_provider_kubernetes_versions_mistakes),
		cmocka_unit_test(test_provider_missing_file),
		cmocka_unit_test(test_provider_child_area_key_beats_parent_control_key),
	};
	const struct CMUnitTest data_dir_tests[] = {
		cmocka_unit_test(test_models_back_pointers_survive_sorting),
		cmocka_unit_test(test_models_missing_data_dir),
	};
	int failed = cmocka_run_group_tests_name("shipped models", shipped_tests, load_models,
						 release_models);
	failed += cmocka_run_group_tests_name("fixture provider models", fixture_tests,
					      load_catalog, release_catalog);
	failed += cmocka_run_group_tests_name("data directories", data_dir_tests, NULL, NULL);
	return failed;
}
