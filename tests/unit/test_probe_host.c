/*
 * Unit tests for the host probe family: fixture host trees under
 * fixtures/host/ read with probe_host(--root), trees built at run time for
 * what git cannot store (socket modes and groups, symlink loops), and
 * daemon.json met as evidence. Every probe has a pass, a fail and an error
 * case; results are asserted exactly, including pointer NULL for text files.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe_test_support.h"
#include "util/xalloc.h"

#define HOST(name) FIXTURE("host/" name)

/* Runs probe_host on `root`; no diagnostics allowed unless `diags_expected`. */
static struct probe_results *run_host(void **state, const char *root, int diags_expected)
{
	struct probe_fixture *f = *state;
	probe_results_release(&f->results);
	probe_results_init(&f->results);
	diag_list_release(&f->diags);
	diag_list_init(&f->diags);
	assert_int_equal(probe_host(root, &f->settings, &f->results, &f->diags), 0);
	if (!diags_expected && f->diags.count) {
		print_diags(&f->diags);
		fail_msg("%s: unexpected diagnostics", root);
	}
	return &f->results;
}

/* The result must come from `rel` below `root` (NULL: no file) with no JSON pointer. */
static void expect_text_file(const struct probe_result *result, const char *root, const char *rel)
{
	if (!rel) {
		assert_null(result->file);
	} else {
		char *want = xasprintf("%s/%s", root, rel);
		assert_string_equal(result->file, want);
		free(want);
	}
	assert_null(result->pointer);
}

/* ------------------------------------------------------------------ fixture trees */

static void test_hardened_host_passes(void **state)
{
	const char *root = HOST("hardened-docker");
	struct probe_results *r = run_host(state, root, 0);
	const struct probe_result *x;
	x = expect_result(
		r, "host.os.container-optimized", "host OS", PROBE_PASS, NULL,
		"Flatcar Container Linux by Kinvolk 3975.2.0 (Oklo) is a container-specific "
		"OS (ID flatcar)");
	expect_text_file(x, root, "etc/os-release");
	x = expect_result(r, "host.kernel.mac", "mandatory access control", PROBE_PASS, NULL,
			  "SELinux is enforcing");
	expect_text_file(x, root, "sys/fs/selinux/enforce");
	x = expect_result(r, "host.audit.container-runtime", "audit rule for /usr/bin/dockerd",
			  PROBE_PASS, NULL, "-w /usr/bin/dockerd -k docker");
	expect_text_file(x, root, "etc/audit/rules.d/docker.rules");
	expect_result(r, "host.audit.container-runtime", "audit rule for /etc/docker", PROBE_PASS,
		      NULL, "docker.rules:3");
	expect_result(r, "host.audit.container-runtime", "audit rule for /var/lib/docker",
		      PROBE_PASS, NULL, "-F path=/var/lib/docker");
	expect_result(r, "host.docker.icc", "Docker inter-container traffic", PROBE_PASS, "/icc",
		      "sets icc to false");
	expect_result(r, "host.docker.userns-remap", "Docker user namespace remapping", PROBE_PASS,
		      "/userns-remap", "'default'");
	expect_result(r, "host.docker.no-new-privileges", "Docker no-new-privileges default",
		      PROBE_PASS, "/no-new-privileges", "to true");
	expect_result(r, "host.docker.live-restore", "Docker live restore", PROBE_PASS,
		      "/live-restore", "without stopping containers");
	expect_result(r, "host.docker.insecure-registries", "Docker insecure registries",
		      PROBE_PASS, "/insecure-registries", "no insecure registries");
	x = expect_result(r, "host.docker.tcp-tls", "Docker API TCP listener", PROBE_PASS,
			  "/hosts/1", "tcp://0.0.0.0:2376 and requires client certificates");
	char *daemon = xasprintf("%s/etc/docker/daemon.json", root);
	assert_string_equal(x->file, daemon);
	free(daemon);
	x = expect_result(r, "host.docker.socket-permissions", "Docker API socket permissions",
			  PROBE_ERROR, NULL, "no docker.sock");
	expect_text_file(x, root, "var/run/docker.sock");
	for (size_t i = 0; i < r->count; i++)
		if (!strcmp(r->items[i].probe, "host.kernel.sysctl"))
			assert_int_equal(r->items[i].outcome, PROBE_PASS);
	x = expect_result(r, "host.kernel.sysctl", "sysctl kernel.yama.ptrace_scope", PROBE_PASS,
			  NULL, "kernel.yama.ptrace_scope = 1");
	expect_text_file(x, root, "proc/sys/kernel/yama/ptrace_scope");
	assert_int_equal(count_results(r, "host.kernel.sysctl"), 12);
	assert_int_equal(r->count, 24);
	assert_int_equal(r->unrecognized_count, 0);
}

