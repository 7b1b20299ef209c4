/*
 * The recipes in deploy/ (docs/scale-out.md), checked the way they will be
 * used:
 *   - every manifest and workflow parses with srgap's own YAML reader;
 *   - the ClusterRole grants only get and list, never on Secrets or "*",
 *     and covers every resource srgap's live Kubernetes probe reads (taken
 *     from live_plan, so a new resource there fails here until it is granted);
 *     the ServiceAccount is bound to it and named by every pod;
 *   - the Indexed Job's shard count agrees with its completions and
 *     parallelism, the CI matrix with its "/N";
 *   - each recipe's scripts run for real on this machine, with the fake
 *     cloud CLIs of tests/live: the Indexed Job's N pods as N parallel
 *     processes with JOB_COMPLETION_INDEX 0..N-1 and then the merge Job; the
 *     CronJob; the CI matrix's shard jobs in parallel and then its merge job.
 *     Each result must equal a single `srgap assess --live` byte for byte.
 *
 * usage: recipes SRGAP SOURCE_DIR (SRGAP_DATA_DIR set, as under meson)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "core/inventory.h"
#include "core/models.h"
#include "io/yaml_tree.h"
#include "probe/live.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/walk.h"
#include "util/xalloc.h"

extern char **environ;

static int passed, failed;

static void check(bool ok, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void check(bool ok, const char *format, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	va_list args;
	va_start(args, format);
	fputs("FAIL ", stdout);
	vprintf(format, args);
	fputc('\n', stdout);
	va_end(args);
}

/* ------------------------------------------------------------------ manifests */

struct manifest {
	const char *path;
	const struct ynode *root;
};

struct manifests {
	struct arena arena;
	struct manifest *items;
	size_t count, capacity;
	struct diag_list diags;
};

static void load_manifest(void *context, const char *path)
{
	struct manifests *list = context;
	size_t length = strlen(path);
	if (!(length > 5 && !strcmp(path + length - 5, ".yaml")) &&
	    !(length > 4 && !strcmp(path + length - 4, ".yml")))
		return;
	list->items = xgrow(list->items, &list->capacity, list->count + 1, sizeof(*list->items));
	list->items[list->count].path = arena_strdup(&list->arena, path);
	list->items[list->count++].root =
		yaml_tree_load_file(&list->arena, path, "deploy", &list->diags);
}

static const char *text(const struct ynode *mapping, const char *key)
{
	const struct ynode *value = mapping ? ynode_get(mapping, key) : NULL;
	return value && value->kind == YNODE_SCALAR ? value->value : NULL;
}

/* mapping[key][key2]... : a path of mapping keys. */
static const struct ynode *at(const struct ynode *node, const char *const *keys)
{
	for (; node && *keys; keys++)
		node = node->kind == YNODE_MAPPING ? ynode_get(node, *keys) : NULL;
	return node;
}
#define AT(node, ...) at(node, (const char *const[]){__VA_ARGS__, NULL})

static bool has(const struct ynode *sequence, const char *value)
{
	for (size_t i = 0; sequence && sequence->kind == YNODE_SEQUENCE && i < sequence->count;
	     i++)
		if (sequence->items[i]->kind == YNODE_SCALAR &&
		    !strcmp(sequence->items[i]->value, value))
			return true;
	return false;
}

/* Kubernetes objects of every manifest: a List's items, or the document itself. */
struct object {
	const struct manifest *manifest;
	const struct ynode *node;
	const char *kind, *name;
};

static size_t collect_objects(const struct manifests *list, struct object *objects, size_t max)
{
	size_t count = 0;
	for (size_t m = 0; m < list->count; m++) {
		const struct ynode *root = list->items[m].root;
		if (!text(root, "apiVersion") || !text(root, "kind"))
			continue; /* not Kubernetes: the CI workflow */
		const struct ynode *items = ynode_get(root, "items");
		size_t n = !strcmp(text(root, "kind"), "List") && items ? items->count : 1;
		for (size_t i = 0; i < n && count < max; i++) {
			const struct ynode *node = n == 1 && !items ? root : items->items[i];
			objects[count++] = (struct object){&list->items[m], node, text(node, "kind"),
							   text(AT(node, "metadata"), "name")};
		}
	}
	return count;
}

