/*
 * Host probes: a Linux container host, read live ("/") or from a copy of
 * its files under a root folder. They check the OS (os-release), mandatory
 * access control, kernel sysctls, audit rules for the container runtime,
 * the Docker socket's permissions and the Docker daemon's settings
 * (daemon.json plus the dockerd flags in its systemd unit). A daemon.json
 * found in an evidence folder is checked by the same daemon probes.
 * Symbolic links are resolved inside the root, never on the machine
 * running srgap. Nothing here changes the host.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe/probe.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define KIND_ROOT	 "host.root"
#define KIND_DAEMON_JSON "host.docker.daemon-json"

#define MAX_TEXT  (4u * 1024 * 1024)
#define MAX_LINKS 40
#define MAX_FLAGS 256

/* ------------------------------------------------------------------ files under the root */

struct host {
	char prefix[PATH_MAX]; /* the root without trailing slashes: "" for "/" */
	struct diag_list *diags;
	bool docker_present;
	bool daemon_missing;  /* no etc/docker/daemon.json: Docker's defaults apply */
	char *daemon_invalid; /* why daemon.json cannot be used (owned), or NULL */
	/* dockerd's command line from its systemd unit (owned), and where it was read. */
	char *flags[MAX_FLAGS];
	size_t flag_count;
	char *flags_file;
};

/*
 * Where `rel` ("etc/os-release") sits for people: "/etc/os-release" or
 * "ROOT/etc/os-release". A path longer than PATH_MAX is shown cut short
 * with "..." (resolve() refuses to open it anyway).
 */
static void shown(const struct host *host, const char *rel, char *buffer, size_t size)
{
	int length = snprintf(buffer, size, "%s/%s", host->prefix, rel);
	if (length < 0 || (size_t)length >= size)
		memcpy(buffer + size - 4, "...", 4);
}

/*
 * Resolves `rel` below the root the way the host would see it: absolute
 * symbolic links restart at the root and ".." stops there. Fills `real`
 * (a path on this machine) or returns -1 with errno set.
 */