static void test_general_purpose_host_fails(void **state)
{
	const char *root = HOST("general-purpose");
	struct probe_results *r = run_host(state, root, 0);
	const struct probe_result *x;
	/* etc/os-release is an absolute symlink: it must resolve inside the root. */
	x = expect_result(r, "host.os.container-optimized", "host OS", PROBE_FAIL, NULL,
			  "Ubuntu 22.04.4 LTS (ID ubuntu) is a general-purpose OS");
	expect_text_file(x, root, "etc/os-release");
	x = expect_result(r, "host.kernel.mac", "mandatory access control", PROBE_FAIL, NULL,
			  "no profile is in enforce mode (2 loaded)");
	expect_text_file(x, root, "sys/kernel/security/apparmor/profiles");
	x = expect_result(r, "host.audit.container-runtime", "audit rule for /usr/bin/containerd",
			  PROBE_FAIL, NULL, "auditd is not configured");
	expect_text_file(x, root, "etc/audit");
	expect_result(r, "host.audit.container-runtime", "audit rule for /usr/bin/dockerd",
		      PROBE_FAIL, NULL, "etc/audit does not exist");
	expect_result(r, "host.docker.insecure-registries", "Docker insecure registries",
		      PROBE_FAIL, "/insecure-registries", "registry.internal:5000, 10.0.0.5:5000");
	expect_result(r, "host.docker.icc", "Docker inter-container traffic", PROBE_FAIL, "/icc",
		      "every container on the default bridge");
	expect_result(r, "host.docker.tcp-tls", "Docker API TCP listener", PROBE_FAIL, "/hosts/1",
		      "tcp://0.0.0.0:2375 without tlsverify");
	expect_result(r, "host.docker.no-new-privileges", "Docker no-new-privileges default",
		      PROBE_FAIL, "", "Docker's default no-new-privileges=false");
	/* Flags in the systemd drop-in win over daemon.json; they have no JSON pointer. */
	x = expect_result(r, "host.docker.userns-remap", "Docker user namespace remapping",
			  PROBE_PASS, NULL, "--userns-remap=default");
	expect_text_file(x, root, "etc/systemd/system/docker.service.d/override.conf");
	x = expect_result(r, "host.docker.live-restore", "Docker live restore", PROBE_FAIL, NULL,
			  "--live-restore=false");
	expect_text_file(x, root, "etc/systemd/system/docker.service.d/override.conf");
	expect_result(r, "host.kernel.sysctl", "sysctl kernel.kptr_restrict", PROBE_FAIL, NULL,
		      "= 0, expected at least 1");
	expect_result(r, "host.kernel.sysctl", "sysctl fs.suid_dumpable", PROBE_FAIL, NULL,
		      "= 2, expected 0");
	expect_result(r, "host.kernel.sysctl", "sysctl net.ipv4.conf.all.send_redirects",
		      PROBE_FAIL, NULL, "= 1, expected 0");
	expect_result(r, "host.kernel.sysctl", "sysctl fs.protected_symlinks", PROBE_PASS, NULL,
		      "= 1");
	expect_result(r, "host.kernel.sysctl", "sysctl kernel.dmesg_restrict", PROBE_ERROR, NULL,
		      "does not hold a number");
	x = expect_result(r, "host.kernel.sysctl", "sysctl kernel.yama.ptrace_scope", PROBE_ERROR,
			  NULL, "No such file or directory");
	expect_text_file(x, root, "proc/sys/kernel/yama/ptrace_scope");
	assert_int_equal(r->count, 24);
}