static const struct object *find(const struct object *objects, size_t count, const char *kind,
				 const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (objects[i].kind && !strcmp(objects[i].kind, kind) &&
		    (!name || (objects[i].name && !strcmp(objects[i].name, name))))
			return &objects[i];
	return NULL;
}

/* The API group a resource of srgap's kubectl get belongs to. */
static const char *api_group(const char *resource)
{
	static const char *const table[][2] = {
		{"deployments", "apps"},
		{"statefulsets", "apps"},
		{"daemonsets", "apps"},
		{"replicasets", "apps"},
		{"jobs", "batch"},
		{"cronjobs", "batch"},
		{"networkpolicies", "networking.k8s.io"},
		{"clusterroles", "rbac.authorization.k8s.io"},
		{"roles", "rbac.authorization.k8s.io"},
		{"clusterrolebindings", "rbac.authorization.k8s.io"},
		{"rolebindings", "rbac.authorization.k8s.io"},
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i][0], resource))
			return table[i][1];
	return "";
}

/* What srgap's live mode asks kubectl for, from the planner itself. */
static char *kubectl_resources(void)
{
	struct environment_live live = {.context = "any"};
	struct environment environment = {.name = "any", .live = &live};
	struct live_command commands[LIVE_MAX_COMMANDS];
	size_t count = live_plan(&environment, commands);
	for (size_t i = 0; i < count; i++)
		for (size_t a = 0; commands[i].argv[a]; a++)
			if (!strcmp(commands[i].argv[0], "kubectl") &&
			    !strcmp(commands[i].argv[a], "get") && commands[i].argv[a + 1])
				return xstrdup(commands[i].argv[a + 1]);
	return NULL;
}

static bool rule_grants(const struct ynode *rules, const char *group, const char *resource)
{
	for (size_t r = 0; rules && r < rules->count; r++) {
		const struct ynode *rule = rules->items[r];
		if (has(ynode_get(rule, "apiGroups"), group) &&
		    has(ynode_get(rule, "resources"), resource) &&
		    has(ynode_get(rule, "verbs"), "list"))
			return true;
	}
	return false;
}

static void check_rbac(const struct object *objects, size_t count)
{
	size_t roles = 0;
	for (size_t i = 0; i < count; i++) {
		const struct object *object = &objects[i];
		if (!object->kind ||
		    (strcmp(object->kind, "ClusterRole") && strcmp(object->kind, "Role")))
			continue;
		roles++;
		const struct ynode *rules = ynode_get(object->node, "rules");
		check(rules && rules->kind == YNODE_SEQUENCE, "%s: %s %s has no rules",
		      object->manifest->path, object->kind, object->name);
		for (size_t r = 0; rules && r < rules->count; r++) {
			const struct ynode *rule = rules->items[r];
			const struct ynode *verbs = ynode_get(rule, "verbs");
			for (size_t v = 0; verbs && v < verbs->count; v++)
				check(!strcmp(verbs->items[v]->value, "get") ||
					      !strcmp(verbs->items[v]->value, "list"),
				      "%s:%d: %s %s grants the verb '%s' (only get and list)",
				      object->manifest->path, verbs->items[v]->line, object->kind,
				      object->name, verbs->items[v]->value);
			check(!has(ynode_get(rule, "resources"), "secrets") &&
				      !has(ynode_get(rule, "resources"), "*") &&
				      !has(ynode_get(rule, "apiGroups"), "*") &&
				      !has(ynode_get(rule, "nonResourceURLs"), "*"),
			      "%s:%d: %s %s grants secrets or '*'", object->manifest->path,
			      rule->line, object->kind, object->name);
		}
		char *resources = kubectl_resources();
		check(resources != NULL, "live_plan plans no kubectl get");
		for (char *resource = resources, *comma; resource; resource = comma ? comma + 1 : NULL) {
			if ((comma = strchr(resource, ',')))
				*comma = '\0';
			check(rule_grants(rules, api_group(resource), resource),
			      "%s: %s %s does not let srgap list %s, which its live probe reads",
			      object->manifest->path, object->kind, object->name, resource);
		}
		free(resources);
	}
	check(roles > 0, "deploy/ has no ClusterRole");
	/* The ServiceAccount every pod runs as is bound to the read-only role. */
	const struct object *binding = find(objects, count, "ClusterRoleBinding", NULL);
	const char *account = binding ? text(AT(binding->node, "subjects")->items[0], "name") : NULL;
	check(binding && account && find(objects, count, "ServiceAccount", account) &&
		      find(objects, count, "ClusterRole",
			   text(AT(binding->node, "roleRef"), "name")),
	      "the ClusterRoleBinding does not bind a ServiceAccount of deploy/ to its ClusterRole");
	for (size_t i = 0; i < count && account; i++) {
		const struct ynode *spec = AT(objects[i].node, "spec", "template", "spec");
		if (!spec)
			spec = AT(objects[i].node, "spec", "jobTemplate", "spec", "template", "spec");
		if (spec)
			check(text(spec, "serviceAccountName") &&
				      !strcmp(text(spec, "serviceAccountName"), account),
			      "%s: %s %s does not run as %s", objects[i].manifest->path,
			      objects[i].kind, objects[i].name, account);
	}
}

