/*
 * The vulnerability estate and its fix plan; docs/vulnerabilities.md is the
 * specification. Reports are folded in one at a time into interned strings,
 * distinct findings, images and (finding, image) pairs; the plan assigns each
 * pair to exactly one action, so "resolved after the top N actions" is a
 * simple count. No printing, no argv, no files: callers read the reports.
 */
#include "core/vulns.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

const char *const vulns_action_kind_names[3] = {"upgrade", "rebuild", "no-fix"};

/* ------------------------------------------------------------------ versions */

static bool prerelease_word(const char *text)
{
	static const char *const words[] = {"alpha", "beta", "dev", "pre", "preview", "rc"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t length = strlen(words[i]);
		if (!strncasecmp(text, words[i], length) && !isalpha((unsigned char)text[length]))
			return true;
	}
	return false;
}

/* A copy with the pre-release separators turned into '~' and a leading 'v' dropped. */
static char *normalize_version(const char *version)
{
	if ((version[0] == 'v' || version[0] == 'V') && isdigit((unsigned char)version[1]))
		version++;
	char *copy = xstrdup(version);
	for (char *c = copy; *c; c++)
		if ((*c == '-' || *c == '_') && c != copy && prerelease_word(c + 1))
			*c = '~';
	return copy;
}

static int order(int c)
{
	if (isdigit(c))
		return 0;
	if (isalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

/* dpkg's verrevcmp over [a, a_end) and [b, b_end). */
static int compare_part(const char *a, const char *a_end, const char *b, const char *b_end)
{
#define AT(p, end) ((p) < (end) ? (unsigned char)*(p) : 0)
	while (a < a_end || b < b_end) {
		int first_diff = 0;
		while ((a < a_end && !isdigit(AT(a, a_end))) ||
		       (b < b_end && !isdigit(AT(b, b_end)))) {
			int ac = order(AT(a, a_end)), bc = order(AT(b, b_end));
			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (AT(a, a_end) == '0')
			a++;
		while (AT(b, b_end) == '0')
			b++;
		while (isdigit(AT(a, a_end)) && isdigit(AT(b, b_end))) {
			if (!first_diff)
				first_diff = AT(a, a_end) - AT(b, b_end);
			a++;
			b++;
		}
		if (isdigit(AT(a, a_end)))
			return 1;
		if (isdigit(AT(b, b_end)))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
#undef AT
}

/* Splits "EPOCH:UPSTREAM-REVISION"; the epoch is only digits before the first ':'. */
static const char *split_epoch(const char *version, unsigned long long *epoch)
{
	const char *c = version;
	unsigned long long value = 0;
	while (isdigit((unsigned char)*c)) {
		value = value * 10 + (unsigned)(*c - '0');
		c++;
	}
	if (*c == ':' && c != version) {
		*epoch = value;
		return c + 1;
	}
	*epoch = 0;
	return version;
}

int vulns_version_compare(const char *a, const char *b)
{
	char *na = normalize_version(a), *nb = normalize_version(b);
	unsigned long long epoch_a, epoch_b;
	const char *ra = split_epoch(na, &epoch_a), *rb = split_epoch(nb, &epoch_b);
	int result;
	if (epoch_a != epoch_b) {
		result = epoch_a < epoch_b ? -1 : 1;
	} else {
		const char *ha = strrchr(ra, '-'), *hb = strrchr(rb, '-');
		const char *ea = ra + strlen(ra), *eb = rb + strlen(rb);
		result = compare_part(ra, ha ? ha : ea, rb, hb ? hb : eb);
		if (!result)
			result = compare_part(ha ? ha + 1 : ea, ea, hb ? hb + 1 : eb, eb);
	}
	free(na);
	free(nb);
	return result < 0 ? -1 : result > 0;
}

/* ------------------------------------------------------------------ weights */

unsigned vulns_environment_weight(enum criticality criticality, bool internet_facing)
{
	return ((unsigned)criticality + 1) * (internet_facing ? 3 : 2);
}

unsigned vulns_severity_weight(enum scan_severity severity)
{
	static const unsigned weights[SCAN_SEVERITY_COUNT] = {
		[SCAN_SEVERITY_UNKNOWN] = 1,   [SCAN_SEVERITY_LOW] = 1,
		[SCAN_SEVERITY_MEDIUM] = 3,    [SCAN_SEVERITY_HIGH] = 6,
		[SCAN_SEVERITY_CRITICAL] = 10,
	};
	return weights[severity];
}

/* ------------------------------------------------------------------ hash tables */

static uint64_t hash_bytes(const char *text)
{
	uint64_t hash = 1469598103934665603u; /* FNV-1a */
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		hash ^= *c;
		hash *= 1099511628211u;
	}
	return hash;
}

/* Interned strings: equal text, equal pointer, so the tables below compare pointers. */
struct string_slot {
	const char *text;
	uint64_t hash;
};

struct string_set {
	struct string_slot *slots;
	size_t capacity; /* a power of two */
	size_t count;
};

static void string_set_grow(struct string_set *set)
{
	size_t capacity = set->capacity ? set->capacity * 2 : 1024;
	struct string_slot *slots = xcalloc(capacity, sizeof(*slots));
	for (size_t i = 0; i < set->capacity; i++) {
		if (!set->slots[i].text)
			continue;
		size_t at = set->slots[i].hash & (capacity - 1);
		while (slots[at].text)
			at = (at + 1) & (capacity - 1);
		slots[at] = set->slots[i];
	}
	free(set->slots);
	set->slots = slots;
	set->capacity = capacity;
}

static const char *intern(struct string_set *set, struct arena *arena, const char *text)
{
	if (!text)
		return NULL;
	if ((set->count + 1) * 2 > set->capacity)
		string_set_grow(set);
	uint64_t hash = hash_bytes(text);
	size_t at = hash & (set->capacity - 1);
	while (set->slots[at].text) {
		if (set->slots[at].hash == hash && !strcmp(set->slots[at].text, text))
			return set->slots[at].text;
		at = (at + 1) & (set->capacity - 1);
	}
	set->slots[at].text = arena_strdup(arena, text);
	set->slots[at].hash = hash;
	set->count++;
	return set->slots[at].text;
}

/* Keys of up to three interned pointers (the first never NULL) to an index. */
struct key_slot {
	const void *a, *b, *c;
	size_t value;
};

struct key_map {
	struct key_slot *slots;
	size_t capacity;
	size_t count;
};

static uint64_t hash_key(const void *a, const void *b, const void *c)
{
	uint64_t h = (uint64_t)(uintptr_t)a * 0x9E3779B97F4A7C15u;
	h ^= (uint64_t)(uintptr_t)b + 0x7F4A7C159E3779B9u + (h << 6) + (h >> 2);
	h ^= (uint64_t)(uintptr_t)c + 0x94D049BB133111EBu + (h << 6) + (h >> 2);
	return h ^ (h >> 29);
}

static void key_map_grow(struct key_map *map)
{
	size_t capacity = map->capacity ? map->capacity * 2 : 1024;
	struct key_slot *slots = xcalloc(capacity, sizeof(*slots));
	for (size_t i = 0; i < map->capacity; i++) {
		const struct key_slot *slot = &map->slots[i];
		if (!slot->a)
			continue;
		size_t at = hash_key(slot->a, slot->b, slot->c) & (capacity - 1);
		while (slots[at].a)
			at = (at + 1) & (capacity - 1);
		slots[at] = *slot;
	}
	free(map->slots);
	map->slots = slots;
	map->capacity = capacity;
}

/* The index stored under the key, or `fresh` stored there now (then *added is true). */
static size_t key_map_get(struct key_map *map, const void *a, const void *b, const void *c,
			  size_t fresh, bool *added)
{
	if ((map->count + 1) * 2 > map->capacity)
		key_map_grow(map);
	size_t at = hash_key(a, b, c) & (map->capacity - 1);
	while (map->slots[at].a) {
		const struct key_slot *slot = &map->slots[at];
		if (slot->a == a && slot->b == b && slot->c == c) {
			*added = false;
			return slot->value;
		}
		at = (at + 1) & (map->capacity - 1);
	}
	map->slots[at] = (struct key_slot){a, b, c, fresh};
	map->count++;
	*added = true;
	return fresh;
}

static void key_map_release(struct key_map *map)
{
	free(map->slots);
	memset(map, 0, sizeof(*map));
}

/* ------------------------------------------------------------------ the estate */

/*
 * Values the first report decides (an image's name, a finding's type) carry
 * the origin they were seen at, so that estates merged in any order agree
 * with one estate fed everything in origin order: on a tie, the lower
 * origin wins (see vulns_estate_set_origin).
 */
struct estate_image {
	const char *key, *name, *os_family, *os_version;
	const char **refs; /* interned normalised references, for workloads */
	size_t ref_count, ref_capacity;
	unsigned weight;
	size_t reports;
	unsigned long name_origin, os_origin;
};

struct estate_finding {
	const char *id, *package, *installed, *type;
	const char *lowest_above; /* the lowest fixed version above the installed one */
	const char *highest;	  /* the highest fixed version, when none is above */
	enum scan_severity severity;
	enum scan_package_class package_class;
	unsigned long origin, type_origin, lowest_origin, highest_origin;
};

struct occurrence {
	uint32_t finding;
	uint32_t image;
};

struct workload {
	const char *ref; /* interned, normalised */
	bool internet_facing;
};

struct vulns_estate {
	struct arena arena; /* interned strings */
	struct string_set strings;
	struct key_map image_map, finding_map;
	struct estate_image *images;
	size_t image_count, image_capacity;
	struct estate_finding *findings;
	size_t finding_count, finding_capacity;
	struct occurrence *occurrences;
	size_t occurrence_count, occurrence_capacity;
	struct workload *workloads;
	size_t workload_count, workload_capacity;
	size_t reports, reports_by_tool[2], secrets, misconfigurations;
	unsigned long origin; /* of what is added next */
};

struct vulns_estate *vulns_estate_new(void)
{
	struct vulns_estate *estate = xcalloc(1, sizeof(*estate));
	arena_init(&estate->arena);
	return estate;
}

void vulns_estate_free(struct vulns_estate *estate)
{
	if (!estate)
		return;
	for (size_t i = 0; i < estate->image_count; i++)
		free(estate->images[i].refs);
	free(estate->images);
	free(estate->findings);
	free(estate->occurrences);
	free(estate->workloads);
	free(estate->strings.slots);
	key_map_release(&estate->image_map);
	key_map_release(&estate->finding_map);
	arena_release(&estate->arena);
	free(estate);
}

/*
 * One spelling per image reference so a pod's "nginx" finds a report's
 * "docker.io/library/nginx:latest": no scheme (docker-pullable://), digests
 * reduced to "sha256:...", Docker Hub's implicit registry and library/
 * dropped, ":latest" added when there is no tag.
 */
static const char *normalize_ref(struct vulns_estate *estate, const char *ref)
{
	const char *scheme = strstr(ref, "://");
	if (scheme)
		ref = scheme + 3;
	const char *at = strchr(ref, '@');
	if (at)
		return intern(&estate->strings, &estate->arena, at + 1);
	if (!strncmp(ref, "sha256:", 7))
		return intern(&estate->strings, &estate->arena, ref);
	static const char *const hub[] = {"docker.io/", "index.docker.io/",
					  "registry-1.docker.io/"};
	for (size_t i = 0; i < sizeof(hub) / sizeof(hub[0]); i++) {
		if (!strncmp(ref, hub[i], strlen(hub[i]))) {
			ref += strlen(hub[i]);
			break;
		}
	}
	if (!strncmp(ref, "library/", 8))
		ref += 8;
	const char *slash = strrchr(ref, '/');
	const char *tag = strchr(slash ? slash : ref, ':');
	if (tag)
		return intern(&estate->strings, &estate->arena, ref);
	char *tagged = xasprintf("%s:latest", ref);
	const char *result = intern(&estate->strings, &estate->arena, tagged);
	free(tagged);
	return result;
}

static void add_ref(struct vulns_estate *estate, struct estate_image *image, const char *ref)
{
	if (!ref || !*ref)
		return;
	const char *normal = normalize_ref(estate, ref);
	for (size_t i = 0; i < image->ref_count; i++)
		if (image->refs[i] == normal)
			return;
	image->refs = xgrow(image->refs, &image->ref_capacity, image->ref_count + 1,
			    sizeof(*image->refs));
	image->refs[image->ref_count++] = normal;
}

static size_t find_image(struct vulns_estate *estate, const struct scan_report *report,
			 unsigned weight)
{
	struct string_set *strings = &estate->strings;
	const char *key = report->image_id;
	if (!key && report->repo_digest_count) {
		const char *at = strchr(report->repo_digests[0], '@');
		key = at ? at + 1 : report->repo_digests[0];
	}
	key = intern(strings, &estate->arena, key ? key : report->artifact);
	bool added;
	size_t index =
		key_map_get(&estate->image_map, key, NULL, NULL, estate->image_count, &added);
	if (added) {
		estate->images = xgrow(estate->images, &estate->image_capacity,
				       estate->image_count + 1, sizeof(*estate->images));
		struct estate_image *image = &estate->images[estate->image_count++];
		memset(image, 0, sizeof(*image));
		image->key = key;
		image->name =
			intern(strings, &estate->arena,
			       report->repo_tag_count ? report->repo_tags[0] : report->artifact);
		image->name_origin = estate->origin;
	}
	struct estate_image *image = &estate->images[index];
	image->reports++;
	if (weight > image->weight)
		image->weight = weight;
	if (!image->os_family && report->os_family) {
		image->os_family = intern(strings, &estate->arena, report->os_family);
		image->os_version = intern(strings, &estate->arena,
					   report->os_version ? report->os_version : "");
		image->os_origin = estate->origin;
	}
	for (size_t i = 0; i < report->repo_tag_count; i++)
		add_ref(estate, image, report->repo_tags[i]);
	for (size_t i = 0; i < report->repo_digest_count; i++)
		add_ref(estate, image, report->repo_digests[i]);
	add_ref(estate, image, report->image_id);
	add_ref(estate, image, report->artifact);
	return index;
}

static void add_fix_candidates(struct vulns_estate *estate, struct estate_finding *finding,
			       const struct scan_finding *found)
{
	for (size_t i = 0; i < found->fixed_count; i++) {
		const char *version = found->fixed[i];
		if (vulns_version_compare(version, finding->installed) > 0) {
			if (!finding->lowest_above ||
			    vulns_version_compare(version, finding->lowest_above) < 0) {
				finding->lowest_above =
					intern(&estate->strings, &estate->arena, version);
				finding->lowest_origin = estate->origin;
			}
		} else if (!finding->highest ||
			   vulns_version_compare(version, finding->highest) > 0) {
			finding->highest = intern(&estate->strings, &estate->arena, version);
			finding->highest_origin = estate->origin;
		}
	}
}

void vulns_add_report(struct vulns_estate *estate, const struct scan_report *report,
		      unsigned environment_weight)
{
	struct string_set *strings = &estate->strings;
	size_t image = find_image(estate, report,
				  environment_weight ? environment_weight
						     : VULNS_DEFAULT_ENVIRONMENT_WEIGHT);
	estate->reports++;
	estate->reports_by_tool[report->tool]++;
	estate->secrets += report->secret_count;
	estate->misconfigurations += report->misconfiguration_count;
	for (size_t i = 0; i < report->finding_count; i++) {
		const struct scan_finding *found = &report->findings[i];
		const char *id = intern(strings, &estate->arena, found->id);
		const char *package = intern(strings, &estate->arena, found->package);
		const char *installed = intern(strings, &estate->arena, found->installed);
		bool added;
		size_t index = key_map_get(&estate->finding_map, id, package, installed,
					   estate->finding_count, &added);
		if (added) {
			estate->findings =
				xgrow(estate->findings, &estate->finding_capacity,
				      estate->finding_count + 1, sizeof(*estate->findings));
			estate->findings[estate->finding_count++] = (struct estate_finding){
				.id = id,
				.package = package,
				.installed = installed,
				.type = intern(strings, &estate->arena, found->type),
				.severity = found->severity,
				.package_class = found->package_class,
				.origin = estate->origin,
				.type_origin = estate->origin,
			};
		}
		struct estate_finding *finding = &estate->findings[index];
		if (found->severity > finding->severity)
			finding->severity = found->severity;
		if (!*finding->type && found->type && *found->type) {
			finding->type = intern(strings, &estate->arena, found->type);
			finding->type_origin = estate->origin;
		}
		add_fix_candidates(estate, finding, found);
		estate->occurrences =
			xgrow(estate->occurrences, &estate->occurrence_capacity,
			      estate->occurrence_count + 1, sizeof(*estate->occurrences));
		estate->occurrences[estate->occurrence_count++] =
			(struct occurrence){(uint32_t)index, (uint32_t)image};
	}
}

void vulns_add_workload(struct vulns_estate *estate, const char *image_ref, bool internet_facing)
{
	estate->workloads = xgrow(estate->workloads, &estate->workload_capacity,
				  estate->workload_count + 1, sizeof(*estate->workloads));
	estate->workloads[estate->workload_count++] =
		(struct workload){normalize_ref(estate, image_ref), internet_facing};
}

void vulns_estate_set_origin(struct vulns_estate *estate, unsigned long origin)
{
	estate->origin = origin;
}

/* ------------------------------------------------------------------ estates as data */

size_t vulns_estate_image_count(const struct vulns_estate *estate)
{
	return estate->image_count;
}

void vulns_estate_get_image(const struct vulns_estate *estate, size_t index,
			    struct vulns_estate_image *image)
{
	const struct estate_image *from = &estate->images[index];
	*image = (struct vulns_estate_image){
		.key = from->key,
		.name = from->name,
		.os_family = from->os_family,
		.os_version = from->os_version,
		.refs = from->refs,
		.ref_count = from->ref_count,
		.weight = from->weight,
		.reports = from->reports,
		.name_origin = from->name_origin,
		.os_origin = from->os_origin,
	};
}

/* Is `origin` of a candidate earlier than the value's, so that it wins a tie? */
static bool earlier(unsigned long candidate, unsigned long current)
{
	return candidate < current;
}

size_t vulns_estate_put_image(struct vulns_estate *estate, const struct vulns_estate_image *from)
{
	struct string_set *strings = &estate->strings;
	const char *key = intern(strings, &estate->arena, from->key);
	bool added;
	size_t index =
		key_map_get(&estate->image_map, key, NULL, NULL, estate->image_count, &added);
	if (added) {
		estate->images = xgrow(estate->images, &estate->image_capacity,
				       estate->image_count + 1, sizeof(*estate->images));
		struct estate_image *image = &estate->images[estate->image_count++];
		memset(image, 0, sizeof(*image));
		image->key = key;
		image->name = intern(strings, &estate->arena, from->name);
		image->name_origin = from->name_origin;
	}
	struct estate_image *image = &estate->images[index];
	if (!added && earlier(from->name_origin, image->name_origin)) {
		image->name = intern(strings, &estate->arena, from->name);
		image->name_origin = from->name_origin;
	}
	image->reports += from->reports;
	if (from->weight > image->weight)
		image->weight = from->weight;
	if (from->os_family && (!image->os_family || earlier(from->os_origin, image->os_origin))) {
		image->os_family = intern(strings, &estate->arena, from->os_family);
		image->os_version =
			intern(strings, &estate->arena, from->os_version ? from->os_version : "");
		image->os_origin = from->os_origin;
	}
	for (size_t i = 0; i < from->ref_count; i++) {
		const char *ref = intern(strings, &estate->arena, from->refs[i]);
		size_t r = 0;
		while (r < image->ref_count && image->refs[r] != ref)
			r++;
		if (r < image->ref_count)
			continue;
		image->refs = xgrow(image->refs, &image->ref_capacity, image->ref_count + 1,
				    sizeof(*image->refs));
		image->refs[image->ref_count++] = ref;
	}
	return index;
}

size_t vulns_estate_finding_count(const struct vulns_estate *estate)
{
	return estate->finding_count;
}

void vulns_estate_get_finding(const struct vulns_estate *estate, size_t index,
			      struct vulns_estate_finding *finding)
{
	const struct estate_finding *from = &estate->findings[index];
	*finding = (struct vulns_estate_finding){
		.id = from->id,
		.package = from->package,
		.installed = from->installed,
		.type = from->type,
		.lowest_above = from->lowest_above,
		.highest = from->highest,
		.severity = from->severity,
		.package_class = from->package_class,
		.origin = from->origin,
		.type_origin = from->type_origin,
		.lowest_origin = from->lowest_origin,
		.highest_origin = from->highest_origin,
	};
}

size_t vulns_estate_put_finding(struct vulns_estate *estate,
				const struct vulns_estate_finding *from)
{
	struct string_set *strings = &estate->strings;
	struct arena *arena = &estate->arena;
	const char *id = intern(strings, arena, from->id);
	const char *package = intern(strings, arena, from->package);
	const char *installed = intern(strings, arena, from->installed);
	bool added;
	size_t index = key_map_get(&estate->finding_map, id, package, installed,
				   estate->finding_count, &added);
	if (added) {
		estate->findings = xgrow(estate->findings, &estate->finding_capacity,
					 estate->finding_count + 1, sizeof(*estate->findings));
		estate->findings[estate->finding_count++] = (struct estate_finding){
			.id = id,
			.package = package,
			.installed = installed,
			.type = intern(strings, arena, from->type ? from->type : ""),
			.lowest_above = intern(strings, arena, from->lowest_above),
			.highest = intern(strings, arena, from->highest),
			.severity = from->severity,
			.package_class = from->package_class,
			.origin = from->origin,
			.type_origin = from->type_origin,
			.lowest_origin = from->lowest_origin,
			.highest_origin = from->highest_origin,
		};
		return index;
	}
	struct estate_finding *finding = &estate->findings[index];
	if (from->severity > finding->severity)
		finding->severity = from->severity;
	if (earlier(from->origin, finding->origin)) {
		finding->package_class = from->package_class;
		finding->origin = from->origin;
	}
	if (from->type && *from->type &&
	    (!*finding->type || earlier(from->type_origin, finding->type_origin))) {
		finding->type = intern(strings, arena, from->type);
		finding->type_origin = from->type_origin;
	}
	int order;
	if (from->lowest_above &&
	    (!finding->lowest_above ||
	     (order = vulns_version_compare(from->lowest_above, finding->lowest_above)) < 0 ||
	     (order == 0 && earlier(from->lowest_origin, finding->lowest_origin)))) {
		finding->lowest_above = intern(strings, arena, from->lowest_above);
		finding->lowest_origin = from->lowest_origin;
	}
	if (from->highest &&
	    (!finding->highest ||
	     (order = vulns_version_compare(from->highest, finding->highest)) > 0 ||
	     (order == 0 && earlier(from->highest_origin, finding->highest_origin)))) {
		finding->highest = intern(strings, arena, from->highest);
		finding->highest_origin = from->highest_origin;
	}
	return index;
}

size_t vulns_estate_occurrence_count(const struct vulns_estate *estate)
{
	return estate->occurrence_count;
}

void vulns_estate_get_occurrence(const struct vulns_estate *estate, size_t index, size_t *finding,
				 size_t *image)
{
	*finding = estate->occurrences[index].finding;
	*image = estate->occurrences[index].image;
}

void vulns_estate_put_occurrence(struct vulns_estate *estate, size_t finding, size_t image)
{
	estate->occurrences = xgrow(estate->occurrences, &estate->occurrence_capacity,
				    estate->occurrence_count + 1, sizeof(*estate->occurrences));
	estate->occurrences[estate->occurrence_count++] =
		(struct occurrence){(uint32_t)finding, (uint32_t)image};
}

size_t vulns_estate_workload_count(const struct vulns_estate *estate)
{
	return estate->workload_count;
}

void vulns_estate_get_workload(const struct vulns_estate *estate, size_t index, const char **ref,
			       bool *internet_facing)
{
	*ref = estate->workloads[index].ref;
	*internet_facing = estate->workloads[index].internet_facing;
}

void vulns_estate_put_workload(struct vulns_estate *estate, const char *ref, bool internet_facing)
{
	estate->workloads = xgrow(estate->workloads, &estate->workload_capacity,
				  estate->workload_count + 1, sizeof(*estate->workloads));
	estate->workloads[estate->workload_count++] =
		(struct workload){intern(&estate->strings, &estate->arena, ref), internet_facing};
}

void vulns_estate_get_counts(const struct vulns_estate *estate, struct vulns_estate_counts *counts)
{
	*counts = (struct vulns_estate_counts){
		.reports = estate->reports,
		.reports_by_tool = {estate->reports_by_tool[0], estate->reports_by_tool[1]},
		.secrets = estate->secrets,
		.misconfigurations = estate->misconfigurations,
	};
}

void vulns_estate_add_counts(struct vulns_estate *estate, const struct vulns_estate_counts *counts)
{
	estate->reports += counts->reports;
	estate->reports_by_tool[0] += counts->reports_by_tool[0];
	estate->reports_by_tool[1] += counts->reports_by_tool[1];
	estate->secrets += counts->secrets;
	estate->misconfigurations += counts->misconfigurations;
}

void vulns_estate_merge(struct vulns_estate *into, const struct vulns_estate *from)
{
	size_t *images = xcalloc(from->image_count + 1, sizeof(*images));
	size_t *findings = xcalloc(from->finding_count + 1, sizeof(*findings));
	for (size_t i = 0; i < from->image_count; i++) {
		struct vulns_estate_image image;
		vulns_estate_get_image(from, i, &image);
		images[i] = vulns_estate_put_image(into, &image);
	}
	for (size_t i = 0; i < from->finding_count; i++) {
		struct vulns_estate_finding finding;
		vulns_estate_get_finding(from, i, &finding);
		findings[i] = vulns_estate_put_finding(into, &finding);
	}
	for (size_t i = 0; i < from->occurrence_count; i++)
		vulns_estate_put_occurrence(into, findings[from->occurrences[i].finding],
					    images[from->occurrences[i].image]);
	for (size_t i = 0; i < from->workload_count; i++)
		vulns_estate_put_workload(into, from->workloads[i].ref,
					  from->workloads[i].internet_facing);
	struct vulns_estate_counts counts;
	vulns_estate_get_counts(from, &counts);
	vulns_estate_add_counts(into, &counts);
	free(images);
	free(findings);
}

/* ------------------------------------------------------------------ the plan */

struct triple {
	uint32_t action;
	uint32_t finding;
	uint32_t image;
};

/* An action while it is built: the public fields plus its run of triples. */
struct draft {
	struct vulns_action action;
	enum scan_package_class package_class;
	size_t first, end; /* triples[first..end) */
};

static int compare_occurrences(const void *left, const void *right)
{
	const struct occurrence *a = left, *b = right;
	if (a->finding != b->finding)
		return a->finding < b->finding ? -1 : 1;
	return a->image < b->image ? -1 : a->image > b->image;
}

static int compare_triples(const void *left, const void *right)
{
	const struct triple *a = left, *b = right;
	if (a->action != b->action)
		return a->action < b->action ? -1 : 1;
	if (a->finding != b->finding)
		return a->finding < b->finding ? -1 : 1;
	return a->image < b->image ? -1 : a->image > b->image;
}

static int compare_strings(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int compare_image_order(const void *left, const void *right)
{
	const struct estate_image *a = *(const struct estate_image *const *)left;
	const struct estate_image *b = *(const struct estate_image *const *)right;
	int by_name = strcmp(a->name, b->name);
	return by_name ? by_name : strcmp(a->key, b->key);
}

static int compare_finding_order(const void *left, const void *right)
{
	const struct estate_finding *a = *(const struct estate_finding *const *)left;
	const struct estate_finding *b = *(const struct estate_finding *const *)right;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	int by = strcmp(a->id, b->id);
	if (!by)
		by = strcmp(a->package, b->package);
	if (!by)
		by = strcmp(a->installed, b->installed);
	return by;
}

static int compare_size(const void *left, const void *right)
{
	size_t a = *(const size_t *)left, b = *(const size_t *)right;
	return a < b ? -1 : a > b;
}

static int compare_unscanned(const void *left, const void *right)
{
	return strcmp(*(const char *const *)left, *(const char *const *)right);
}

/* The ranking of docs/vulnerabilities.md: fix first, then score, severity, reach, name. */
static int compare_drafts(const void *left, const void *right)
{
	const struct draft *da = left, *db = right;
	const struct vulns_action *a = &da->action, *b = &db->action;
	bool fix_a = a->kind != VULNS_ACTION_NO_FIX, fix_b = b->kind != VULNS_ACTION_NO_FIX;
	if (fix_a != fix_b)
		return fix_a ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->highest != b->highest)
		return a->highest > b->highest ? -1 : 1;
	if (a->finding_count != b->finding_count)
		return a->finding_count > b->finding_count ? -1 : 1;
	if (a->image_count != b->image_count)
		return a->image_count > b->image_count ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	int by = compare_strings(a->package ? a->package : a->os_family,
				 b->package ? b->package : b->os_family);
	if (!by)
		by = compare_strings(a->from ? a->from : a->os_version,
				     b->from ? b->from : b->os_version);
	if (!by && da->package_class != db->package_class)
		by = da->package_class < db->package_class ? -1 : 1;
	return by;
}

static void count_left(const struct vulns_plan *plan, const struct draft *drafts,
		       const struct triple *triples, size_t upto, struct vulns_totals *totals)
{
	size_t *left = xcalloc(plan->finding_count ? plan->finding_count : 1, sizeof(*left));
	for (size_t f = 0; f < plan->finding_count; f++)
		left[f] = plan->findings[f].images;
	for (size_t a = 0; a < upto && a < plan->fixable_action_count; a++)
		for (size_t t = drafts[a].first; t < drafts[a].end; t++)
			left[triples[t].finding]--;
	memset(totals, 0, sizeof(*totals));
	for (size_t f = 0; f < plan->finding_count; f++) {
		if (!left[f])
			continue;
		totals->by_severity[plan->findings[f].severity]++;
		totals->total++;
	}
	free(left);
}

/* Marks tying each image to a base (family, version) that qualifies for a rebuild. */
static bool *rebuild_bases(const struct vulns_plan *plan, const struct occurrence *pairs,
			   size_t pair_count, size_t *base_of, struct key_map *bases)
{
	bool added;
	size_t base_count = 0;
	for (size_t i = 0; i < plan->image_count; i++) {
		const struct vulns_image *image = &plan->images[i];
		base_of[i] = SIZE_MAX;
		if (image->os_family && *image->os_family) {
			base_of[i] = key_map_get(bases, image->os_family, image->os_version, NULL,
						 base_count, &added);
			base_count += added;
		}
	}
	size_t *images = xcalloc(base_count + 1, sizeof(*images));
	size_t *os_fixable = xcalloc(base_count + 1, sizeof(*os_fixable));
	size_t *fixable = xcalloc(base_count + 1, sizeof(*fixable));
	bool *qualifies = xcalloc(base_count + 1, sizeof(*qualifies));
	for (size_t i = 0; i < plan->image_count; i++)
		if (base_of[i] != SIZE_MAX)
			images[base_of[i]]++;
	for (size_t p = 0; p < pair_count; p++) {
		size_t base = base_of[pairs[p].image];
		const struct vulns_finding *finding = &plan->findings[pairs[p].finding];
		if (base == SIZE_MAX || !finding->fixed)
			continue;
		fixable[base]++;
		os_fixable[base] += finding->package_class == SCAN_PACKAGE_OS;
	}
	for (size_t b = 0; b < base_count; b++)
		qualifies[b] = images[b] >= VULNS_REBUILD_MIN_IMAGES && os_fixable[b] &&
			       os_fixable[b] * 100 > fixable[b] * VULNS_REBUILD_OS_SHARE;
	free(images);
	free(os_fixable);
	free(fixable);
	return qualifies;
}

void vulns_plan_build(const struct vulns_estate *estate, size_t top, struct vulns_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	arena_init(&plan->arena);
	plan->reports = estate->reports;
	plan->reports_by_tool[0] = estate->reports_by_tool[0];
	plan->reports_by_tool[1] = estate->reports_by_tool[1];
	plan->secrets = estate->secrets;
	plan->misconfigurations = estate->misconfigurations;
	plan->top = top;
	plan->has_workloads = estate->workload_count > 0;

	/* Images by name and findings by severity, so every list below comes out in that order. */
	size_t image_count = estate->image_count, finding_count = estate->finding_count;
	const struct estate_image **image_order = xcalloc(image_count + 1, sizeof(*image_order));
	const struct estate_finding **finding_order =
		xcalloc(finding_count + 1, sizeof(*finding_order));
	size_t *image_rank = xcalloc(image_count + 1, sizeof(*image_rank));
	size_t *finding_rank = xcalloc(finding_count + 1, sizeof(*finding_rank));
	for (size_t i = 0; i < image_count; i++)
		image_order[i] = &estate->images[i];
	for (size_t i = 0; i < finding_count; i++)
		finding_order[i] = &estate->findings[i];
	qsort(image_order, image_count, sizeof(*image_order), compare_image_order);
	qsort(finding_order, finding_count, sizeof(*finding_order), compare_finding_order);

	struct vulns_image *images =
		arena_alloc_array(&plan->arena, image_count + 1, sizeof(*images));
	for (size_t i = 0; i < image_count; i++) {
		const struct estate_image *from = image_order[i];
		image_rank[from - estate->images] = i;
		images[i] = (struct vulns_image){
			.name = from->name,
			.key = from->key,
			.os_family = from->os_family,
			.os_version = from->os_version,
			.environment_weight = from->weight,
			.reports = from->reports,
		};
	}
	struct vulns_finding *findings =
		arena_alloc_array(&plan->arena, finding_count + 1, sizeof(*findings));
	for (size_t i = 0; i < finding_count; i++) {
		const struct estate_finding *from = finding_order[i];
		finding_rank[from - estate->findings] = i;
		findings[i] = (struct vulns_finding){
			.id = from->id,
			.package = from->package,
			.installed = from->installed,
			.type = from->type,
			.fixed = from->lowest_above ? from->lowest_above : from->highest,
			.severity = from->severity,
			.package_class = from->package_class,
		};
	}
	plan->images = images;
	plan->image_count = image_count;
	plan->findings = findings;
	plan->finding_count = finding_count;

	/* Workloads: each one counts for every image it names; the rest were never scanned. */
	const char **unscanned =
		arena_alloc_array(&plan->arena, estate->workload_count + 1, sizeof(*unscanned));
	for (size_t w = 0; w < estate->workload_count; w++) {
		const struct workload *workload = &estate->workloads[w];
		bool found = false;
		for (size_t i = 0; i < image_count; i++) {
			const struct estate_image *image = &estate->images[i];
			for (size_t r = 0; r < image->ref_count; r++) {
				if (image->refs[r] != workload->ref)
					continue;
				images[image_rank[i]].workloads++;
				images[image_rank[i]].internet_facing += workload->internet_facing;
				found = true;
				break;
			}
		}
		if (!found)
			unscanned[plan->unscanned_workload_count++] = workload->ref;
	}
	qsort(unscanned, plan->unscanned_workload_count, sizeof(*unscanned), compare_unscanned);
	size_t distinct = 0;
	for (size_t i = 0; i < plan->unscanned_workload_count; i++)
		if (!distinct || strcmp(unscanned[distinct - 1], unscanned[i]))
			unscanned[distinct++] = unscanned[i];
	plan->unscanned_workload_count = distinct;
	plan->unscanned_workloads = unscanned;

	/* Distinct (finding, image) pairs in the new numbering. */
	struct occurrence *pairs = xcalloc(estate->occurrence_count + 1, sizeof(*pairs));
	for (size_t i = 0; i < estate->occurrence_count; i++)
		pairs[i] =
			(struct occurrence){(uint32_t)finding_rank[estate->occurrences[i].finding],
					    (uint32_t)image_rank[estate->occurrences[i].image]};
	qsort(pairs, estate->occurrence_count, sizeof(*pairs), compare_occurrences);
	size_t pair_count = 0;
	for (size_t i = 0; i < estate->occurrence_count; i++)
		if (!pair_count || compare_occurrences(&pairs[pair_count - 1], &pairs[i]))
			pairs[pair_count++] = pairs[i];
	plan->occurrences = pair_count;
	for (size_t p = 0; p < pair_count; p++) {
		struct vulns_finding *finding = &findings[pairs[p].finding];
		const struct vulns_image *image = &images[pairs[p].image];
		finding->images++;
		finding->workloads += image->workloads;
	}

	/* Each pair goes to exactly one action. */
	size_t *base_of = xcalloc(image_count + 1, sizeof(*base_of));
	struct key_map bases = {0}, action_map = {0};
	bool *rebuild = rebuild_bases(plan, pairs, pair_count, base_of, &bases);
	static const char tag_rebuild = 0, tag_upgrade[2] = {0}, tag_no_fix[2] = {0};
	struct triple *triples = xcalloc(pair_count + 1, sizeof(*triples));
	struct draft *drafts = NULL;
	size_t draft_count = 0, draft_capacity = 0;
	for (size_t p = 0; p < pair_count; p++) {
		const struct vulns_finding *finding = &findings[pairs[p].finding];
		const struct vulns_image *image = &images[pairs[p].image];
		size_t base = base_of[pairs[p].image];
		struct vulns_action action = {0};
		const void *key[3];
		if (finding->fixed && finding->package_class == SCAN_PACKAGE_OS &&
		    base != SIZE_MAX && rebuild[base]) {
			action.kind = VULNS_ACTION_REBUILD;
			action.os_family = image->os_family;
			action.os_version = image->os_version;
			key[0] = &tag_rebuild;
			key[1] = image->os_family;
			key[2] = image->os_version;
		} else {
			action.kind = finding->fixed ? VULNS_ACTION_UPGRADE : VULNS_ACTION_NO_FIX;
			action.package = finding->package;
			action.type = finding->type;
			action.from = finding->installed;
			key[0] = finding->fixed ? &tag_upgrade[finding->package_class]
						: &tag_no_fix[finding->package_class];
			key[1] = finding->package;
			key[2] = finding->installed;
		}
		bool added;
		size_t index =
			key_map_get(&action_map, key[0], key[1], key[2], draft_count, &added);
		if (added) {
			drafts = xgrow(drafts, &draft_capacity, draft_count + 1, sizeof(*drafts));
			drafts[draft_count++] = (struct draft){
				.action = action, .package_class = finding->package_class};
		}
		triples[p] = (struct triple){(uint32_t)index, pairs[p].finding, pairs[p].image};
	}
	qsort(triples, pair_count, sizeof(*triples), compare_triples);

	/* Per action: distinct findings and images, target version, workloads, score. */
	size_t *image_mark = xcalloc(image_count + 1, sizeof(*image_mark));
	size_t *image_list = xcalloc(image_count + 1, sizeof(*image_list));
	for (size_t t = 0, a = 0; a < draft_count; a++) {
		struct draft *draft = &drafts[a];
		struct vulns_action *action = &draft->action;
		draft->first = t;
		while (t < pair_count && triples[t].action == a)
			t++;
		draft->end = t;
		size_t *finding_list = arena_alloc_array(&plan->arena, draft->end - draft->first,
							 sizeof(*finding_list));
		size_t listed_images = 0;
		for (size_t i = draft->first; i < draft->end; i++) {
			const struct vulns_finding *finding = &findings[triples[i].finding];
			const struct vulns_image *image = &images[triples[i].image];
			if (i == draft->first || triples[i].finding != triples[i - 1].finding) {
				finding_list[action->finding_count++] = triples[i].finding;
				action->by_severity[finding->severity]++;
				if (finding->severity > action->highest)
					action->highest = finding->severity;
				if (action->kind == VULNS_ACTION_UPGRADE &&
				    (!action->to ||
				     vulns_version_compare(finding->fixed, action->to) > 0))
					action->to = finding->fixed;
			}
			if (image_mark[triples[i].image] != a + 1) {
				image_mark[triples[i].image] = a + 1;
				image_list[listed_images++] = triples[i].image;
				action->workloads += image->workloads;
				action->internet_facing += image->internet_facing;
			}
			unsigned long long reach =
				plan->has_workloads
					? 1 + image->workloads + 2 * image->internet_facing
					: 1;
			action->score +=
				(unsigned long long)vulns_severity_weight(finding->severity) *
				image->environment_weight * reach;
		}
		qsort(image_list, listed_images, sizeof(*image_list), compare_size);
		size_t *kept = arena_alloc_array(&plan->arena, listed_images + 1, sizeof(*kept));
		memcpy(kept, image_list, listed_images * sizeof(*kept));
		action->findings = finding_list;
		action->images = kept;
		action->image_count = listed_images;
	}
	free(image_mark);
	free(image_list);

	if (draft_count) /* drafts is NULL when there is no action */
		qsort(drafts, draft_count, sizeof(*drafts), compare_drafts);
	struct vulns_action *actions =
		arena_alloc_array(&plan->arena, draft_count + 1, sizeof(*actions));
	for (size_t a = 0; a < draft_count; a++) {
		actions[a] = drafts[a].action;
		actions[a].rank = a + 1;
		plan->fixable_action_count += actions[a].kind != VULNS_ACTION_NO_FIX;
	}
	plan->actions = actions;
	plan->action_count = draft_count;

	for (size_t f = 0; f < finding_count; f++) {
		plan->now.by_severity[findings[f].severity]++;
		plan->now.total++;
	}
	count_left(plan, drafts, triples, top, &plan->after_top);
	count_left(plan, drafts, triples, draft_count, &plan->after_all);

	free(drafts);
	free(triples);
	free(rebuild);
	free(base_of);
	key_map_release(&bases);
	key_map_release(&action_map);
	free(pairs);
	free(image_order);
	free(finding_order);
	free(image_rank);
	free(finding_rank);
}

void vulns_plan_release(struct vulns_plan *plan)
{
	if (!plan)
		return;
	arena_release(&plan->arena);
	memset(plan, 0, sizeof(*plan));
}
