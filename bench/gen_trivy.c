/*
 * Generates a synthetic estate of Trivy image reports (SchemaVersion 2) for
 * bench/vulns.sh: COUNT reports totalling about TOTAL_MB megabytes, shaped
 * like `trivy image -f json` output (indented, with descriptions, references,
 * CVSS and vendor severities, which is where the bytes of a real report go).
 * Images share base distributions and language packages, so the same
 * findings recur across reports the way they do in a real estate. Report
 * sizes vary from a quarter to about three times the mean. Deterministic:
 * the same arguments give the same files.
 *
 * usage: gen_trivy OUTDIR COUNT TOTAL_MB
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BASE_PACKAGES	  60
#define LANGUAGE_PACKAGES 200
#define MAX_CVES	  8

struct base {
	const char *family, *version, *type, *purl_type, *suffix;
};

static const struct base bases[] = {
	{"alpine", "3.17.3", "alpine", "apk", "-r0"},
	{"alpine", "3.18.4", "alpine", "apk", "-r1"},
	{"debian", "12.1", "debian", "deb", "-1+deb12u1"},
	{"debian", "11.7", "debian", "deb", "-2+deb11u3"},
	{"ubuntu", "22.04", "ubuntu", "deb", "-0ubuntu1.4"},
};
#define BASE_COUNT (sizeof(bases) / sizeof(bases[0]))

static const char *const ecosystems[] = {"npm", "python-pkg", "gomod", "jar"};
#define ECOSYSTEM_COUNT (sizeof(ecosystems) / sizeof(ecosystems[0]))

static const char *const words[] = {
	"a",	      "buffer",		"overflow",  "in",	    "the",	 "parser",
	"allows",     "remote",		"attackers", "to",	    "cause",	 "denial",
	"of",	      "service",	"via",	     "crafted",	    "input",	 "memory",
	"corruption", "when",		"handling",  "certificate", "chain",	 "validation",
	"may",	      "lead",		"arbitrary", "code",	    "execution", "integer",
	"underflow",  "function",	"request",   "header",	    "length",	 "check",
	"missing",    "use-after-free", "path",	     "traversal",   "archive",	 "extraction",
	"affected",   "versions",	"before",    "fixed",	    "upstream",	 "release",
};
#define WORD_COUNT (sizeof(words) / sizeof(words[0]))

static const char *const severities[] = {"LOW",	 "MEDIUM",   "MEDIUM",	"HIGH",
					 "HIGH", "CRITICAL", "UNKNOWN", "LOW"};

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t next_random(void)
{
	/* xorshift64*: deterministic and fast; quality is irrelevant here */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717u;
}

static unsigned pick(unsigned n)
{
	return (unsigned)(next_random() % n);
}

/* A stable pseudo-random number for a tuple, so a CVE reads the same in every report. */
static uint64_t hash3(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t h = 1469598103934665603u;
	uint64_t parts[3] = {a, b, c};
	for (int i = 0; i < 3; i++) {
		h ^= parts[i] + 0x9E3779B97F4A7C15u + (h << 6) + (h >> 2);
		h *= 1099511628211u;
	}
	return h;
}

static void hex64(FILE *out, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		fprintf(out, "%016" PRIx64, hash3(seed, (uint64_t)i, 7));
}

struct finding {
	char id[32];
	char package[48];
	char installed[48];
	char fixed[48]; /* empty: no fix */
	const char *severity;
	const char *type;
	const char *purl_type;
	uint64_t seed;
};

/* The k-th CVE of package p in a universe; stable across reports. */
static void make_finding(struct finding *f, int os, unsigned universe, unsigned p, unsigned k)
{
	uint64_t seed = hash3(universe * 1000u + p, k, os);
	f->seed = seed;
	snprintf(f->id, sizeof(f->id), "CVE-20%02u-%05u", 18 + (unsigned)(seed % 7),
		 (unsigned)(seed >> 8) % 60000 + 1000);
	f->severity = severities[(seed >> 24) % 8];
	if (os) {
		const struct base *b = &bases[universe];
		snprintf(f->package, sizeof(f->package), "%s-lib%u", b->family, p);
		unsigned major = 1 + p % 4, minor = p % 10;
		snprintf(f->installed, sizeof(f->installed), "%u.%u.%u%s", major, minor, p % 7,
			 b->suffix);
		if ((seed >> 32) % 5)
			snprintf(f->fixed, sizeof(f->fixed), "%u.%u.%u%s", major, minor,
				 p % 7 + 1 + k, b->suffix);
		else
			f->fixed[0] = '\0';
		f->type = b->type;
		f->purl_type = b->purl_type;
	} else {
		unsigned ecosystem = universe % ECOSYSTEM_COUNT;
		unsigned line = universe / ECOSYSTEM_COUNT; /* two installed versions per package */
		snprintf(f->package, sizeof(f->package), "%s-module-%u", ecosystems[ecosystem], p);
		snprintf(f->installed, sizeof(f->installed), "%u.%u.%u", 1 + p % 3,
			 line * 4 + p % 4, p % 9);
		if ((seed >> 32) % 4)
			snprintf(f->fixed, sizeof(f->fixed), "%u.%u.%u", 1 + p % 3,
				 line * 4 + p % 4, p % 9 + 1 + k);
		else
			f->fixed[0] = '\0';
		f->type = ecosystems[ecosystem];
		f->purl_type = ecosystem == 0	? "npm"
			       : ecosystem == 1 ? "pypi"
			       : ecosystem == 2 ? "golang"
						: "maven";
	}
}