/*
 * srgap's own Kubernetes probes over the manifests: the pods srgap runs in
 * must pass every hardening check. What only the user can settle (pinning
 * their image by digest, scanning it) is left out.
 */
static void check_own_probes(const char *srgap, const char *source, const char *scratch)
{
	char *output = xasprintf("%s/own-probes.json", scratch);
	char *command = xasprintf("\"%s\" probe --evidence \"%s/deploy/kubernetes\" --format json "
				  "-o \"%s\"",
				  srgap, source, output);
	check(system(command) == 0, "srgap probe over deploy/kubernetes failed");
	json_t *document = json_load_file(output, 0, NULL);
	json_t *results = json_object_get(document, "results");
	size_t checked = 0;
	for (size_t i = 0; i < json_array_size(results); i++) {
		const json_t *result = json_array_get(results, i);
		const char *probe = json_string_value(json_object_get(result, "probe"));
		const char *outcome = json_string_value(json_object_get(result, "result"));
		if (!probe || !outcome || !strcmp(probe, "k8s.pod.image-pinned") ||
		    !strncmp(probe, "image.", 6))
			continue;
		checked += !strcmp(outcome, "pass");
		check(strcmp(outcome, "fail") && strcmp(outcome, "error"),
		      "srgap's own probe %s: %s on %s (%s)", probe, outcome,
		      json_string_value(json_object_get(result, "subject")),
		      json_string_value(json_object_get(result, "detail")));
	}
	check(checked >= 20, "srgap's own probes passed only %zu checks on deploy/kubernetes",
	      checked);
	json_decref(document);
	free(command);
	free(output);
}

/* ------------------------------------------------------------------ running */

struct env {
	char **items;
	size_t count, capacity;
};

static void env_set(struct env *env, const char *name, const char *value)
{
	size_t length = strlen(name);
	char *entry = xasprintf("%s=%s", name, value);
	for (size_t i = 0; i < env->count; i++)
		if (!strncmp(env->items[i], name, length) && env->items[i][length] == '=') {
			free(env->items[i]);
			env->items[i] = entry;
			return;
		}
	env->items = xgrow(env->items, &env->capacity, env->count + 2, sizeof(*env->items));
	env->items[env->count++] = entry;
	env->items[env->count] = NULL;
}

static void env_init(struct env *env)
{
	memset(env, 0, sizeof(*env));
	for (char **entry = environ; *entry; entry++) {
		env->items = xgrow(env->items, &env->capacity, env->count + 2, sizeof(*env->items));
		env->items[env->count++] = xstrdup(*entry);
	}
	env->items[env->count] = NULL;
}

static void env_copy(struct env *env, const struct env *from)
{
	memset(env, 0, sizeof(*env));
	for (size_t i = 0; i < from->count; i++) {
		env->items = xgrow(env->items, &env->capacity, env->count + 2, sizeof(*env->items));
		env->items[env->count++] = xstrdup(from->items[i]);
	}
	env->items[env->count] = NULL;
}