static int resolve(const struct host *host, const char *rel, char *real, size_t size)
{
	char done[PATH_MAX] = "";     /* resolved part, relative to the root, "" or "/a/b" */
	char remaining[PATH_MAX * 2]; /* what is left to walk */
	int links = 0;
	if (snprintf(remaining, sizeof(remaining), "%s", rel) >= (int)sizeof(remaining)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	char *cursor = remaining;
	while (*cursor) {
		while (*cursor == '/')
			cursor++;
		if (!*cursor)
			break;
		char *slash = strchr(cursor, '/');
		size_t length = slash ? (size_t)(slash - cursor) : strlen(cursor);
		char part[NAME_MAX + 1];
		if (length > NAME_MAX) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(part, cursor, length);
		part[length] = '\0';
		cursor += length;
		if (!strcmp(part, "."))
			continue;
		if (!strcmp(part, "..")) {
			char *last = strrchr(done, '/');
			if (last)
				*last = '\0';
			continue;
		}
		char candidate[PATH_MAX], path[PATH_MAX];
		if (snprintf(candidate, sizeof(candidate), "%s/%s", done, part) >=
			    (int)sizeof(candidate) ||
		    snprintf(path, sizeof(path), "%s%s", host->prefix, candidate) >=
			    (int)sizeof(path)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		struct stat st;
		if (lstat(path, &st) != 0)
			return -1;
		if (!S_ISLNK(st.st_mode)) {
			memcpy(done, candidate, strlen(candidate) + 1);
			continue;
		}
		if (++links > MAX_LINKS) {
			errno = ELOOP;
			return -1;
		}
		char target[PATH_MAX];
		ssize_t got = readlink(path, target, sizeof(target) - 1);
		if (got < 0)
			return -1;
		target[got] = '\0';
		char rest[PATH_MAX * 2];
		if (snprintf(rest, sizeof(rest), "%s/%s", target, cursor) >= (int)sizeof(rest)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (target[0] == '/')
			done[0] = '\0';
		memcpy(remaining, rest, strlen(rest) + 1);
		cursor = remaining;
	}
	if (snprintf(real, size, "%s%s", host->prefix, done[0] ? done : "/") >= (int)size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int host_stat(const struct host *host, const char *rel, struct stat *st)
{
	char real[PATH_MAX];
	if (resolve(host, rel, real, sizeof(real)) != 0)
		return -1;
	return stat(real, st);
}

static bool host_exists(const struct host *host, const char *rel)
{
	struct stat st;
	return host_stat(host, rel, &st) == 0;
}

/* Reads a text file below the root (proc files report size 0, so read to the end). */
static char *host_read(const struct host *host, const char *rel, size_t *length)
{
	char real[PATH_MAX];
	if (resolve(host, rel, real, sizeof(real)) != 0)
		return NULL;
	int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int saved = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		close(fd);
		errno = saved;
		return NULL;
	}
	size_t capacity = 0, size = 0;
	char *data = NULL;
	for (;;) {
		data = xgrow(data, &capacity, size + 4096 + 1, 1);
		ssize_t got = read(fd, data + size, capacity - size - 1);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			free(data);
			close(fd);
			errno = saved;
			return NULL;
		}
		if (got == 0)
			break;
		size += (size_t)got;
		if (size > MAX_TEXT) {
			free(data);
			close(fd);
			errno = EFBIG;
			return NULL;
		}
	}
	close(fd);
	data[size] = '\0';
	if (length)
		*length = size;
	return data;
}

static struct host *host_context(struct probe_run *run)
{
	return *(struct host **)probe_run_state(run, &probe_family_host);
}

/* ------------------------------------------------------------------ OS */

/* os-release values: unquote "..." / '...' and drop backslash escapes. */
static void os_release_value(const char *data, const char *key, char *out, size_t size)
{
	out[0] = '\0';
	size_t key_length = strlen(key);
	for (const char *line = data; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t length = end ? (size_t)(end - line) : strlen(line);
		if (length > key_length && !strncmp(line, key, key_length) &&
		    line[key_length] == '=') {
			const char *value = line + key_length + 1;
			size_t value_length = length - key_length - 1;
			char quote = value_length && (*value == '"' || *value == '\'') ? *value : 0;
			if (quote) {
				value++;
				value_length--;
				if (value_length && value[value_length - 1] == quote)
					value_length--;
			}
			size_t n = 0;
			for (size_t i = 0; i < value_length && n + 1 < size; i++) {
				if (value[i] == '\\' && i + 1 < value_length)
					i++;
				out[n++] = value[i];
			}
			out[n] = '\0';
			return;
		}
		line = end ? end + 1 : NULL;
	}
}

static bool word_in(const char *word, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(word, list[i]))
			return true;
	return false;
}

/*
 * Container-specific host OSes by their os-release ID (or an ID_LIKE
 * word): minimal, image-based or read-only systems built to run containers.
 */
static const char *const container_os_ids[] = {
	"bottlerocket",	    /* Bottlerocket (AWS) */
	"cos",		    /* Container-Optimized OS (Google) */
	"flatcar",	    /* Flatcar Container Linux */
	"coreos",	    /* CoreOS Container Linux; Flatcar says ID_LIKE=coreos */
	"talos",	    /* Talos Linux */
	"rhcos",	    /* Red Hat Enterprise Linux CoreOS (OpenShift) */
	"azurelinux",	    /* Azure Linux 3 */
	"mariner",	    /* CBL-Mariner / Azure Linux 2 */
	"rancheros",	    /* RancherOS */
	"k3os",		    /* k3OS */
	"opensuse-microos", /* openSUSE MicroOS */
	"sle-micro",	    /* SUSE Linux Enterprise Micro 5 */
	"sl-micro",	    /* SUSE Linux Micro 6 */
	NULL,
};

static void check_os(struct probe_run *run, const struct probe *probe,
		     const struct evidence_document *document)
{
	struct host *host = host_context(run);
	if (!host)
		return;
	static const char *const candidates[] = {"etc/os-release", "usr/lib/os-release"};
	char file[PATH_MAX];
	char *data = NULL;
	int error = 0;
	for (size_t i = 0; i < 2 && !data; i++) {
		shown(host, candidates[i], file, sizeof(file));
		data = host_read(host, candidates[i], NULL);
		if (!data && !error)
			error = errno;
	}
	if (!data) {
		shown(host, candidates[0], file, sizeof(file));
		probe_report_at(run, probe, NULL, PROBE_ERROR, "host OS", file, NULL,
				"cannot read %s or usr/lib/os-release (%s), so the OS is unknown",
				file, strerror(error));
		return;
	}
	char id[128], like[256], variant[128], pretty[256];
	os_release_value(data, "ID", id, sizeof(id));
	os_release_value(data, "ID_LIKE", like, sizeof(like));
	os_release_value(data, "VARIANT_ID", variant, sizeof(variant));
	os_release_value(data, "PRETTY_NAME", pretty, sizeof(pretty));
	free(data);
	if (!pretty[0])
		snprintf(pretty, sizeof(pretty), "%s", id);
	if (!id[0]) {
		probe_report_at(run, probe, NULL, PROBE_ERROR, "host OS", file, NULL,
				"os-release has no ID, so the OS is unknown");
		return;
	}
	char because[300] = "";
	if (word_in(id, container_os_ids))
		snprintf(because, sizeof(because), "ID %s", id);
	else if (!strcmp(variant, "coreos"))
		snprintf(because, sizeof(because), "VARIANT_ID coreos"); /* Fedora CoreOS */
	char *save = NULL;
	for (char *word = strtok_r(like, " ", &save); word && !because[0];
	     word = strtok_r(NULL, " ", &save))
		if (word_in(word, container_os_ids))
			snprintf(because, sizeof(because), "ID_LIKE %s", word);
	if (because[0])
		probe_report_at(run, probe, NULL, PROBE_PASS, "host OS", file, NULL,
				"%s is a container-specific OS (%s)", pretty, because);
	else
		probe_report_at(
			run, probe, NULL, PROBE_FAIL, "host OS", file, NULL,
			"%s (ID %s) is a general-purpose OS; a container-specific one "
			"such as Bottlerocket, Flatcar or Talos has a smaller attack surface",
			pretty, id);
	(void)document;
}

/* ------------------------------------------------------------------ MAC */

static void check_mac(struct probe_run *run, const struct probe *probe,
		      const struct evidence_document *document)
{
	struct host *host = host_context(run);
	if (!host)
		return;
	const char *subject = "mandatory access control";
	char file[PATH_MAX];
	shown(host, "sys/fs/selinux/enforce", file, sizeof(file));
	char *enforce = host_read(host, "sys/fs/selinux/enforce", NULL);
	if (enforce) {
		bool on = enforce[0] == '1';
		free(enforce);
		if (on)
			probe_report_at(run, probe, NULL, PROBE_PASS, subject, file, NULL,
					"SELinux is enforcing");
		else
			probe_report_at(run, probe, NULL, PROBE_FAIL, subject, file, NULL,
					"SELinux is loaded but permissive: it logs and blocks "
					"nothing");
		return;
	}
	shown(host, "sys/kernel/security/apparmor/profiles", file, sizeof(file));
	char *profiles = host_read(host, "sys/kernel/security/apparmor/profiles", NULL);
	int profiles_error = errno;
	if (profiles) {
		unsigned enforcing = 0, total = 0;
		char *save = NULL;
		for (char *line = strtok_r(profiles, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			total++;
			enforcing += strstr(line, "(enforce)") != NULL;
		}
		free(profiles);
		if (enforcing)
			probe_report_at(run, probe, NULL, PROBE_PASS, subject, file, NULL,
					"AppArmor is active: %u of %u profiles enforce", enforcing,
					total);
		else
			probe_report_at(run, probe, NULL, PROBE_FAIL, subject, file, NULL,
					"AppArmor is loaded but no profile is in enforce mode "
					"(%u loaded)",
					total);
		return;
	}
	char *enabled = host_read(host, "sys/module/apparmor/parameters/enabled", NULL);
	if (enabled && enabled[0] == 'Y') {
		free(enabled);
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, file, NULL,
				"AppArmor is enabled in the kernel but its profiles cannot be read "
				"(%s): securityfs not mounted, or not run as root",
				strerror(profiles_error));
		return;
	}
	free(enabled);
	if (host_exists(host, "sys/kernel/security") || host_exists(host, "sys/module")) {
		shown(host, "sys/kernel/security", file, sizeof(file));
		probe_report_at(run, probe, NULL, PROBE_FAIL, subject, file, NULL,
				"neither SELinux nor AppArmor is active");
		return;
	}
	shown(host, "sys", file, sizeof(file));
	probe_report_at(run, probe, NULL, PROBE_ERROR, subject, file, NULL,
			"%s is missing, so SELinux and AppArmor status is unknown", file);
	(void)document;
}

/* ------------------------------------------------------------------ sysctls */

struct sysctl_rule {
	const char *name; /* kernel.kptr_restrict */
	long value;	  /* required value, or minimum */
	bool at_least;
	const char *why; /* what the setting protects */
};

static const struct sysctl_rule sysctl_rules[] = {
	{"fs.protected_hardlinks", 1, false, "hard-link attacks on files users do not own"},
	{"fs.protected_symlinks", 1, false, "symlink races in world-writable directories"},
	{"fs.suid_dumpable", 0, false, "core dumps of setuid programs leaking secrets"},
	{"kernel.dmesg_restrict", 1, false, "unprivileged reads of the kernel log"},
	{"kernel.kptr_restrict", 1, true, "kernel pointer leaks that defeat KASLR"},
	{"kernel.perf_event_paranoid", 2, true, "unprivileged kernel profiling"},
	{"kernel.randomize_va_space", 2, false, "predictable memory layout (full ASLR)"},
	{"kernel.unprivileged_bpf_disabled", 1, true, "unprivileged eBPF, a common escape path"},
	{"kernel.yama.ptrace_scope", 1, true, "processes attaching to other processes"},
	{"net.ipv4.conf.all.accept_redirects", 0, false, "ICMP redirects rerouting traffic"},
	{"net.ipv4.conf.all.accept_source_route", 0, false, "source-routed packets"},
	{"net.ipv4.conf.all.send_redirects", 0, false, "the host sending ICMP redirects"},
};

static void check_sysctls(struct probe_run *run, const struct probe *probe,
			  const struct evidence_document *document)
{
	struct host *host = host_context(run);
	if (!host)
		return;
	for (size_t i = 0; i < sizeof(sysctl_rules) / sizeof(sysctl_rules[0]); i++) {
		const struct sysctl_rule *rule = &sysctl_rules[i];
		char rel[160], file[PATH_MAX], subject[160];
		snprintf(rel, sizeof(rel), "proc/sys/%s", rule->name);
		for (char *c = rel + 9; *c; c++)
			if (*c == '.')
				*c = '/';
		shown(host, rel, file, sizeof(file));
		snprintf(subject, sizeof(subject), "sysctl %s", rule->name);
		char *text = host_read(host, rel, NULL);
		if (!text) {
			probe_report_at(run, probe, NULL, PROBE_ERROR, subject, file, NULL,
					"cannot read %s: %s", file, strerror(errno));
			continue;
		}
		char *end;
		errno = 0;
		long value = strtol(text, &end, 10);
		bool number = end != text && errno == 0 && (*end == '\n' || *end == '\0');
		free(text);
		if (!number) {
			probe_report_at(run, probe, NULL, PROBE_ERROR, subject, file, NULL,
					"%s does not hold a number", file);
			continue;
		}
		bool ok = rule->at_least ? value >= rule->value : value == rule->value;
		if (ok)
			probe_report_at(run, probe, NULL, PROBE_PASS, subject, file, NULL,
					"%s = %ld", rule->name, value);
		else
			probe_report_at(run, probe, NULL, PROBE_FAIL, subject, file, NULL,
					"%s = %ld, expected %s%ld: allows %s", rule->name, value,
					rule->at_least ? "at least " : "", rule->value, rule->why);
	}
	(void)document;
}

/* ------------------------------------------------------------------ audit rules */

struct audit_rule {
	char *path;   /* watched path, no trailing slash */
	char *origin; /* "-w /usr/bin/dockerd -k docker (FILE:LINE)" */
	char *file;
};

struct audit_rules {
	struct audit_rule *items;
	size_t count, capacity;
};

static void audit_add(struct audit_rules *rules, const char *path, size_t length, const char *text,
		      const char *file, int line)
{
	while (length > 1 && path[length - 1] == '/')
		length--;
	rules->items =
		xgrow(rules->items, &rules->capacity, rules->count + 1, sizeof(*rules->items));
	struct audit_rule *rule = &rules->items[rules->count++];
	rule->path = xstrndup(path, length);
	char trimmed[160];
	snprintf(trimmed, sizeof(trimmed), "%s", text);
	rule->origin = xasprintf("%s (%s:%d)", trimmed, file, line);
	rule->file = xstrdup(file);
}

/* Collects -w PATH and -F path=/dir= watches from one rules file. */
static void audit_parse(struct audit_rules *rules, const char *data, const char *file)
{
	int number = 0;
	for (const char *line = data; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t length = end ? (size_t)(end - line) : strlen(line);
		number++;
		char text[1024];
		snprintf(text, sizeof(text), "%.*s", (int)(length < 1023 ? length : 1023), line);
		line = end ? end + 1 : NULL;
		char *hash = strchr(text, '#');
		if (hash)
			*hash = '\0';
		char copy[1024];
		memcpy(copy, text, sizeof(copy));
		char *save = NULL;
		char *previous = NULL;
		for (char *token = strtok_r(copy, " \t\r", &save); token;
		     token = strtok_r(NULL, " \t\r", &save)) {
			if (previous && !strcmp(previous, "-w"))
				audit_add(rules, token, strlen(token), text, file, number);
			else if (!strncmp(token, "path=", 5) || !strncmp(token, "dir=", 4)) {
				const char *value = strchr(token, '=') + 1;
				audit_add(rules, value, strlen(value), text, file, number);
			}
			previous = token;
		}
	}
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads etc/audit/audit.rules and etc/audit/rules.d/NAME.rules; -1 with errno if unreadable. */
static int audit_load(const struct host *host, struct audit_rules *rules, char *read_from,
		      size_t size)
{
	struct stat st;
	if (host_stat(host, "etc/audit", &st) != 0)
		return -1;
	shown(host, "etc/audit/rules.d", read_from, size);
	char real[PATH_MAX];
	char **names = NULL;
	size_t count = 0, capacity = 0;
	if (resolve(host, "etc/audit/rules.d", real, sizeof(real)) == 0) {
		DIR *dir = opendir(real);
		if (!dir && errno != ENOENT)
			return -1;
		struct dirent *entry;
		while (dir && (entry = readdir(dir))) {
			size_t length = strlen(entry->d_name);
			if (entry->d_name[0] == '.' || length < 7 ||
			    strcmp(entry->d_name + length - 6, ".rules"))
				continue;
			names = xgrow(names, &capacity, count + 1, sizeof(*names));
			names[count++] = xasprintf("etc/audit/rules.d/%s", entry->d_name);
		}
		if (dir)
			closedir(dir);
	}
	if (count)
		qsort(names, count, sizeof(*names), compare_strings);
	names = xgrow(names, &capacity, count + 1, sizeof(*names));
	names[count++] = xstrdup("etc/audit/audit.rules");
	int unreadable = 0, read_any = 0;
	for (size_t i = 0; i < count; i++) {
		char *data = host_read(host, names[i], NULL);
		if (!data && errno != ENOENT)
			unreadable = errno;
		if (data) {
			char file[PATH_MAX];
			shown(host, names[i], file, sizeof(file));
			audit_parse(rules, data, file);
			read_any = 1;
			free(data);
		}
		free(names[i]);
	}
	free(names);
	if (unreadable && !read_any) {
		errno = unreadable;
		return -1;
	}
	return 0;
}

/* A container runtime file worth auditing: the first of `paths` present below the root. */
struct audit_target {
	const char *name;
	const char *paths[4];
};

static const struct audit_target audit_targets[] = {
	{"dockerd", {"usr/bin/dockerd", "usr/sbin/dockerd", "usr/local/bin/dockerd", NULL}},
	{"containerd", {"usr/bin/containerd", "usr/local/bin/containerd", "bin/containerd", NULL}},
	{"runc", {"usr/bin/runc", "usr/sbin/runc", "usr/local/sbin/runc", "usr/local/bin/runc"}},
	{"/etc/docker", {"etc/docker", NULL}},
	{"/var/lib/docker", {"var/lib/docker", NULL}},
	{"/etc/containerd", {"etc/containerd", NULL}},
	{"docker.sock", {"run/docker.sock", "var/run/docker.sock", NULL}},
	{"containerd.sock", {"run/containerd/containerd.sock", NULL}},
};

/* The rule that watches `path` (or a directory above it); /var/run is /run. */
static const struct audit_rule *audit_find(const struct audit_rules *rules, const char *path)
{
	char alias[PATH_MAX] = "";
	int written = 0;
	if (!strncmp(path, "/run/", 5))
		written = snprintf(alias, sizeof(alias), "/var%s", path);
	else if (!strncmp(path, "/var/run/", 9))
		written = snprintf(alias, sizeof(alias), "%s", path + 4);
	if (written < 0 || (size_t)written >= sizeof(alias))
		alias[0] = '\0';
	for (size_t i = 0; i < rules->count; i++) {
		const char *watched = rules->items[i].path;
		size_t length = strlen(watched);
		for (int a = 0; a < 2; a++) {
			const char *candidate = a ? alias : path;
			if (!candidate[0])
				continue;
			if (!strcmp(candidate, watched) ||
			    (!strncmp(candidate, watched, length) && candidate[length] == '/'))
				return &rules->items[i];
		}
	}
	return NULL;
}

static void check_audit(struct probe_run *run, const struct probe *probe,
			const struct evidence_document *document)
{
	struct host *host = host_context(run);
	if (!host)
		return;
	struct audit_rules rules = {0};
	char read_from[PATH_MAX], file[PATH_MAX];
	int loaded = audit_load(host, &rules, read_from, sizeof(read_from));
	int load_error = errno;
	shown(host, "etc/audit", file, sizeof(file));
	size_t found = 0;
	for (size_t t = 0; t < sizeof(audit_targets) / sizeof(audit_targets[0]); t++) {
		const struct audit_target *target = &audit_targets[t];
		const char *present = NULL;
		for (size_t p = 0; p < 4 && target->paths[p] && !present; p++)
			if (host_exists(host, target->paths[p]))
				present = target->paths[p];
		if (!present)
			continue;
		found++;
		/* Targets are short fixed paths (the table above). */
		char subject[200], path[128];
		path[0] = '/';
		memcpy(path + 1, present, strlen(present) + 1);
		snprintf(subject, sizeof(subject), "audit rule for %s", path);
		if (loaded < 0 && load_error == ENOENT) {
			probe_report_at(run, probe, NULL, PROBE_FAIL, subject, file, NULL,
					"%s does not exist: auditd is not configured, so nothing "
					"records changes to %s",
					file, path);
			continue;
		}
		if (loaded < 0) {
			probe_report_at(run, probe, NULL, PROBE_ERROR, subject, file, NULL,
					"cannot read the audit rules in %s: %s", file,
					strerror(load_error));
			continue;
		}
		const struct audit_rule *rule = audit_find(&rules, path);
		if (rule)
			probe_report_at(run, probe, NULL, PROBE_PASS, subject, rule->file, NULL,
					"watched: %s", rule->origin);
		else
			probe_report_at(run, probe, NULL, PROBE_FAIL, subject, read_from, NULL,
					"no audit rule watches %s (add e.g. -w %s -k docker)", path,
					path);
	}
	if (!found)
		probe_report_at(
			run, probe, NULL, PROBE_ERROR, "container runtime audit", file, NULL,
			"no container runtime files (dockerd, containerd, runc, /etc/docker, "
			"/var/lib/docker) were found, so there is nothing to check");
	for (size_t i = 0; i < rules.count; i++) {
		free(rules.items[i].path);
		free(rules.items[i].origin);
		free(rules.items[i].file);
	}
	free(rules.items);
	(void)document;
}

/* ------------------------------------------------------------------ Docker socket */

/* The name of group `gid` from ROOT/etc/group, or NULL. */
static char *group_name(const struct host *host, unsigned gid)
{
	if (gid == 0)
		return xstrdup("root");
	char *data = host_read(host, "etc/group", NULL);
	char *name = NULL;
	char *save = NULL;
	for (char *line = data ? strtok_r(data, "\n", &save) : NULL; line && !name;
	     line = strtok_r(NULL, "\n", &save)) {
		char *first = strchr(line, ':');
		char *second = first ? strchr(first + 1, ':') : NULL;
		if (!second)
			continue;
		char *end;
		unsigned long value = strtoul(second + 1, &end, 10);
		if (end != second + 1 && (*end == ':' || *end == '\0') && value == gid)
			name = xstrndup(line, (size_t)(first - line));
	}
	free(data);
	return name;
}

static void check_socket(struct probe_run *run, const struct probe *probe,
			 const struct evidence_document *document)
{
	struct host *host = host_context(run);
	if (!host || !host->docker_present)
		return;
	static const char *const candidates[] = {"run/docker.sock", "var/run/docker.sock"};
	const char *subject = "Docker API socket permissions";
	char file[PATH_MAX];
	struct stat st;
	const char *found = NULL;
	for (size_t i = 0; i < 2 && !found; i++)
		if (host_stat(host, candidates[i], &st) == 0)
			found = candidates[i];
	if (!found) {
		shown(host, candidates[1], file, sizeof(file));
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, file, NULL,
				"no docker.sock in /run or /var/run (dockerd not running?), so its "
				"permissions cannot be checked");
		return;
	}
	shown(host, found, file, sizeof(file));
	unsigned mode = (unsigned)st.st_mode & 07777;
	char *group = group_name(host, (unsigned)st.st_gid);
	if (mode & 0002)
		probe_report_at(run, probe, NULL, PROBE_FAIL, subject, file, NULL,
				"mode %04o: every local user can write to the socket and so "
				"control dockerd, which is root on the host",
				mode);
	else if (mode & 0004)
		probe_report_at(run, probe, NULL, PROBE_FAIL, subject, file, NULL,
				"mode %04o: readable by every local user; 660 or stricter expected",
				mode);
	else if ((mode & 0060) && !group)
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, file, NULL,
				"mode %04o, group id %u is not in etc/group, so who can use the "
				"socket is unknown",
				mode, (unsigned)st.st_gid);
	else if ((mode & 0060) && strcmp(group, "root") && strcmp(group, "docker"))
		probe_report_at(run, probe, NULL, PROBE_FAIL, subject, file, NULL,
				"mode %04o, group '%s': its members control dockerd (root on the "
				"host); only root and the docker group should",
				mode, group);
	else
		probe_report_at(run, probe, NULL, PROBE_PASS, subject, file, NULL,
				"mode %04o, group '%s': only root and the docker group can use it",
				mode, group ? group : "?");
	free(group);
	(void)document;
}

/* ------------------------------------------------------------------ Docker daemon settings */

/*
 * What the daemon probes read: daemon.json (the document; an empty object
 * when there is none) and, on a live or copied host, dockerd's flags.
 */
struct docker_view {
	const json_t *config;
	const char *file;    /* daemon.json path for results */
	const char *base;    /* pointer of the config object in its file */
	bool missing;	     /* no daemon.json: Docker's defaults apply */
	const char *invalid; /* daemon.json unusable: every daemon probe says error */
	const struct host *host;
};

static struct docker_view docker_view(struct probe_run *run,
				      const struct evidence_document *document)
{
	struct host *host = host_context(run);
	struct docker_view view = {.config = document->root,
				   .file = document->file,
				   .base = document->pointer,
				   .host = host};
	if (host) {
		view.missing = host->daemon_missing;
		view.invalid = host->daemon_invalid;
	}
	if (view.invalid || view.missing)
		view.config = NULL;
	return view;
}

/*
 * dockerd flag `name` (--icc, -H) as Go's flag parser reads it: NAME=VALUE,
 * NAME VALUE when the flag takes a value, -HVALUE for a one-letter flag, or a
 * bare boolean NAME (""). NULL when absent; `index` walks repeated flags.
 */
static const char *docker_flag(const struct host *host, const char *name, bool takes_value,
			       size_t *index)
{
	size_t length = strlen(name);
	for (size_t i = index ? *index : 0; host && i < host->flag_count; i++) {
		const char *flag = host->flags[i];
		const char *value = NULL;
		size_t next = i + 1;
		if (!strncmp(flag, name, length) && flag[length] == '=') {
			value = flag + length + 1;
		} else if (!strcmp(flag, name)) {
			if (takes_value && i + 1 < host->flag_count) {
				value = host->flags[i + 1];
				next = i + 2;
			} else {
				value = "";
			}
		} else if (name[1] != '-' && !strncmp(flag, name, length) && flag[length]) {
			value = flag + length;
		}
		if (value) {
			if (index)
				*index = next;
			return value;
		}
	}
	return NULL;
}

/* A boolean dockerd flag: 1 set true, 0 set false, -1 absent. */
static int docker_bool_flag(const struct host *host, const char *name)
{
	const char *value = docker_flag(host, name, false, NULL);
	if (!value)
		return -1;
	return strcmp(value, "false") && strcmp(value, "0");
}

static void key_pointer(const struct docker_view *view, const char *key, char *buffer, size_t size)
{
	snprintf(buffer, size, "%s", view->base ? view->base : "");
	probe_pointer_append(buffer, size, key);
}

/*
 * Reports a daemon.json boolean whose secure value is `secure`: from the
 * flags first (they win on a live host), then daemon.json, then Docker's
 * default. Returns after one result.
 */
static void docker_bool_setting(struct probe_run *run, const struct probe *probe,
				const struct evidence_document *document, const char *key,
				const char *flag, bool secure, bool docker_default,
				const char *subject, const char *good, const char *bad)
{
	struct docker_view view = docker_view(run, document);
	if (view.host && !view.host->docker_present)
		return;
	if (view.invalid) {
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, view.file, NULL, "%s",
				view.invalid);
		return;
	}
	int from_flag = docker_bool_flag(view.host, flag);
	if (from_flag >= 0) {
		bool value = from_flag == 1;
		probe_report_at(run, probe, NULL, value == secure ? PROBE_PASS : PROBE_FAIL,
				subject, view.host->flags_file, NULL, "dockerd runs with %s=%s: %s",
				flag, value ? "true" : "false", value == secure ? good : bad);
		return;
	}
	char pointer[256];
	key_pointer(&view, key, pointer, sizeof(pointer));
	const json_t *value = view.config ? json_object_get(view.config, key) : NULL;
	if (value && !json_is_boolean(value)) {
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, view.file, pointer,
				"'%s' is not true or false", key);
		return;
	}
	if (value) {
		bool set = json_is_true(value);
		probe_report_at(run, probe, NULL, set == secure ? PROBE_PASS : PROBE_FAIL, subject,
				view.file, pointer, "daemon.json sets %s to %s: %s", key,
				set ? "true" : "false", set == secure ? good : bad);
		return;
	}
	/* Absent: Docker's documented default (dockerd reference, daemon configuration file). */
	probe_report_at(run, probe, NULL, docker_default == secure ? PROBE_PASS : PROBE_FAIL,
			subject, view.file, view.missing ? NULL : view.base,
			"%s %s, so Docker's default %s=%s applies: %s",
			view.missing ? "there is no daemon.json" : "daemon.json does not set",
			view.missing ? "and no dockerd flag sets it" : key, key,
			docker_default ? "true" : "false", docker_default == secure ? good : bad);
}