static void test_docker_defaults_apply_without_daemon_json(void **state)
{
	const char *root = HOST("docker-defaults");
	struct probe_results *r = run_host(state, root, 0);
	const struct probe_result *x;
	x = expect_result(r, "host.os.container-optimized", "host OS", PROBE_PASS, NULL,
			  "Bottlerocket OS 1.20.3 (aws-k8s-1.29) is a container-specific OS "
			  "(ID bottlerocket)");
	x = expect_result(
		r, "host.docker.icc", "Docker inter-container traffic", PROBE_FAIL, NULL,
		"there is no daemon.json and no dockerd flag sets it, so Docker's default "
		"icc=true applies");
	expect_text_file(x, root, "etc/docker/daemon.json");
	expect_result(r, "host.docker.userns-remap", "Docker user namespace remapping", PROBE_FAIL,
		      NULL, "no daemon.json and no --userns-remap flag");
	expect_result(r, "host.docker.no-new-privileges", "Docker no-new-privileges default",
		      PROBE_FAIL, NULL, "no-new-privileges=false");
	expect_result(r, "host.docker.live-restore", "Docker live restore", PROBE_FAIL, NULL,
		      "live-restore=false");
	x = expect_result(r, "host.docker.insecure-registries", "Docker insecure registries",
			  PROBE_PASS, NULL, "Docker's default");
	expect_text_file(x, root, "etc/docker/daemon.json");
	expect_result(r, "host.docker.tcp-tls", "Docker API TCP listener", PROBE_PASS, NULL,
		      "local sockets only");
	x = expect_result(r, "host.audit.container-runtime", "audit rule for /usr/bin/dockerd",
			  PROBE_FAIL, NULL, "no audit rule watches /usr/bin/dockerd");
	expect_text_file(x, root, "etc/audit/rules.d");
	x = expect_result(r, "host.kernel.mac", "mandatory access control", PROBE_ERROR, NULL,
			  "is missing, so SELinux and AppArmor status is unknown");
	expect_text_file(x, root, "sys");
	assert_int_equal(count_results(r, "host.kernel.sysctl"), 12);
	for (size_t i = 0; i < r->count; i++)
		if (!strcmp(r->items[i].probe, "host.kernel.sysctl"))
			assert_int_equal(r->items[i].outcome, PROBE_ERROR);
}

static void test_malformed_daemon_json_is_an_error(void **state)
{
	struct probe_fixture *f = *state;
	const char *root = HOST("bad-daemon-json");
	struct probe_results *r = run_host(state, root, 1);
	char *file = xasprintf("%s/etc/docker/daemon.json", root);
	const struct diag *d = expect_diag(&f->diags, "host.json-syntax", 4, 0, "invalid JSON");
	assert_string_equal(d->file, file);
	assert_error_count(&f->diags, 1);
	static const char *const daemon_probes[][2] = {
		{"host.docker.icc", "Docker inter-container traffic"},
		{"host.docker.insecure-registries", "Docker insecure registries"},
		{"host.docker.live-restore", "Docker live restore"},
		{"host.docker.no-new-privileges", "Docker no-new-privileges default"},
		{"host.docker.tcp-tls", "Docker API TCP listener"},
		{"host.docker.userns-remap", "Docker user namespace remapping"},
	};
	for (size_t i = 0; i < 6; i++) {
		const struct probe_result *x =
			expect_result(r, daemon_probes[i][0], daemon_probes[i][1], PROBE_ERROR,
				      NULL, "daemon.json is not valid JSON (line 4");
		assert_string_equal(x->file, file);
		assert_null(x->pointer);
	}
	free(file);
	expect_result(r, "host.os.container-optimized", "host OS", PROBE_ERROR, NULL,
		      "so the OS is unknown");
}