static void env_release(struct env *env)
{
	for (size_t i = 0; i < env->count; i++)
		free(env->items[i]);
	free(env->items);
}

/* A container's env: list, with the recipe's paths replaced by the test's. */
static void env_from_container(struct env *env, const struct ynode *container)
{
	const struct ynode *list = ynode_get(container, "env");
	for (size_t i = 0; list && i < list->count; i++)
		if (text(list->items[i], "name") && text(list->items[i], "value"))
			env_set(env, text(list->items[i], "name"), text(list->items[i], "value"));
}

/* Starts `sh -c script` in `directory` with `env`; returns the pid. */
static pid_t start(const char *script, const char *directory, const struct env *env)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (chdir(directory) != 0)
			_exit(126);
		execle("/bin/sh", "sh", "-c", script, (char *)NULL, env->items);
		_exit(127);
	}
	return pid;
}

static bool finish(pid_t pid)
{
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static char *read_file(const char *path, size_t *size)
{
	FILE *file = fopen(path, "rb");
	if (!file)
		return NULL;
	struct strbuf buffer;
	strbuf_init(&buffer);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0)
		strbuf_add(&buffer, chunk, got);
	fclose(file);
	*size = buffer.len;
	return strbuf_detach(&buffer);
}

static bool same_file(const char *a, const char *b)
{
	size_t a_size = 0, b_size = 0;
	char *a_text = read_file(a, &a_size), *b_text = read_file(b, &b_size);
	bool same = a_text && b_text && a_size == b_size && !memcmp(a_text, b_text, a_size);
	free(a_text);
	free(b_text);
	return same;
}

static bool is_pdf(const char *path)
{
	size_t size = 0;
	char *data = read_file(path, &size);
	bool ok = data && size > 1000 && !memcmp(data, "%PDF-", 5);
	free(data);
	return ok;
}

/* The shell script of a container run as ["/bin/sh", "-c", SCRIPT]. */
static const char *container_script(const struct ynode *container)
{
	const struct ynode *command = ynode_get(container, "command");
	if (!command || command->kind != YNODE_SEQUENCE || command->count != 3 ||
	    strcmp(command->items[1]->value, "-c"))
		return NULL;
	return command->items[2]->value;
}

static const struct ynode *first_container(const struct ynode *pod_spec)
{
	const struct ynode *containers = ynode_get(pod_spec, "containers");
	return containers && containers->count ? containers->items[0] : NULL;
}

struct world {
	const char *srgap, *source, *scratch;
	const char *inventory; /* a folder inventory with live: blocks */
	char *reference;       /* srgap assess --live of it */
	struct env env;	       /* PATH with srgap, the fake CLIs and a kubectl for `config` */
};