static void check_icc(struct probe_run *run, const struct probe *probe,
		      const struct evidence_document *document)
{
	docker_bool_setting(run, probe, document, "icc", "--icc", false, true,
			    "Docker inter-container traffic",
			    "containers on the default bridge cannot reach each other",
			    "every container on the default bridge can reach every other one");
}

static void check_live_restore(struct probe_run *run, const struct probe *probe,
			       const struct evidence_document *document)
{
	docker_bool_setting(run, probe, document, "live-restore", "--live-restore", true, false,
			    "Docker live restore",
			    "dockerd can be patched and restarted without stopping containers",
			    "restarting dockerd to patch it stops every container, which delays "
			    "runtime updates");
}

static void check_no_new_privileges(struct probe_run *run, const struct probe *probe,
				    const struct evidence_document *document)
{
	docker_bool_setting(run, probe, document, "no-new-privileges", "--no-new-privileges", true,
			    false, "Docker no-new-privileges default",
			    "containers cannot gain privileges through setuid binaries",
			    "processes in containers can gain privileges through setuid binaries");
}

static void check_userns_remap(struct probe_run *run, const struct probe *probe,
			       const struct evidence_document *document)
{
	struct docker_view view = docker_view(run, document);
	const char *subject = "Docker user namespace remapping";
	if (view.host && !view.host->docker_present)
		return;
	if (view.invalid) {
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, view.file, NULL, "%s",
				view.invalid);
		return;
	}
	const char *flag = docker_flag(view.host, "--userns-remap", true, NULL);
	if (flag && *flag) {
		probe_report_at(run, probe, NULL, PROBE_PASS, subject, view.host->flags_file, NULL,
				"dockerd runs with --userns-remap=%s: root in a container is an "
				"unprivileged user on the host",
				flag);
		return;
	}
	char pointer[256];
	key_pointer(&view, "userns-remap", pointer, sizeof(pointer));
	const json_t *value = view.config ? json_object_get(view.config, "userns-remap") : NULL;
	const char *text = json_string_value(value);
	if (value && !text) {
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, view.file, pointer,
				"'userns-remap' is not a string");
	} else if (text && *text) {
		probe_report_at(run, probe, NULL, PROBE_PASS, subject, view.file, pointer,
				"daemon.json sets userns-remap to '%s': root in a container is an "
				"unprivileged user on the host",
				text);
	} else {
		probe_report_at(run, probe, NULL, PROBE_FAIL, subject, view.file,
				view.missing ? NULL : (value ? pointer : view.base),
				"%s: root in a container is root on the host (Docker's default is "
				"no remapping)",
				view.missing ? "no daemon.json and no --userns-remap flag"
					     : "userns-remap is not set");
	}
}