static void test_empty_tree_cannot_decide(void **state)
{
	const char *root = HOST("empty");
	struct probe_results *r = run_host(state, root, 0);
	const struct probe_result *x;
	x = expect_result(r, "host.os.container-optimized", "host OS", PROBE_ERROR, NULL,
			  "No such file or directory");
	expect_text_file(x, root, "etc/os-release");
	expect_result(r, "host.kernel.mac", "mandatory access control", PROBE_ERROR, NULL,
		      "is missing");
	expect_result(r, "host.audit.container-runtime", "container runtime audit", PROBE_ERROR,
		      NULL, "nothing to check");
	/* No Docker on this host: no daemon or socket results at all. */
	for (size_t i = 0; i < r->count; i++)
		assert_null(strstr(r->items[i].probe, "host.docker."));
	assert_int_equal(r->count, 15);
}

static void test_root_must_be_a_folder(void **state)
{
	struct probe_fixture *f = *state;
	diag_list_release(&f->diags);
	diag_list_init(&f->diags);
	assert_int_equal(probe_host(HOST("hardened-docker/etc/os-release"), &f->settings,
				    &f->results, &f->diags),
			 -1);
	expect_diag(&f->diags, "host.unreadable", 0, 0, "is not a folder");
	assert_int_equal(probe_host(HOST("no-such-root"), &f->settings, &f->results, &f->diags),
			 -1);
	expect_diag(&f->diags, "host.unreadable", 0, 0, "No such file or directory");
}

/* ------------------------------------------------------------------ trees built at run time */

struct tree {
	char root[256];
};

static void tree_make(struct tree *tree)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(tree->root, sizeof(tree->root), "%s/srgap-host-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(tree->root));
}

static void tree_dir(struct tree *tree, const char *rel)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", tree->root, rel);
	for (char *slash = path + strlen(tree->root) + 1; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	mkdir(path, 0755);
}

static void tree_file(struct tree *tree, const char *rel, const char *text, mode_t mode)
{
	char path[512];
	const char *slash = strrchr(rel, '/');
	if (slash) {
		char dir[256];
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - rel), rel);
		tree_dir(tree, dir);
	}
	snprintf(path, sizeof(path), "%s/%s", tree->root, rel);
	FILE *file = fopen(path, "w");
	assert_non_null(file);
	fputs(text, file);
	fclose(file);
	assert_int_equal(chmod(path, mode), 0);
}

static void tree_link(struct tree *tree, const char *rel, const char *target)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", tree->root, rel);
	assert_int_equal(symlink(target, path), 0);
}

static void tree_remove(struct tree *tree)
{
	char *command = xasprintf("rm -rf '%s'", tree->root);
	assert_int_equal(system(command), 0);
	free(command);
}

/*
 * A docker.sock stand-in with `mode`, whose group etc/group calls `group`.
 * As root the file is given gid 4242 first, so gid 0 does not mean "root".
 */