static void run_indexed_job(struct world *world, const struct object *objects, size_t count)
{
	const struct object *job = NULL;
	for (size_t i = 0; i < count && !job; i++)
		if (objects[i].kind && !strcmp(objects[i].kind, "Job") &&
		    text(ynode_get(objects[i].node, "spec"), "completionMode"))
			job = &objects[i];
	const struct object *merge = NULL;
	for (size_t i = 0; i < count; i++)
		if (objects[i].kind && !strcmp(objects[i].kind, "Job") && &objects[i] != job)
			merge = &objects[i];
	check(job && !strcmp(text(ynode_get(job->node, "spec"), "completionMode"), "Indexed"),
	      "no Job with completionMode: Indexed in deploy/");
	check(merge != NULL, "no merge Job in deploy/");
	if (!job || !merge)
		return;
	const struct ynode *spec = ynode_get(job->node, "spec");
	const struct ynode *container = first_container(AT(spec, "template", "spec"));
	const char *script = container_script(container);
	struct env env;
	env_copy(&env, &world->env);
	env_from_container(&env, container);
	const char *shards_text = NULL;
	for (size_t i = 0; i < env.count; i++)
		if (!strncmp(env.items[i], "SHARDS=", 7))
			shards_text = env.items[i] + 7;
	long shards = shards_text ? atol(shards_text) : 0;
	check(shards > 0 && text(spec, "completions") && atol(text(spec, "completions")) == shards &&
		      text(spec, "parallelism") && atol(text(spec, "parallelism")) == shards,
	      "%s: SHARDS, completions and parallelism differ", job->manifest->path);
	check(script && strstr(script, "JOB_COMPLETION_INDEX") && strstr(script, "--shard"),
	      "%s: the Job's script does not map JOB_COMPLETION_INDEX to --shard",
	      job->manifest->path);
	if (!script || shards < 1 || shards > 64) {
		env_release(&env);
		return;
	}
	char *parts = xasprintf("%s/k8s-parts", world->scratch);
	mkdir(parts, 0755);
	env_set(&env, "INVENTORY", world->inventory);
	env_set(&env, "PARTS", parts);
	env_set(&env, "KUBECONFIG", "/dev/null");
	env_set(&env, "AWS_CONFIG_FILE", "/dev/null");
	env_set(&env, "HOME", world->scratch);
	pid_t pids[64];
	for (long k = 0; k < shards; k++) {
		char index[24];
		snprintf(index, sizeof(index), "%ld", k);
		env_set(&env, "JOB_COMPLETION_INDEX", index);
		pids[k] = start(script, world->scratch, &env);
	}
	bool all = true;
	for (long k = 0; k < shards; k++)
		all &= finish(pids[k]);
	check(all, "indexed-job: a shard pod's script failed");
	const struct ynode *merge_container =
		first_container(AT(ynode_get(merge->node, "spec"), "template", "spec"));
	const char *merge_script = container_script(merge_container);
	env_from_container(&env, merge_container);
	env_set(&env, "INVENTORY", world->inventory);
	env_set(&env, "PARTS", parts);
	check(merge_script && finish(start(merge_script, world->scratch, &env)),
	      "indexed-job: the merge Job's script failed");
	char *estate = xasprintf("%s/estate.json", parts), *pdf = xasprintf("%s/estate.pdf", parts);
	check(same_file(estate, world->reference),
	      "indexed-job: the merged shards differ from a single run");
	check(is_pdf(pdf), "indexed-job: no PDF report from the merge Job");
	free(estate);
	free(pdf);
	free(parts);
	env_release(&env);
}

static void run_cronjob(struct world *world, const struct object *objects, size_t count)
{
	const struct object *cronjob = find(objects, count, "CronJob", NULL);
	check(cronjob != NULL, "no CronJob in deploy/");
	if (!cronjob)
		return;
	const struct ynode *container = first_container(
		AT(cronjob->node, "spec", "jobTemplate", "spec", "template", "spec"));
	const char *script = container_script(container);
	struct env env;
	env_copy(&env, &world->env);
	env_from_container(&env, container);
	char *reports = xasprintf("%s/reports", world->scratch);
	mkdir(reports, 0755);
	env_set(&env, "INVENTORY", world->inventory);
	env_set(&env, "OUT", reports);
	env_set(&env, "KUBECONFIG", "/dev/null");
	check(script && finish(start(script, world->scratch, &env)), "cronjob: its script failed");
	/* One assessment-DATE.json and .pdf per run. */
	char *find_json = xasprintf("ls %s/assessment-*.json", reports);
	FILE *listing = popen(find_json, "r");
	char path[4096] = "";
	if (listing && fgets(path, sizeof(path), listing))
		path[strcspn(path, "\n")] = '\0';
	if (listing)
		pclose(listing);
	check(*path && same_file(path, world->reference),
	      "cronjob: its assessment differs from a single run");
	if (*path)
		memcpy(path + strlen(path) - 4, "pdf", 4);
	check(*path && is_pdf(path), "cronjob: no PDF report");
	free(find_json);
	free(reports);
	env_release(&env);
}

/* Replaces every `${{ matrix.shard }}` with `shard`; NULL if another expression is left. */
static char *expand(const char *script, long shard)
{
	struct strbuf out;
	strbuf_init(&out);
	const char *at = script, *expression;
	while ((expression = strstr(at, "${{"))) {
		strbuf_add(&out, at, (size_t)(expression - at));
		const char *end = strstr(expression, "}}");
		char *inside = end ? xstrndup(expression + 3, (size_t)(end - expression - 3)) : NULL;
		bool known = inside && !strcmp(inside, " matrix.shard ");
		free(inside);
		if (!known) {
			strbuf_release(&out);
			return NULL;
		}
		strbuf_addf(&out, "%ld", shard);
		at = end + 2;
	}
	strbuf_addstr(&out, at);
	return strbuf_detach(&out);
}