/* Writes one vulnerability object, as Trivy indents it. */
static void write_vulnerability(FILE *out, const struct finding *f, uint64_t layer, int first)
{
	fprintf(out,
		"%s\n        {\n"
		"          \"VulnerabilityID\": \"%s\",\n"
		"          \"PkgID\": \"%s@%s\",\n"
		"          \"PkgName\": \"%s\",\n"
		"          \"PkgIdentifier\": {\n"
		"            \"PURL\": \"pkg:%s/%s@%s\",\n"
		"            \"UID\": \"%016" PRIx64 "\"\n"
		"          },\n"
		"          \"InstalledVersion\": \"%s\",\n",
		first ? "" : ",", f->id, f->package, f->installed, f->package, f->purl_type,
		f->package, f->installed, f->seed, f->installed);
	if (f->fixed[0])
		fprintf(out,
			"          \"FixedVersion\": \"%s\",\n          \"Status\": \"fixed\",\n",
			f->fixed);
	else
		fprintf(out, "          \"Status\": \"affected\",\n");
	fprintf(out, "          \"Layer\": {\n            \"Digest\": \"sha256:");
	hex64(out, layer);
	fprintf(out, "\",\n            \"DiffID\": \"sha256:");
	hex64(out, layer + 1);
	fprintf(out,
		"\"\n          },\n"
		"          \"SeveritySource\": \"nvd\",\n"
		"          \"PrimaryURL\": \"https://avd.aquasec.com/nvd/%s\",\n"
		"          \"DataSource\": {\n"
		"            \"ID\": \"%s\",\n"
		"            \"Name\": \"%s security tracker\",\n"
		"            \"URL\": \"https://security.example.org/%s\"\n"
		"          },\n"
		"          \"Title\": \"%s: %s %s in %s\",\n"
		"          \"Description\": \"",
		f->id, f->type, f->type, f->type, f->package, words[f->seed % WORD_COUNT],
		words[(f->seed >> 5) % WORD_COUNT], words[(f->seed >> 10) % WORD_COUNT]);
	unsigned description_words = 60 + (unsigned)((f->seed >> 16) % 160);
	for (unsigned w = 0; w < description_words; w++)
		fprintf(out, "%s%s", w ? " " : "", words[hash3(f->seed, w, 1) % WORD_COUNT]);
	fprintf(out,
		".\",\n          \"Severity\": \"%s\",\n"
		"          \"CweIDs\": [\n            \"CWE-%u\"\n          ],\n"
		"          \"VendorSeverity\": {\n"
		"            \"nvd\": %u,\n            \"redhat\": %u,\n            \"ubuntu\": "
		"%u\n"
		"          },\n"
		"          \"CVSS\": {\n"
		"            \"nvd\": {\n"
		"              \"V2Vector\": \"AV:N/AC:L/Au:N/C:P/I:N/A:N\",\n"
		"              \"V3Vector\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N\",\n"
		"              \"V2Score\": %u.%u,\n"
		"              \"V3Score\": %u.%u\n"
		"            }\n"
		"          },\n"
		"          \"References\": [",
		f->severity, 20 + (unsigned)(f->seed % 900), (unsigned)(f->seed % 4) + 1,
		(unsigned)(f->seed >> 3) % 4 + 1, (unsigned)(f->seed >> 6) % 4 + 1,
		(unsigned)(f->seed >> 9) % 10, (unsigned)(f->seed >> 13) % 10,
		(unsigned)(f->seed >> 17) % 10, (unsigned)(f->seed >> 21) % 10);
	unsigned references = 4 + (unsigned)((f->seed >> 40) % 22);
	for (unsigned r = 0; r < references; r++)
		fprintf(out, "%s\n            \"https://%s/%s/advisory/%016" PRIx64 "\"",
			r ? "," : "", r % 3 ? "lists.example.org" : "nvd.nist.gov", f->id,
			hash3(f->seed, r, 2));
	fprintf(out,
		"\n          ],\n"
		"          \"PublishedDate\": \"20%02u-0%u-1%uT12:15:00Z\",\n"
		"          \"LastModifiedDate\": \"2024-0%u-2%uT08:00:00Z\"\n"
		"        }",
		18 + (unsigned)(f->seed % 6), 1 + (unsigned)(f->seed % 9),
		(unsigned)(f->seed >> 4) % 10, 1 + (unsigned)(f->seed >> 8) % 9,
		(unsigned)(f->seed >> 12) % 10);
}