static const struct probe_result *socket_case(void **state, struct tree *tree, mode_t mode,
					      const char *group, const char *known_gid)
{
	tree_make(tree);
	tree_file(tree, "usr/bin/dockerd", "", 0755);
	tree_file(tree, "var/run/docker.sock", "", mode);
	char path[512];
	snprintf(path, sizeof(path), "%s/var/run/docker.sock", tree->root);
	gid_t gid = getegid();
	if (geteuid() == 0) {
		gid = 4242;
		assert_int_equal(chown(path, (uid_t)-1, gid), 0);
	}
	char groups[128];
	snprintf(groups, sizeof(groups), "wheel:x:10:\n%s:x:%s:alice\n", group,
		 known_gid ? known_gid : "");
	if (!known_gid)
		snprintf(groups, sizeof(groups), "wheel:x:10:\n%s:x:%u:alice\n", group,
			 (unsigned)gid);
	tree_file(tree, "etc/group", groups, 0644);
	struct probe_results *r = run_host(state, tree->root, 0);
	return find_result(r, "host.docker.socket-permissions", "Docker API socket permissions");
}

static void test_socket_permissions(void **state)
{
	struct tree tree;
	const struct probe_result *x;

	x = socket_case(state, &tree, 0660, "docker", NULL);
	assert_non_null(x);
	assert_int_equal(x->outcome, PROBE_PASS);
	assert_non_null(strstr(x->detail, "mode 0660, group 'docker'"));
	expect_text_file(x, tree.root, "var/run/docker.sock");
	tree_remove(&tree);

	x = socket_case(state, &tree, 0666, "docker", NULL);
	assert_int_equal(x->outcome, PROBE_FAIL);
	assert_non_null(strstr(x->detail, "every local user can write"));
	tree_remove(&tree);

	x = socket_case(state, &tree, 0660, "users", NULL);
	assert_int_equal(x->outcome, PROBE_FAIL);
	assert_non_null(strstr(x->detail, "group 'users'"));
	tree_remove(&tree);

	x = socket_case(state, &tree, 0660, "docker", "1"); /* the file's gid is not listed */
	assert_int_equal(x->outcome, PROBE_ERROR);
	assert_non_null(strstr(x->detail, "is not in etc/group"));
	tree_remove(&tree);

	/* /var/run -> /run (absolute) must stay inside the root. */
	tree_make(&tree);
	tree_file(&tree, "usr/bin/dockerd", "", 0755);
	tree_file(&tree, "run/docker.sock", "", 0600);
	tree_dir(&tree, "var");
	tree_link(&tree, "var/run", "/run");
	struct probe_results *r = run_host(state, tree.root, 0);
	x = expect_result(r, "host.docker.socket-permissions", "Docker API socket permissions",
			  PROBE_PASS, NULL, "mode 0600");
	expect_text_file(x, tree.root, "run/docker.sock");
	tree_remove(&tree);
}

static void os_case(void **state, const char *os_release, enum probe_outcome outcome,
		    const char *needle)
{
	struct tree tree;
	tree_make(&tree);
	tree_file(&tree, "usr/lib/os-release", os_release, 0644);
	struct probe_results *r = run_host(state, tree.root, 0);
	const struct probe_result *x =
		expect_result(r, "host.os.container-optimized", "host OS", outcome, NULL, needle);
	/* Without etc/os-release the file read is usr/lib/os-release (os-release(5)). */
	expect_text_file(x, tree.root, "usr/lib/os-release");
	tree_remove(&tree);
}

static void test_container_os_variants(void **state)
{
	os_case(state,
		"NAME=\"Fedora Linux\"\nID=fedora\nVARIANT_ID=coreos\n"
		"PRETTY_NAME=\"Fedora CoreOS 40\"\n",
		PROBE_PASS, "Fedora CoreOS 40 is a container-specific OS (VARIANT_ID coreos)");
	os_case(state, "NAME=Talos\nID=talos\nPRETTY_NAME=\"Talos (v1.7.0)\"\n", PROBE_PASS,
		"(ID talos)");
	os_case(state, "NAME=\"Container-Optimized OS\"\nID=cos\nPRETTY_NAME='COS 109'\n",
		PROBE_PASS, "COS 109 is a container-specific OS (ID cos)");
	os_case(state, "NAME=\"Microsoft Azure Linux\"\nID=azurelinux\n", PROBE_PASS,
		"(ID azurelinux)");
	os_case(state,
		"NAME=\"Red Hat Enterprise Linux CoreOS\"\nID=\"rhcos\"\nID_LIKE=\"rhel fedora\"\n",
		PROBE_PASS, "(ID rhcos)");
	os_case(state,
		"NAME=\"Amazon Linux\"\nID=\"amzn\"\nID_LIKE=\"centos rhel fedora\"\n"
		"PRETTY_NAME=\"Amazon Linux 2023\"\n",
		PROBE_FAIL, "Amazon Linux 2023 (ID amzn) is a general-purpose OS");
	os_case(state, "NAME=Mystery\nPRETTY_NAME=Mystery\n", PROBE_ERROR, "has no ID");
}