/* The `run:` steps of a job that call srgap (building it is the runner's business). */
static char *srgap_steps(const struct ynode *job, long shard)
{
	struct strbuf script;
	strbuf_init(&script);
	strbuf_addstr(&script, "set -eu\n");
	const struct ynode *steps = ynode_get(job, "steps");
	bool any = false;
	for (size_t i = 0; steps && i < steps->count; i++) {
		const char *run = text(steps->items[i], "run");
		if (!run || !strstr(run, "./build/srgap ") || strstr(run, "ninja"))
			continue;
		char *expanded = expand(run, shard);
		if (!expanded) {
			strbuf_release(&script);
			return NULL;
		}
		strbuf_addstr(&script, expanded);
		free(expanded);
		any = true;
	}
	if (!any) {
		strbuf_release(&script);
		return NULL;
	}
	return strbuf_detach(&script);
}

/* A runner's workspace: the repository with the inventory and a built srgap. */
static char *workspace(struct world *world, const char *name)
{
	char *directory = xasprintf("%s/%s", world->scratch, name);
	char *build = xasprintf("%s/build", directory), *binary = xasprintf("%s/srgap", build);
	char *inventory = xasprintf("%s/inventory", directory);
	mkdir(directory, 0755);
	mkdir(build, 0755);
	check(symlink(world->srgap, binary) == 0 && symlink(world->inventory, inventory) == 0,
	      "cannot set up the workspace %s", directory);
	free(build);
	free(binary);
	free(inventory);
	return directory;
}