static void check_insecure_registries(struct probe_run *run, const struct probe *probe,
				      const struct evidence_document *document)
{
	struct docker_view view = docker_view(run, document);
	const char *subject = "Docker insecure registries";
	if (view.host && !view.host->docker_present)
		return;
	if (view.invalid) {
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, view.file, NULL, "%s",
				view.invalid);
		return;
	}
	struct strbuf list;
	strbuf_init(&list);
	size_t index = 0;
	const char *flag;
	while ((flag = docker_flag(view.host, "--insecure-registry", true, &index)))
		strbuf_addf(&list, "%s%s", list.len ? ", " : "", flag);
	if (list.len) {
		probe_report_at(run, probe, NULL, PROBE_FAIL, subject, view.host->flags_file, NULL,
				"dockerd trusts plain-HTTP or unverified registries: %s", list.buf);
		strbuf_release(&list);
		return;
	}
	char pointer[256];
	key_pointer(&view, "insecure-registries", pointer, sizeof(pointer));
	const json_t *value =
		view.config ? json_object_get(view.config, "insecure-registries") : NULL;
	size_t i;
	const json_t *item;
	if (value && !json_is_array(value)) {
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, view.file, pointer,
				"'insecure-registries' is not a list");
	} else if (value && json_array_size(value)) {
		json_array_foreach(value, i, item)
			strbuf_addf(&list, "%s%s", i ? ", " : "",
				    json_string_value(item) ? json_string_value(item) : "?");
		probe_report_at(run, probe, NULL, PROBE_FAIL, subject, view.file, pointer,
				"dockerd pulls from these registries over plain HTTP or without "
				"certificate checks: %s",
				list.buf);
	} else {
		probe_report_at(run, probe, NULL, PROBE_PASS, subject, view.file,
				view.missing ? NULL : (value ? pointer : view.base),
				"no insecure registries are configured (Docker's default; only "
				"127.0.0.0/8 is implicitly insecure)");
	}
	strbuf_release(&list);
}