static void test_symlinks_stay_inside_the_root(void **state)
{
	struct tree tree;
	tree_make(&tree);
	tree_dir(&tree, "etc");
	tree_link(&tree, "etc/os-release", "os-release"); /* a loop */
	struct probe_results *r = run_host(state, tree.root, 0);
	expect_result(r, "host.os.container-optimized", "host OS", PROBE_ERROR, NULL,
		      "Too many levels of symbolic links");
	tree_remove(&tree);

	/* "../../../.." stops at the root instead of reaching this machine's /etc. */
	tree_make(&tree);
	tree_file(&tree, "etc/real-release", "ID=talos\nPRETTY_NAME=Talos\n", 0644);
	tree_link(&tree, "etc/os-release", "../../../../../../etc/real-release");
	r = run_host(state, tree.root, 0);
	expect_result(r, "host.os.container-optimized", "host OS", PROBE_PASS, NULL, "Talos");
	tree_remove(&tree);
}

static void test_apparmor_enabled_but_unreadable(void **state)
{
	struct tree tree;
	tree_make(&tree);
	tree_file(&tree, "sys/module/apparmor/parameters/enabled", "Y\n", 0644);
	struct probe_results *r = run_host(state, tree.root, 0);
	expect_result(r, "host.kernel.mac", "mandatory access control", PROBE_ERROR, NULL,
		      "AppArmor is enabled in the kernel but its profiles cannot be read");
	tree_remove(&tree);

	tree_make(&tree);
	tree_file(&tree, "sys/fs/selinux/enforce", "0", 0644);
	r = run_host(state, tree.root, 0);
	expect_result(r, "host.kernel.mac", "mandatory access control", PROBE_FAIL, NULL,
		      "permissive");
	tree_remove(&tree);

	tree_make(&tree);
	tree_file(&tree, "sys/kernel/security/apparmor/profiles",
		  "docker-default (enforce)\n/usr/bin/man (complain)\n", 0644);
	r = run_host(state, tree.root, 0);
	expect_result(r, "host.kernel.mac", "mandatory access control", PROBE_PASS, NULL,
		      "1 of 2 profiles enforce");
	tree_remove(&tree);

	tree_make(&tree);
	tree_dir(&tree, "sys/kernel/security");
	r = run_host(state, tree.root, 0);
	expect_result(r, "host.kernel.mac", "mandatory access control", PROBE_FAIL, NULL,
		      "neither SELinux nor AppArmor is active");
	tree_remove(&tree);
}

static void test_unreadable_audit_rules_are_errors(void **state)
{
	if (geteuid() == 0)
		skip(); /* root reads a mode-000 folder anyway */
	struct tree tree;
	tree_make(&tree);
	tree_file(&tree, "usr/bin/containerd", "", 0755);
	tree_dir(&tree, "etc/audit/rules.d");
	char path[512];
	snprintf(path, sizeof(path), "%s/etc/audit/rules.d", tree.root);
	chmod(path, 0);
	struct probe_results *r = run_host(state, tree.root, 0);
	expect_result(r, "host.audit.container-runtime", "audit rule for /usr/bin/containerd",
		      PROBE_ERROR, NULL, "Permission denied");
	chmod(path, 0755);
	tree_remove(&tree);
}