static void run_workflow(struct world *world, const struct manifests *list)
{
	const struct ynode *jobs = NULL;
	const char *path = NULL;
	for (size_t m = 0; m < list->count && !jobs; m++)
		if ((jobs = ynode_get(list->items[m].root, "jobs")))
			path = list->items[m].path;
	check(jobs != NULL, "no CI workflow (jobs:) in deploy/");
	if (!jobs)
		return;
	const struct ynode *shard_job = ynode_get(jobs, "shard"), *merge_job = ynode_get(jobs, "merge");
	const struct ynode *matrix = AT(shard_job, "strategy", "matrix", "shard");
	size_t shards = matrix && matrix->kind == YNODE_SEQUENCE ? matrix->count : 0;
	bool in_order = shards > 0 && shards <= 64;
	for (size_t k = 0; in_order && k < shards; k++)
		in_order = atol(matrix->items[k]->value) == (long)k + 1;
	check(in_order, "%s: the matrix is not shard: [1, 2, ..., N]", path);
	const char *needs = text(merge_job, "needs");
	check(merge_job && (has(ynode_get(merge_job, "needs"), "shard") ||
			    (needs && !strcmp(needs, "shard"))),
	      "%s: the merge job does not wait for the shards", path);
	if (!in_order || !merge_job)
		return;
	char of[32];
	snprintf(of, sizeof(of), "/%zu", shards);
	pid_t pids[64];
	char *parts = xasprintf("%s/ci-merge/parts", world->scratch);
	char *merge_directory = workspace(world, "ci-merge");
	mkdir(parts, 0755);
	for (size_t k = 0; k < shards; k++) {
		char *script = srgap_steps(shard_job, (long)k + 1);
		check(script && strstr(script, of), "%s: the shard job does not run '--shard K%s'",
		      path, of);
		char name[32];
		snprintf(name, sizeof(name), "ci-shard-%zu", k + 1);
		char *directory = workspace(world, name);
		pids[k] = script ? start(script, directory, &world->env) : -1;
		free(script);
		free(directory);
	}
	bool all = true;
	for (size_t k = 0; k < shards; k++)
		all &= finish(pids[k]);
	check(all, "ci: a shard job failed");
	/* download-artifact, merge-multiple: every part into parts/. */
	char *gather = xasprintf("cp %s/ci-shard-*/part-*.json %s/", world->scratch, parts);
	check(system(gather) == 0, "ci: the shard jobs wrote no parts");
	char *script = srgap_steps(merge_job, 0);
	check(script && finish(start(script, merge_directory, &world->env)),
	      "ci: the merge job failed");
	char *estate = xasprintf("%s/estate.json", merge_directory);
	char *pdf = xasprintf("%s/estate.pdf", merge_directory);
	check(same_file(estate, world->reference), "ci: the merged shards differ from a single run");
	check(is_pdf(pdf), "ci: no PDF report from the merge job");
	free(estate);
	free(pdf);
	free(script);
	free(gather);
	free(parts);
	free(merge_directory);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: recipes SRGAP SOURCE_DIR\n");
		return 2;
	}
	struct world world = {.srgap = argv[1], .source = argv[2]};
	char scratch[] = "/tmp/srgap-deploy-XXXXXX";
	if (!mkdtemp(scratch))
		return 2;
	world.scratch = scratch;

	struct manifests list = {0};
	arena_init(&list.arena);
	diag_list_init(&list.diags);
	char *deploy = xasprintf("%s/deploy", world.source);
	walk_files(deploy, "deploy", load_manifest, &list, &list.diags);
	diag_list_print(stdout, &list.diags);
	check(list.diags.count == 0 && list.count >= 5,
	      "deploy/: %zu manifests, %zu problems reading them", list.count, list.diags.count);
	for (size_t m = 0; m < list.count; m++)
		check(list.items[m].root != NULL, "%s does not parse", list.items[m].path);
	struct object objects[64];
	size_t count = collect_objects(&list, objects, 64);
	check_rbac(objects, count);
	check_own_probes(world.srgap, world.source, scratch);

	/* The fake CLIs of tests/live; kubectl also takes the CronJob's `kubectl config`. */
	char *bin = xasprintf("%s/bin", scratch), *link = xasprintf("%s/srgap", bin);
	char *kubectl = xasprintf("%s/kubectl", bin);
	char *fakes = xasprintf("%s/tests/live/bin", world.source);
	mkdir(bin, 0755);
	check(symlink(world.srgap, link) == 0, "cannot link srgap");
	FILE *wrapper = fopen(kubectl, "w");
	if (wrapper) {
		fprintf(wrapper, "#!/bin/sh\n[ \"$1\" = config ] && exit 0\nexec %s/kubectl \"$@\"\n",
			fakes);
		fclose(wrapper);
		chmod(kubectl, 0755);
	}
	env_init(&world.env);
	char *path = xasprintf("%s:%s:/usr/bin:/bin", bin, fakes);
	env_set(&world.env, "PATH", path);
	env_set(&world.env, "SRGAP_FAKE_CLI_MODE", "ok");
	/* The live-mode test inventory, as a folder (ConfigMaps and repositories hold folders). */
	char *inventory = xasprintf("%s/inventory", scratch);
	mkdir(inventory, 0755);
	char *copy = xasprintf("cp %s/tests/live/inventory.yaml %s/", world.source, inventory);
	check(system(copy) == 0, "cannot copy the inventory");
	world.inventory = inventory;
	world.reference = xasprintf("%s/reference.json", scratch);
	char *single = xasprintf("srgap assess \"%s\" --live --format json -o \"%s\" 2>/dev/null",
				 inventory, world.reference);
	check(finish(start(single, scratch, &world.env)), "the single run failed");

	run_indexed_job(&world, objects, count);
	run_cronjob(&world, objects, count);
	run_workflow(&world, &list);

	char *cleanup = xasprintf("rm -rf %s", scratch);
	if (!failed && system(cleanup) != 0)
		fprintf(stderr, "cannot remove %s\n", scratch);
	else if (failed)
		printf("scratch kept in %s\n", scratch);
	printf("%d passed, %d failed\n", passed, failed);
	free(cleanup);
	free(single);
	free(copy);
	free(path);
	free(inventory);
	free(fakes);
	free(kubectl);
	free(link);
	free(bin);
	free(deploy);
	free(world.reference);
	env_release(&world.env);
	diag_list_release(&list.diags);
	free(list.items);
	arena_release(&list.arena);
	return failed ? 1 : 0;
}
