/*
 * Unit tests for live mode (src/probe/live.c) with the fake aws, az, gcloud
 * and kubectl of tests/live/bin first on PATH: the planned argv, recorded
 * JSON turned into real probe results, and every way a CLI can fail
 * (missing, no credentials, hanging, garbage, broken JSON, silence) ending
 * as one clear error result. Also the inventory's validation of `live:`.
 */
#include <time.h>
#include <unistd.h>

#include "core/inventory.h"
#include "probe/live.h"
#include "probe_test_support.h"
#include "util/xalloc.h"

#define LIVE_DIR SRGAP_TEST_DATA_DIR "/tests/live"

static struct inventory inventory;
static char *original_path;
static char log_path[] = "/tmp/srgap-live-log-XXXXXX";

static int setup(void **state)
{
	if (probe_fixture_setup(state) < 0)
		return -1;
	struct probe_fixture *f = *state;
	if (inventory_load(&inventory, LIVE_DIR "/inventory.yaml", &f->models, &f->diags) < 0) {
		print_diags(&f->diags);
		return -1;
	}
	original_path = xstrdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	int fd = mkstemp(log_path);
	if (fd < 0)
		return -1;
	close(fd);
	setenv("SRGAP_FAKE_CLI_LOG", log_path, 1);
	return 0;
}

static int teardown(void **state)
{
	inventory_release(&inventory);
	setenv("PATH", original_path, 1);
	free(original_path);
	unlink(log_path);
	return probe_fixture_teardown(state);
}

/* Fake CLIs first on PATH, in `mode` for all of them; the argv log emptied. */
static void fake_clis(const char *mode)
{
	char *path = xasprintf("%s/bin:%s", LIVE_DIR, original_path);
	setenv("PATH", path, 1);
	free(path);
	setenv("SRGAP_FAKE_CLI_MODE", mode, 1);
	unsetenv("SRGAP_FAKE_KUBECTL_MODE");
	FILE *log = fopen(log_path, "w");
	fclose(log);
}

static char *read_log(void)
{
	FILE *log = fopen(log_path, "r");
	char *text = xcalloc(1, 8192);
	size_t got = fread(text, 1, 8191, log);
	text[got] = '\0';
	fclose(log);
	return text;
}

static struct probe_results *run_live(void **state, const char *name, unsigned timeout)
{
	struct probe_fixture *f = *state;
	const struct environment *environment = inventory_find_environment(&inventory, name);
	assert_non_null(environment);
	probe_results_release(&f->results);
	probe_results_init(&f->results);
	diag_list_release(&f->diags);
	diag_list_init(&f->diags);
	struct live_options options = {.timeout_seconds = timeout};
	assert_int_equal(
		live_probe_environment(environment, &f->settings, &options, &f->results, &f->diags),
		0);
	if (f->diags.count) {
		print_diags(&f->diags);
		fail_msg("unexpected diagnostics");
	}
	return &f->results;
}

static const char *const checkout_commands[] = {
	"live: aws eks describe-cluster --name shop-prod --region eu-west-1 --output json",
	"live: aws ecr describe-repositories --region eu-west-1 --output json",
	"live: aws ecr get-registry-scanning-configuration --region eu-west-1 --output json",
	"live: kubectl --context shop-prod get namespaces,pods,deployments,statefulsets,daemonsets,"
	"replicasets,replicationcontrollers,jobs,cronjobs,podtemplates,networkpolicies,"
	"serviceaccounts,limitranges,clusterroles,roles,clusterrolebindings,rolebindings "
	"--all-namespaces "
	"--output json",
	"live: kubectl --context shop-prod version --output json",
};
#define CHECKOUT_COMMANDS (sizeof(checkout_commands) / sizeof(checkout_commands[0]))

static void join(const struct live_command *command, char *buffer, size_t size)
{
	size_t length = (size_t)snprintf(buffer, size, "live:");
	for (size_t i = 0; command->argv[i] && length < size; i++)
		length += (size_t)snprintf(buffer + length, size - length, " %s", command->argv[i]);
}