static bool tcp_host(const char *address)
{
	return !strncmp(address, "tcp://", 6) || !strncmp(address, "http://", 7);
}

static void check_tcp_tls(struct probe_run *run, const struct probe *probe,
			  const struct evidence_document *document)
{
	struct docker_view view = docker_view(run, document);
	const char *subject = "Docker API TCP listener";
	if (view.host && !view.host->docker_present)
		return;
	if (view.invalid) {
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, view.file, NULL, "%s",
				view.invalid);
		return;
	}
	/* Listeners from flags (-H/--host) and daemon.json "hosts". */
	const char *listener = NULL, *where = NULL;
	char pointer[256] = "";
	bool from_flags = false;
	size_t index = 0;
	const char *flag;
	while (!listener && (flag = docker_flag(view.host, "-H", true, &index)))
		if (tcp_host(flag))
			listener = flag, from_flags = true;
	index = 0;
	while (!listener && (flag = docker_flag(view.host, "--host", true, &index)))
		if (tcp_host(flag))
			listener = flag, from_flags = true;
	const json_t *hosts = view.config ? json_object_get(view.config, "hosts") : NULL;
	size_t i;
	const json_t *item;
	json_array_foreach(hosts, i, item) {
		if (!listener && json_string_value(item) && tcp_host(json_string_value(item))) {
			listener = json_string_value(item);
			key_pointer(&view, "hosts", pointer, sizeof(pointer));
			snprintf(pointer + strlen(pointer), sizeof(pointer) - strlen(pointer),
				 "/%zu", i);
		}
	}
	where = from_flags ? view.host->flags_file : view.file;
	if (!listener) {
		probe_report_at(run, probe, NULL, PROBE_PASS, subject, view.file,
				view.missing ? NULL : view.base,
				"dockerd listens on local sockets only (Docker's default)");
		return;
	}
	int verify = docker_bool_flag(view.host, "--tlsverify");
	char verify_pointer[256];
	key_pointer(&view, "tlsverify", verify_pointer, sizeof(verify_pointer));
	const json_t *json_verify = view.config ? json_object_get(view.config, "tlsverify") : NULL;
	if (verify < 0)
		verify = json_is_true(json_verify) ? 1 : 0;
	if (verify)
		probe_report_at(
			run, probe, NULL, PROBE_PASS, subject, where, from_flags ? NULL : pointer,
			"dockerd listens on %s and requires client certificates (tlsverify)",
			listener);
	else
		probe_report_at(run, probe, NULL, PROBE_FAIL, subject, where,
				from_flags ? NULL : pointer,
				"dockerd listens on %s without tlsverify: anyone who reaches the "
				"port controls the host",
				listener);
}

