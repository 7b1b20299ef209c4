/*
 * Generates a synthetic inventory of N environments for the benchmarks:
 * every compute service model in rotation, a realistic spread of claims
 * (about a dozen per environment, group and control keys, capability
 * references) and a few exceptions. Deterministic: the same N gives the same
 * file.
 *
 * usage: gen_inventory N [DAY] > inventory.yaml
 *
 * With DAY (0, 1, 2, ...) the estate is the same but dated 2026-01-01 + DAY,
 * and each claim that is not yet implemented has been implemented by then
 * with a chance that grows with DAY (a daily series for bench/history.sh).
 */
#include <stdio.h>
#include <stdlib.h>

struct service {
	const char *provider, *service, *registry;
	const char *capability_control, *capability;
};

static const struct service services[] = {
	{"aws", "eks-managed-nodes", "ecr", "4.1.1b", "ecr-enhanced-scanning"},
	{"aws", "eks-fargate", "ecr", "4.2.2c", "ecr-tag-immutability"},
	{"aws", "ecs-fargate", "ecr", "4.1.1b", "ecr-enhanced-scanning"},
	{"aws", "eks-auto", "ecr", "4.3.2d", "eks-control-plane-logging"},
	{"azure", "aks", "acr", "4.3.3b", "aks-network-policy"},
	{"azure", "container-apps", "acr", "4.1.1b", "defender-containers-registry-va"},
	{"gcp", "gke-standard", "artifact-registry", "4.3.1c", "gke-workload-identity"},
	{"gcp", "gke-autopilot", "artifact-registry", "4.1.5c", "gke-binary-authorization"},
	{"gcp", "cloud-run", "artifact-registry", "4.3.3a", "cloud-run-ingress"},
	{"self-managed", "kubernetes", "registry", NULL, NULL},
	{"self-managed", "docker", "registry", NULL, NULL},
};

static const char *const claim_keys[] = {"4.1.1a", "4.1.2",  "4.1.4b", "4.2.3a",
					 "4.3.1a", "4.3.2a", "4.4.3",  "4.4.4a",
					 "4.5.3a", "4.1.5b", "4.2.2a", "4.4.5c"};
static const char *const statuses[] = {"implemented", "partial", "planned", "not-implemented"};
static const char *const criticalities[] = {"low", "medium", "high", "critical"};

int main(int argc, char **argv)
{
	long count = argc > 1 ? atol(argv[1]) : 1000;
	long day = argc > 2 ? atol(argv[2]) : -1;
	unsigned long state = 12345;
	const size_t service_count = sizeof(services) / sizeof(services[0]);
	char date[64] = "2026-11-15";
	if (day >= 0) {
		/* Days since 2026-01-01, by month lengths of 2026 and 2027 (neither a leap year).
		 */
		static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		long year = 2026, month = 0, left = day;
		while (left >= month_days[month]) {
			left -= month_days[month];
			if (++month == 12) {
				month = 0;
				year++;
			}
		}
		snprintf(date, sizeof(date), "%ld-%02ld-%02ld", year, month + 1, left + 1);
	}
	printf("srgap: 1\norganization: Benchmark Estate\n"
	       "assessment: { title: Generated benchmark, date: %s, assessor: bench }\n"
	       "environments:\n",
	       date);
	for (long e = 0; e < count; e++) {
		const struct service *s = &services[e % (long)service_count];
		printf("  - name: env-%06ld\n    provider: %s\n    service: %s\n    registry: %s\n"
		       "    criticality: %s\n    internet_facing: %s\n    owner: team-%ld\n"
		       "    controls:\n",
		       e, s->provider, s->service, s->registry, criticalities[e % 4],
		       e % 3 ? "false" : "true", e % 50);
		for (size_t k = 0; k < sizeof(claim_keys) / sizeof(claim_keys[0]); k++) {
			state = state * 6364136223846793005UL + 1442695040888963407UL;
			const char *status = statuses[(state >> 33) % 4];
			/* Claim by claim, work gets done over a year of days. */
			if (day >= 0 && (long)((state >> 13) % 730) < day)
				status = "implemented";
			printf("      %s: { status: %s, by: \"team tooling %zu\" }\n",
			       claim_keys[k], status, k);
		}
		if (s->capability)
			printf("      %s: { status: implemented, by: %s }\n", s->capability_control,
			       s->capability);
	}
	printf("exceptions:\n");
	for (long e = 0; e < count; e += 25)
		printf("  - { environment: env-%06ld, control: 4.3.4, reason: generated, owner: "
		       "CISO, "
		       "expires: 2027-0%ld-15 }\n",
		       e, 1 + e % 9);
	return 0;
}