static void test_plan(void **state)
{
	(void)state;
	struct live_command commands[LIVE_MAX_COMMANDS];
	char line[512];
	size_t count = live_plan(inventory_find_environment(&inventory, "checkout-prod"), commands);
	assert_int_equal(count, CHECKOUT_COMMANDS);
	for (size_t i = 0; i < count; i++) {
		join(&commands[i], line, sizeof(line));
		assert_string_equal(line, checkout_commands[i]);
		assert_null(commands[i].missing);
	}
	assert_string_equal(commands[0].prefix, "aws.eks.");
	assert_string_equal(commands[3].prefix, "k8s.");
	assert_string_equal(commands[4].prefix, "k8s.");

	count = live_plan(inventory_find_environment(&inventory, "loyalty-aks"), commands);
	assert_int_equal(count, 2);
	join(&commands[0], line, sizeof(line));
	assert_string_equal(line,
			    "live: az aks show --resource-group rg-loyalty --name loyalty-aks "
			    "--output json");
	join(&commands[1], line, sizeof(line));
	assert_string_equal(line, "live: az acr list --resource-group rg-loyalty --output json");

	/* A zone: GKE takes --zone, Artifact Registry gets the zone's region. */
	count = live_plan(inventory_find_environment(&inventory, "web-gke"), commands);
	assert_int_equal(count, 2);
	join(&commands[0], line, sizeof(line));
	assert_string_equal(line, "live: gcloud container clusters describe web-gke --project "
				  "acme-web --zone europe-west1-b --format=json");
	join(&commands[1], line, sizeof(line));
	assert_string_equal(line, "live: gcloud artifacts repositories list --project acme-web "
				  "--location europe-west1 --format=json");

	count = live_plan(inventory_find_environment(&inventory, "web-run"), commands);
	assert_int_equal(count, 1);
	join(&commands[0], line, sizeof(line));
	assert_string_equal(line, "live: gcloud run services list --project acme-web --region "
				  "europe-west1 --format=json");

	count = live_plan(inventory_find_environment(&inventory, "half-configured"), commands);
	assert_int_equal(count, 1);
	assert_string_equal(commands[0].missing, "region");

	assert_int_equal(live_plan(inventory_find_environment(&inventory, "no-live"), commands), 0);
}

static const struct probe_result *find_by_file(const struct probe_results *results,
					       const char *probe, const char *file)
{
	for (size_t i = 0; i < results->count; i++)
		if (!strcmp(results->items[i].probe, probe) && results->items[i].file &&
		    !strcmp(results->items[i].file, file))
			return &results->items[i];
	return NULL;
}

static void test_recorded_output_becomes_probe_results(void **state)
{
	fake_clis("ok");
	struct probe_results *r = run_live(state, "checkout-prod", 10);
	const struct probe_result *x =
		expect_result(r, "aws.eks.endpoint-public", "cluster shop-prod", PROBE_FAIL,
			      "/cluster/resourcesVpcConfig/publicAccessCidrs/0", "0.0.0.0/0");
	assert_string_equal(x->file, checkout_commands[0]);
	x = expect_result(r, "aws.ecr.scan-on-push", "repository shop/api", PROBE_FAIL,
			  "/repositories/0/imageScanningConfiguration/scanOnPush", NULL);
	assert_string_equal(x->file, checkout_commands[1]);
	/* kubectl's List arrives item by item, pointers into its output. */
	bool kubernetes = false;
	for (size_t i = 0; i < r->count; i++)
		if (!strncmp(r->items[i].probe, "k8s.", 4)) {
			kubernetes = true;
			assert_string_equal(r->items[i].file, checkout_commands[3]);
			assert_true(!strncmp(r->items[i].pointer, "/items/", 7));
		}
	assert_true(kubernetes);
	for (size_t i = 0; i < r->count; i++)
		assert_true(strncmp(r->items[i].probe, "live.", 5));
	assert_int_equal(r->unrecognized_count, 0);
	assert_int_equal(r->files_read, CHECKOUT_COMMANDS);
	/* The CLIs got exactly these argv words: nothing split, nothing quoted. */
	char *log = read_log();
	assert_non_null(strstr(log, "aws [eks] [describe-cluster] [--name] [shop-prod] [--region] "
				    "[eu-west-1] [--output] [json]\n"));
	assert_non_null(strstr(log, "kubectl [--context] [shop-prod] [get] [namespaces,pods,"));
	assert_non_null(
		strstr(log, "kubectl [--context] [shop-prod] [version] [--output] [json]\n"));
	free(log);
}