static void test_tcp_flags_and_tlsverify(void **state)
{
	struct tree tree;
	tree_make(&tree);
	tree_file(&tree, "usr/bin/dockerd", "", 0755);
	tree_file(&tree, "lib/systemd/system/docker.service",
		  "[Service]\nExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock "
		  "-Htcp://10.0.0.1:2376 --tlsverify --insecure-registry mirror.lan:5000 "
		  "--icc=false\n",
		  0644);
	struct probe_results *r = run_host(state, tree.root, 0);
	const struct probe_result *x;
	x = expect_result(r, "host.docker.tcp-tls", "Docker API TCP listener", PROBE_PASS, NULL,
			  "tcp://10.0.0.1:2376 and requires client certificates");
	expect_text_file(x, tree.root, "lib/systemd/system/docker.service");
	expect_result(r, "host.docker.insecure-registries", "Docker insecure registries",
		      PROBE_FAIL, NULL, "mirror.lan:5000");
	expect_result(r, "host.docker.icc", "Docker inter-container traffic", PROBE_PASS, NULL,
		      "--icc=false");
	tree_remove(&tree);
}

/* ------------------------------------------------------------------ daemon.json as evidence */

static void test_daemon_json_evidence(void **state)
{
	struct probe_results *r = run_fixture(state, FIXTURE("probe_host/daemon.json"));
	const struct probe_result *x;
	x = expect_result(r, "host.docker.insecure-registries", "Docker insecure registries",
			  PROBE_FAIL, "/insecure-registries", "build-cache.lan:5000");
	assert_non_null(strstr(x->file, "probe_host/daemon.json"));
	expect_result(r, "host.docker.userns-remap", "Docker user namespace remapping", PROBE_FAIL,
		      "/userns-remap", "userns-remap is not set");
	expect_result(r, "host.docker.no-new-privileges", "Docker no-new-privileges default",
		      PROBE_ERROR, "/no-new-privileges", "not true or false");
	expect_result(r, "host.docker.live-restore", "Docker live restore", PROBE_PASS,
		      "/live-restore", "sets live-restore to true");
	expect_result(r, "host.docker.icc", "Docker inter-container traffic", PROBE_FAIL, "",
		      "daemon.json does not set icc");
	expect_result(r, "host.docker.tcp-tls", "Docker API TCP listener", PROBE_PASS, "",
		      "local sockets only");
	/* Host-only probes never run on evidence files. */
	assert_int_equal(count_results(r, "host.kernel.sysctl"), 0);
	assert_int_equal(r->count, 6);
}

static void test_generic_json_is_not_daemon_json(void **state)
{
	struct probe_results *r = run_fixture(state, FIXTURE("probe_host/not-daemon.json"));
	assert_int_equal(r->count, 0);
	assert_int_equal(r->unrecognized_count, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hardened_host_passes),
		cmocka_unit_test(test_general_purpose_host_fails),
		cmocka_unit_test(test_docker_defaults_apply_without_daemon_json),
		cmocka_unit_test(test_malformed_daemon_json_is_an_error),
		cmocka_unit_test(test_empty_tree_cannot_decide),
		cmocka_unit_test(test_root_must_be_a_folder),
		cmocka_unit_test(test_socket_permissions),
		cmocka_unit_test(test_container_os_variants),
		cmocka_unit_test(test_symlinks_stay_inside_the_root),
		cmocka_unit_test(test_apparmor_enabled_but_unreadable),
		cmocka_unit_test(test_unreadable_audit_rules_are_errors),
		cmocka_unit_test(test_tcp_flags_and_tlsverify),
		cmocka_unit_test(test_daemon_json_evidence),
		cmocka_unit_test(test_generic_json_is_not_daemon_json),
	};
	return cmocka_run_group_tests(tests, probe_fixture_setup, probe_fixture_teardown);
}