static int write_report(const char *dir, unsigned index, long target_bytes)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/image-%04u.json", dir, index);
	FILE *out = fopen(path, "w");
	if (!out) {
		fprintf(stderr, "gen_trivy: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* Bases are not equally popular: the first two carry most of the estate. */
	static const unsigned base_weights[BASE_COUNT] = {35, 25, 20, 12, 8};
	unsigned roll = pick(100), b = 0;
	while (roll >= base_weights[b]) {
		roll -= base_weights[b];
		b++;
	}
	const struct base *base = &bases[b];
	uint64_t image = hash3(index, 99, 3);
	fprintf(out,
		"{\n  \"SchemaVersion\": 2,\n"
		"  \"CreatedAt\": \"2026-11-14T10:%02u:%02u.000000000Z\",\n"
		"  \"ArtifactName\": \"registry.example.com/team%u/service-%04u:1.%u.%u\",\n"
		"  \"ArtifactType\": \"container_image\",\n"
		"  \"Metadata\": {\n"
		"    \"OS\": {\n      \"Family\": \"%s\",\n      \"Name\": \"%s\"\n    },\n"
		"    \"ImageID\": \"sha256:",
		index / 60 % 60, index % 60, index % 17, index, index % 5, index % 11, base->family,
		base->version);
	hex64(out, image);
	fprintf(out,
		"\",\n    \"RepoTags\": [\n"
		"      \"registry.example.com/team%u/service-%04u:1.%u.%u\"\n    ],\n"
		"    \"RepoDigests\": [\n"
		"      \"registry.example.com/team%u/service-%04u@sha256:",
		index % 17, index, index % 5, index % 11, index % 17, index);
	hex64(out, image + 1);
	fprintf(out,
		"\"\n    ],\n    \"ImageConfig\": {\n      \"architecture\": \"amd64\",\n"
		"      \"os\": \"linux\",\n      \"config\": {\n"
		"        \"Env\": [\n          \"PATH=/usr/local/bin:/usr/bin:/bin\"\n"
		"        ],\n        \"User\": \"10001\"\n      }\n    }\n  },\n"
		"  \"Results\": [\n    {\n"
		"      \"Target\": \"registry.example.com/service (%s %s)\",\n"
		"      \"Class\": \"os-pkgs\",\n      \"Type\": \"%s\",\n"
		"      \"Vulnerabilities\": [",
		base->family, base->version, base->type);

	/* About two fifths of the bytes go to OS packages, the rest to language packages. */
	long os_budget = target_bytes * 2 / 5;
	int first = 1;
	struct finding f;
	unsigned start = pick(BASE_PACKAGES);
	for (unsigned i = 0; i < BASE_PACKAGES * MAX_CVES && ftell(out) < os_budget; i++) {
		unsigned p = (start + i / MAX_CVES) % BASE_PACKAGES, k = i % MAX_CVES;
		if (k >= 1 + hash3(b, p, 5) % MAX_CVES || pick(3) == 0)
			continue;
		make_finding(&f, 1, b, p, k);
		write_vulnerability(out, &f, image + 10, first);
		first = 0;
	}
	fprintf(out,
		"\n      ]\n    },\n    {\n      \"Target\": \"app/lockfile\",\n"
		"      \"Class\": \"lang-pkgs\",\n      \"Type\": \"%s\",\n"
		"      \"Vulnerabilities\": [",
		ecosystems[index % ECOSYSTEM_COUNT]);
	first = 1;
	for (unsigned guard = 0; ftell(out) < target_bytes && guard < 100000; guard++) {
		unsigned universe = index % ECOSYSTEM_COUNT + ECOSYSTEM_COUNT * pick(2);
		unsigned p = pick(LANGUAGE_PACKAGES);
		unsigned cves = 1 + (unsigned)(hash3(universe, p, 6) % 5);
		for (unsigned k = 0; k < cves; k++) {
			make_finding(&f, 0, universe, p, k);
			write_vulnerability(out, &f, image + 20, first);
			first = 0;
		}
	}
	fprintf(out, "\n      ]\n    }\n  ]\n}\n");
	if (fclose(out) != 0) {
		fprintf(stderr, "gen_trivy: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: gen_trivy OUTDIR COUNT TOTAL_MB\n");
		return 2;
	}
	const char *dir = argv[1];
	long count = atol(argv[2]), total_mb = atol(argv[3]);
	if (count <= 0 || total_mb <= 0) {
		fprintf(stderr, "gen_trivy: COUNT and TOTAL_MB must be positive\n");
		return 2;
	}
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen_trivy: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	/* One report in 50 is three times the mean: scale the others so the total comes out right.
	 */
	long mean = total_mb * 1024 * 1024 / count * 50 / 52;
	for (long i = 0; i < count; i++) {
		/* factors 0.25 .. 1.75 in a fixed scatter (mean 1), one report in 50 at 3x */
		long step = (i * 37) % count;
		long target = mean / 4 + mean * 3 * step / (2 * count);
		if (i % 50 == 49)
			target = mean * 3;
		if (write_report(dir, (unsigned)i, target) < 0)
			return 1;
	}
	return 0;
}