static void test_other_clouds(void **state)
{
	fake_clis("ok");
	struct probe_results *r = run_live(state, "loyalty-aks", 10);
	assert_non_null(find_by_file(r, "azure.aks.local-accounts",
				     "live: az aks show --resource-group rg-loyalty --name "
				     "loyalty-aks --output json"));
	assert_non_null(
		find_by_file(r, "azure.acr.admin-user",
			     "live: az acr list --resource-group rg-loyalty --output json"));
	r = run_live(state, "web-gke", 10);
	assert_non_null(find_by_file(r, "gcp.gke.workload-identity",
				     "live: gcloud container clusters describe web-gke --project "
				     "acme-web --zone europe-west1-b --format=json"));
	assert_int_equal(r->unrecognized_count, 0);
	r = run_live(state, "web-run", 10);
	assert_non_null(find_by_file(r, "gcp.run.ingress",
				     "live: gcloud run services list --project acme-web --region "
				     "europe-west1 --format=json"));
}

/* Each command of checkout-prod must end as exactly one error with `needle`. */
static void expect_all_errors(const struct probe_results *r,
			      const char *const needles[CHECKOUT_COMMANDS])
{
	static const char *const subjects[] = {
		"environment checkout-prod: aws eks describe-cluster",
		"environment checkout-prod: aws ecr describe-repositories",
		"environment checkout-prod: aws ecr get-registry-scanning-configuration",
		"environment checkout-prod: kubectl get",
		"environment checkout-prod: kubectl version",
	};
	for (size_t i = 0; i < CHECKOUT_COMMANDS; i++) {
		const struct probe_result *x =
			expect_result(r, i >= 3 ? "live.kubectl" : "live.aws", subjects[i],
				      PROBE_ERROR, NULL, needles[i]);
		assert_string_equal(x->file, checkout_commands[i]);
		assert_null(x->pointer);
		assert_non_null(x->controls[0]);
	}
}

static void test_missing_credentials(void **state)
{
	fake_clis("fail");
	struct probe_results *r = run_live(state, "checkout-prod", 10);
	const char *aws = "aws exited 255: Unable to locate credentials. You can configure "
			  "credentials by running \"aws configure\".";
	const char *kubectl = "kubectl exited 1: error: context \"shop-prod\" does not exist";
	const char *const needles[] = {aws, aws, aws, kubectl, kubectl};
	expect_all_errors(r, needles);
	assert_int_equal(r->count, CHECKOUT_COMMANDS);
	/* An EKS error lands on the controls the EKS probes verify, e.g. API exposure. */
	const struct probe_result *x = find_result(r, "live.aws",
						   "environment checkout-prod: aws eks "
						   "describe-cluster");
	bool api = false;
	for (size_t c = 0; x->controls[c]; c++)
		api |= !strcmp(x->controls[c], "4.3.2c");
	assert_true(api);
}

static void test_hanging_cli_times_out(void **state)
{
	fake_clis("ok");
	setenv("SRGAP_FAKE_KUBECTL_MODE", "hang", 1);
	struct timespec start, end;
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct probe_results *r = run_live(state, "checkout-prod", 1);
	clock_gettime(CLOCK_MONOTONIC, &end);
	assert_true(end.tv_sec - start.tv_sec < 4);
	expect_result(r, "live.kubectl", "environment checkout-prod: kubectl get", PROBE_ERROR,
		      NULL, "kubectl timed out after 1 s");
	expect_result(r, "live.kubectl", "environment checkout-prod: kubectl version", PROBE_ERROR,
		      NULL, "kubectl timed out after 1 s");
	/* The other CLIs still answered. */
	expect_result(r, "aws.eks.endpoint-public", "cluster shop-prod", PROBE_FAIL, NULL, NULL);
	assert_int_equal(count_results(r, "live.aws"), 0);
}