/* ------------------------------------------------------------------ evidence sniffing */

/* Keys only a Docker daemon configuration has. */
static const char *const daemon_keys[] = {
	"insecure-registries",
	"registry-mirrors",
	"userns-remap",
	"live-restore",
	"no-new-privileges",
	"icc",
	"storage-driver",
	"storage-opts",
	"log-driver",
	"log-opts",
	"data-root",
	"exec-opts",
	"default-ulimits",
	"default-address-pools",
	"userland-proxy",
	"seccomp-profile",
	"selinux-enabled",
	"default-runtime",
	"tlsverify",
	"authorization-plugins",
	"cgroup-parent",
	"max-concurrent-downloads",
	"ip-forward",
	"iptables",
	NULL,
};

static const char *host_sniff(const json_t *root)
{
	if (!json_is_object(root) || json_object_size(root) == 0)
		return NULL;
	const char *key;
	const json_t *value;
	bool distinctive = false;
	json_object_foreach((json_t *)root, key, value) {
		for (const char *c = key; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
				return NULL;
		if (word_in(key, daemon_keys))
			distinctive = true;
	}
	return distinctive ? KIND_DAEMON_JSON : NULL;
}

/* ------------------------------------------------------------------ the --host run */

static void flags_release(struct host *host)
{
	for (size_t i = 0; i < host->flag_count; i++)
		free(host->flags[i]);
	host->flag_count = 0;
	free(host->flags_file);
	host->flags_file = NULL;
}

/* Splits an ExecStart= command line (simple double quotes, no variables) into flags. */
static void set_flags(struct host *host, const char *command, const char *file)
{
	flags_release(host);
	char word[1024];
	size_t length = 0;
	int quoted = 0, words = 0;
	for (const char *c = command;; c++) {
		if (*c == '"') {
			quoted = !quoted;
			continue;
		}
		if (*c && (quoted || (*c != ' ' && *c != '\t'))) {
			if (length + 1 < sizeof(word))
				word[length++] = *c;
			continue;
		}
		if (length) {
			word[length] = '\0';
			/* The first word is the program (possibly prefixed by -, @, +). */
			if (words++ && host->flag_count < MAX_FLAGS)
				host->flags[host->flag_count++] = xstrdup(word);
			length = 0;
		}
		if (!*c)
			break;
	}
	host->flags_file = xstrdup(file);
}

/* Reads ExecStart= of docker.service and its drop-ins; the last one wins, an empty one resets. */
static void load_unit_flags(struct host *host)
{
	static const char *const units[] = {"etc/systemd/system/docker.service",
					    "usr/lib/systemd/system/docker.service",
					    "lib/systemd/system/docker.service"};
	char *paths[64];
	size_t count = 0;
	for (size_t i = 0; i < 3 && !count; i++)
		if (host_exists(host, units[i]))
			paths[count++] = xstrdup(units[i]);
	char real[PATH_MAX];
	if (resolve(host, "etc/systemd/system/docker.service.d", real, sizeof(real)) == 0) {
		DIR *dir = opendir(real);
		struct dirent *entry;
		size_t first = count;
		while (dir && (entry = readdir(dir)) && count < 64) {
			size_t length = strlen(entry->d_name);
			if (length > 5 && !strcmp(entry->d_name + length - 5, ".conf"))
				paths[count++] = xasprintf("etc/systemd/system/docker.service.d/%s",
							   entry->d_name);
		}
		if (dir)
			closedir(dir);
		qsort(paths + first, count - first, sizeof(*paths), compare_strings);
	}
	for (size_t i = 0; i < count; i++) {
		char *data = host_read(host, paths[i], NULL);
		char file[PATH_MAX];
		shown(host, paths[i], file, sizeof(file));
		struct strbuf line;
		strbuf_init(&line);
		for (const char *c = data; c && *c;) {
			const char *end = strchr(c, '\n');
			size_t length = end ? (size_t)(end - c) : strlen(c);
			if (length && c[length - 1] == '\\') {
				strbuf_add(&line, c, length - 1); /* continued on the next line */
				strbuf_addch(&line, ' ');
			} else {
				strbuf_add(&line, c, length);
				const char *text = line.buf;
				while (*text == ' ' || *text == '\t')
					text++;
				if (!strncmp(text, "ExecStart=", 10)) {
					const char *command = text + 10;
					while (*command == ' ')
						command++;
					if (*command)
						set_flags(host, command, file);
					else
						flags_release(host);
				}
				strbuf_reset(&line);
			}
			c = end ? end + 1 : NULL;
		}
		strbuf_release(&line);
		free(data);
		free(paths[i]);
	}
}

int probe_host(const char *root, const struct probe_settings *settings,
	       struct probe_results *results, struct diag_list *diags)
{
	struct stat st;
	if (stat(root, &st) != 0)
		return diag_error(diags, root, 0, 0, "host.unreadable", "cannot read '%s': %s",
				  root, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return diag_error(diags, root, 0, 0, "host.unreadable",
				  "'%s' is not a folder; --root takes the folder that holds "
				  "the host's etc/, proc/ and sys/",
				  root);
	struct host *host = xcalloc(1, sizeof(*host));
	size_t length = strlen(root);
	while (length > 1 && root[length - 1] == '/')
		length--;
	if (length == 1 && root[0] == '/')
		length = 0;
	snprintf(host->prefix, sizeof(host->prefix), "%.*s", (int)length, root);
	host->diags = diags;

	static const char *const docker_signs[] = {"etc/docker/daemon.json",
						   "usr/bin/dockerd",
						   "usr/sbin/dockerd",
						   "usr/local/bin/dockerd",
						   "run/docker.sock",
						   "var/run/docker.sock",
						   "lib/systemd/system/docker.service",
						   "usr/lib/systemd/system/docker.service",
						   "etc/systemd/system/docker.service"};
	for (size_t i = 0; i < sizeof(docker_signs) / sizeof(docker_signs[0]); i++)
		host->docker_present |= host_exists(host, docker_signs[i]);
	if (host->docker_present)
		load_unit_flags(host);

	/*
	 * daemon.json: the document the daemon probes read. When it is missing
	 * they report Docker's defaults at its usual path; when it is unusable
	 * they say error (dockerd itself refuses to start with it).
	 */
	char daemon_file[PATH_MAX];
	shown(host, "etc/docker/daemon.json", daemon_file, sizeof(daemon_file));
	json_t *daemon = NULL;
	size_t size = 0;
	char *text = host->docker_present ? host_read(host, "etc/docker/daemon.json", &size) : NULL;
	if (text) {
		json_error_t error;
		daemon = json_loadb(text, size, JSON_REJECT_DUPLICATES, &error);
		if (!daemon) {
			diag_error(diags, daemon_file, error.line > 0 ? error.line : 0,
				   error.column > 0 ? error.column : 0, "host.json-syntax",
				   "invalid JSON: %s", error.text);
			host->daemon_invalid = xasprintf("daemon.json is not valid JSON (line "
							 "%d: %s); dockerd does not start with it",
							 error.line, error.text);
		} else if (!json_is_object(daemon)) {
			host->daemon_invalid = xstrdup("daemon.json is not a JSON object");
		}
		free(text);
	} else if (host->docker_present && errno == ENOENT) {
		host->daemon_missing = true;
	} else if (host->docker_present) {
		host->daemon_invalid = xasprintf("cannot read daemon.json: %s", strerror(errno));
	}
	if (!json_is_object(daemon)) {
		json_decref(daemon);
		daemon = json_object();
	}

	struct probe_run *run = probe_run_new(settings, results);
	*probe_run_state(run, &probe_family_host) = host;
	for (size_t p = 0; p < probe_family_host.probe_count; p++) {
		const struct probe *probe = &probe_family_host.probes[p];
		struct evidence_document document = {
			.file = !strcmp(probe->kind, KIND_DAEMON_JSON) ? daemon_file : NULL,
			.pointer = "",
			.root = daemon,
			.kind = probe->kind};
		probe->check(run, probe, &document);
	}
	*probe_run_state(run, &probe_family_host) = NULL;
	probe_run_free(run);
	json_decref(daemon);
	flags_release(host);
	free(host->daemon_invalid);
	free(host);
	return 0;
}

static const char *const controls_os[] = {"4.5.1a", NULL};
static const char *const controls_mac[] = {"4.4.3c", NULL};
static const char *const controls_sysctl[] = {"4.5.1b", NULL};
static const char *const controls_audit[] = {"4.5.4a", NULL};
static const char *const controls_socket[] = {"4.5.4b", NULL};
static const char *const controls_insecure_registries[] = {"4.2.1b", NULL};
static const char *const controls_privileges[] = {"4.4.3b", NULL};
static const char *const controls_icc[] = {"4.3.3b", NULL};
static const char *const controls_live_restore[] = {"4.4.1a", NULL};
static const char *const controls_api[] = {"4.3.2b", "4.3.2c", NULL};

static const struct probe host_probes[] = {
	{"host.audit.container-runtime",
	 "audit rules watch the container runtime's binaries, configuration and sockets", KIND_ROOT,
	 controls_audit, check_audit},
	{"host.docker.icc", "Docker containers on the default bridge cannot talk to each other",
	 KIND_DAEMON_JSON, controls_icc, check_icc},
	{"host.docker.insecure-registries", "Docker trusts no plain-HTTP or unverified registry",
	 KIND_DAEMON_JSON, controls_insecure_registries, check_insecure_registries},
	{"host.docker.live-restore",
	 "dockerd can be restarted for patches without stopping containers", KIND_DAEMON_JSON,
	 controls_live_restore, check_live_restore},
	{"host.docker.no-new-privileges", "Docker containers default to no-new-privileges",
	 KIND_DAEMON_JSON, controls_privileges, check_no_new_privileges},
	{"host.docker.socket-permissions", "only root and the docker group can use docker.sock",
	 KIND_ROOT, controls_socket, check_socket},
	{"host.docker.tcp-tls", "the Docker API is not on TCP, or only with client certificates",
	 KIND_DAEMON_JSON, controls_api, check_tcp_tls},
	{"host.docker.userns-remap", "Docker remaps container root to an unprivileged host user",
	 KIND_DAEMON_JSON, controls_privileges, check_userns_remap},
	{"host.kernel.mac", "SELinux enforcing or AppArmor profiles enforcing on the host",
	 KIND_ROOT, controls_mac, check_mac},
	{"host.kernel.sysctl", "kernel hardening sysctls have their hardened values", KIND_ROOT,
	 controls_sysctl, check_sysctls},
	{"host.os.container-optimized", "the host runs a container-specific OS", KIND_ROOT,
	 controls_os, check_os},
};

const struct probe_family probe_family_host = {
	.name = "host",
	.probes = host_probes,
	.probe_count = sizeof(host_probes) / sizeof(host_probes[0]),
	.sniff = host_sniff,
	.finish = NULL,
};
