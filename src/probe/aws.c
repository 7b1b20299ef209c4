/*
 * AWS probes: read what `aws eks`, `aws ecr`, `aws ecs` and `aws guardduty`
 * print (keys are botocore member names, exactly as the CLI emits them).
 * A field the CLI always prints but the evidence lacks is an `error`, not a
 * pass: srgap never assumes the secure value.
 */
#include <stdio.h>
#include <string.h>

#include "probe/probe.h"

#define KIND_EKS_CLUSTER "aws.eks.cluster"
#define KIND_ECR_REPOSITORIES "aws.ecr.repositories"

static const char *aws_sniff(const json_t *root)
{
	const char *arn = probe_json_string(root, "cluster.arn");
	if (arn && strstr(arn, ":eks:"))
		return KIND_EKS_CLUSTER;
	const json_t *repositories = json_object_get(root, "repositories");
	const json_t *first = json_array_get(repositories, 0);
	if (json_is_array(repositories) &&
	    (json_array_size(repositories) == 0 || json_object_get(first, "repositoryArn")))
		return KIND_ECR_REPOSITORIES;
	return NULL;
}

static void eks_endpoint_public(struct probe_run *run, const struct probe *probe,
				const struct evidence_document *document)
{
	const json_t *config = probe_json_get(document->root, "cluster.resourcesVpcConfig");
	const char *name = probe_json_string(document->root, "cluster.name");
	char subject[256];
	snprintf(subject, sizeof(subject), "cluster %s", name ? name : "(unnamed)");
	const json_t *public_access = json_object_get(config, "endpointPublicAccess");
	if (!json_is_boolean(public_access)) {
		probe_report(run, probe, document, PROBE_ERROR, subject,
			     "/cluster/resourcesVpcConfig",
			     "endpointPublicAccess is missing; cannot tell whether the API is public");
		return;
	}
	if (json_is_false(public_access)) {
		probe_report(run, probe, document, PROBE_PASS, subject,
			     "/cluster/resourcesVpcConfig/endpointPublicAccess",
			     "the API endpoint is private only");
		return;
	}
	const json_t *cidrs = json_object_get(config, "publicAccessCidrs");
	size_t index;
	const json_t *cidr;
	if (!json_is_array(cidrs) || json_array_size(cidrs) == 0) {
		probe_report(run, probe, document, PROBE_FAIL, subject,
			     "/cluster/resourcesVpcConfig/endpointPublicAccess",
			     "the API endpoint is public and no CIDR restriction is listed "
			     "(the default is 0.0.0.0/0)");
		return;
	}
	json_array_foreach(cidrs, index, cidr) {
		const char *text = json_string_value(cidr);
		if (text && (!strcmp(text, "0.0.0.0/0") || !strcmp(text, "::/0"))) {
			char pointer[96];
			snprintf(pointer, sizeof(pointer),
				 "/cluster/resourcesVpcConfig/publicAccessCidrs/%zu", index);
			probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
				     "the API endpoint is public to the whole internet (%s)", text);
			return;
		}
	}
	probe_report(run, probe, document, PROBE_PASS, subject,
		     "/cluster/resourcesVpcConfig/publicAccessCidrs",
		     "the public API endpoint is restricted to %zu CIDR range%s",
		     json_array_size(cidrs), json_array_size(cidrs) == 1 ? "" : "s");
}

/* Runs `check` on every repository with its pointer and subject. */
static void each_repository(struct probe_run *run, const struct probe *probe,
			    const struct evidence_document *document,
			    void (*check)(struct probe_run *, const struct probe *,
					  const struct evidence_document *, const json_t *,
					  const char *subject, const char *pointer))
{
	const json_t *repositories = json_object_get(document->root, "repositories");
	size_t index;
	const json_t *repository;
	json_array_foreach(repositories, index, repository) {
		char subject[300], pointer[64];
		const char *name = json_string_value(json_object_get(repository, "repositoryName"));
		snprintf(subject, sizeof(subject), "repository %s", name ? name : "(unnamed)");
		snprintf(pointer, sizeof(pointer), "/repositories/%zu", index);
		check(run, probe, document, repository, subject, pointer);
	}
}

static void scan_on_push(struct probe_run *run, const struct probe *probe,
			 const struct evidence_document *document, const json_t *repository,
			 const char *subject, const char *pointer)
{
	char location[128];
	snprintf(location, sizeof(location), "%s/imageScanningConfiguration/scanOnPush", pointer);
	const json_t *value = probe_json_get(repository, "imageScanningConfiguration.scanOnPush");
	if (!json_is_boolean(value))
		probe_report(run, probe, document, PROBE_ERROR, subject, pointer,
			     "imageScanningConfiguration.scanOnPush is missing");
	else if (json_is_true(value))
		probe_report(run, probe, document, PROBE_PASS, subject, location,
			     "images are scanned on push");
	else
		probe_report(run, probe, document, PROBE_FAIL, subject, location,
			     "scan on push is off (the default); pushed images are not scanned");
}

static void ecr_scan_on_push(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document)
{
	each_repository(run, probe, document, scan_on_push);
}

static void tag_immutability(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document, const json_t *repository,
			     const char *subject, const char *pointer)
{
	char location[128];
	snprintf(location, sizeof(location), "%s/imageTagMutability", pointer);
	const char *value = json_string_value(json_object_get(repository, "imageTagMutability"));
	if (!value)
		probe_report(run, probe, document, PROBE_ERROR, subject, pointer,
			     "imageTagMutability is missing");
	else if (!strncmp(value, "IMMUTABLE", 9))
		probe_report(run, probe, document, PROBE_PASS, subject, location,
			     "tags are immutable (%s)", value);
	else
		probe_report(run, probe, document, PROBE_FAIL, subject, location,
			     "tags can be overwritten (%s)", value);
}

static void ecr_tag_immutability(struct probe_run *run, const struct probe *probe,
				 const struct evidence_document *document)
{
	each_repository(run, probe, document, tag_immutability);
}

static const char *const controls_api_exposure[] = {"4.3.2c", NULL};
static const char *const controls_registry_scanning[] = {"4.1.1b", NULL};
static const char *const controls_tag_immutability[] = {"4.2.2c", NULL};

static const struct probe aws_probes[] = {
	{"aws.ecr.scan-on-push", "ECR repositories scan images on push", KIND_ECR_REPOSITORIES,
	 controls_registry_scanning, ecr_scan_on_push},
	{"aws.ecr.tag-immutability", "ECR repositories have immutable tags", KIND_ECR_REPOSITORIES,
	 controls_tag_immutability, ecr_tag_immutability},
	{"aws.eks.endpoint-public", "EKS API endpoint is private or restricted to known CIDRs",
	 KIND_EKS_CLUSTER, controls_api_exposure, eks_endpoint_public},
};

const struct probe_family probe_family_aws = {
	.name = "aws",
	.probes = aws_probes,
	.probe_count = sizeof(aws_probes) / sizeof(aws_probes[0]),
	.sniff = aws_sniff,
	.finish = NULL,
};