static void test_garbage_broken_and_empty_output(void **state)
{
	fake_clis("garbage");
	struct probe_results *r = run_live(state, "checkout-prod", 10);
	const char *html = "output is not JSON (it starts \"<html><body>502 Bad Gateway";
	const char *const garbage[] = {html, html, html, html, html};
	expect_all_errors(r, garbage);
	assert_int_equal(r->count, CHECKOUT_COMMANDS);

	fake_clis("truncated");
	r = run_live(state, "checkout-prod", 10);
	const char *broken = "output is not valid JSON (line ";
	const char *const truncated[] = {broken, broken, broken, broken, broken};
	expect_all_errors(r, truncated);

	fake_clis("empty");
	r = run_live(state, "checkout-prod", 10);
	const char *const empty[] = {"aws printed nothing", "aws printed nothing",
				     "aws printed nothing", "kubectl printed nothing",
				     "kubectl printed nothing"};
	expect_all_errors(r, empty);
	assert_int_equal(r->count, CHECKOUT_COMMANDS);
}

static void test_cli_not_installed(void **state)
{
	fake_clis("ok");
	setenv("PATH", "/nonexistent-srgap-test", 1);
	struct probe_results *r = run_live(state, "checkout-prod", 10);
	const char *const needles[] = {"aws: not found on PATH", "aws: not found on PATH",
				       "aws: not found on PATH", "kubectl: not found on PATH",
				       "kubectl: not found on PATH"};
	expect_all_errors(r, needles);
	assert_int_equal(r->count, CHECKOUT_COMMANDS);
}

static void test_missing_live_field(void **state)
{
	fake_clis("ok");
	struct probe_results *r = run_live(state, "half-configured", 10);
	const struct probe_result *x = expect_result(
		r, "live.aws", "environment half-configured: aws eks describe-cluster", PROBE_ERROR,
		NULL, "live region is not set, so `aws eks describe-cluster` cannot run");
	assert_string_equal(x->file, "live: aws eks describe-cluster --name batch --region "
				     "<region> --output json");
	assert_int_equal(r->count, 1);
	char *log = read_log();
	assert_string_equal(log, ""); /* nothing was run */
	free(log);
}

static void test_inventory_rejects_unsafe_values(void **state)
{
	struct probe_fixture *f = *state;
	struct inventory bad;
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(
		inventory_load(&bad, FIXTURE("probe_live/bad-live.yaml"), &f->models, &diags), -1);
	expect_diag(&diags, "inventory.bad-value", 8, 15,
		    "live region '--endpoint-url=http://evil.example' must start with a letter");
	expect_diag(&diags, "inventory.bad-value", 9, 16, "live cluster 'prod; rm -rf /'");
	expect_diag(&diags, "inventory.bad-value", 11, 16, "lower-case letters");
	expect_diag(&diags, "inventory.bad-value", 12, 23, "'rg with spaces'");
	expect_diag(&diags, "inventory.bad-value", 13, 17, "live location ''");
	expect_diag(&diags, "inventory.unknown-key", 14, 7, "did you mean 'region'");
	expect_diag(&diags, "inventory.wrong-type", 18, 11, "'live' must be a mapping");
	assert_error_count(&diags, 7);
	/* The one valid value is kept; the rejected ones never reach an argv. */
	const struct environment *environment = inventory_find_environment(&bad, "injection");
	assert_string_equal(environment->live->context, "ok-context");
	assert_null(environment->live->region);
	assert_null(environment->live->cluster);
	inventory_release(&bad);
	diag_list_release(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_recorded_output_becomes_probe_results),
		cmocka_unit_test(test_other_clouds),
		cmocka_unit_test(test_missing_credentials),
		cmocka_unit_test(test_hanging_cli_times_out),
		cmocka_unit_test(test_garbage_broken_and_empty_output),
		cmocka_unit_test(test_cli_not_installed),
		cmocka_unit_test(test_missing_live_field),
		cmocka_unit_test(test_inventory_rejects_unsafe_values),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
