/*
 * AWS probes: read what `aws eks`, `aws ecr`, `aws ecs` and `aws guardduty`
 * print (keys are botocore member names, exactly as the CLI emits them).
 * A field the CLI always prints but the evidence lacks is an `error`, not a
 * pass: srgap never assumes the secure value. An optional member the API
 * omits when unset is judged by its documented default, cited where used.
 * Kubernetes version support is judged by probe_version_support against
 * the calendar in providers/aws.yaml (src/probe/version_support.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe.h"

#define KIND_EKS_CLUSTER	   "aws.eks.cluster"
#define KIND_ECR_REPOSITORIES	   "aws.ecr.repositories"
#define KIND_ECR_REGISTRY_SCANNING "aws.ecr.registry-scanning"
#define KIND_ECR_IMAGES		   "aws.ecr.images"
#define KIND_ECS_TASK_DEFINITION   "aws.ecs.task-definition"
#define KIND_GUARDDUTY_DETECTOR	   "aws.guardduty.detector"

#define SUBJECT_SIZE 320
#define POINTER_SIZE 256

static const json_t *task_definition(const json_t *root, const char **prefix);

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
	/* create-repository, put-image-scanning-configuration ...: one `repository` object. */
	if (json_is_string(probe_json_get(root, "repository.repositoryArn")))
		return KIND_ECR_REPOSITORIES;
	if (json_is_object(probe_json_get(root, "scanningConfiguration")) &&
	    json_object_get(root, "registryId"))
		return KIND_ECR_REGISTRY_SCANNING;
	const json_t *images = json_object_get(root, "imageDetails");
	if ((json_is_array(images) &&
	     (json_array_size(images) == 0 ||
	      json_object_get(json_array_get(images, 0), "imageDigest"))) ||
	    (json_object_get(root, "repositoryName") &&
	     (json_object_get(root, "imageScanFindings") ||
	      json_object_get(root, "imageScanStatus"))))
		return KIND_ECR_IMAGES;
	if (task_definition(root, NULL))
		return KIND_ECS_TASK_DEFINITION;
	/* get-detector prints no id; these members exist only in its output. */
	const char *role = json_string_value(json_object_get(root, "ServiceRole"));
	if (json_is_string(json_object_get(root, "Status")) &&
	    (json_object_get(root, "FindingPublishingFrequency") ||
	     (role && strstr(role, "guardduty"))))
		return KIND_GUARDDUTY_DETECTOR;
	return NULL;
}

/* ------------------------------------------------------------------ EKS */

static const json_t *eks_cluster(const struct evidence_document *document, char *subject)
{
	const json_t *cluster = json_object_get(document->root, "cluster");
	const char *name = json_string_value(json_object_get(cluster, "name"));
	snprintf(subject, SUBJECT_SIZE, "cluster %s", name ? name : "(unnamed)");
	return cluster;
}

static void eks_endpoint_public(struct probe_run *run, const struct probe *probe,
				const struct evidence_document *document)
{
	char subject[SUBJECT_SIZE];
	const json_t *config =
		json_object_get(eks_cluster(document, subject), "resourcesVpcConfig");
	const json_t *public_access = json_object_get(config, "endpointPublicAccess");
	if (!json_is_boolean(public_access)) {
		probe_report(
			run, probe, document, PROBE_ERROR, subject, "/cluster/resourcesVpcConfig",
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

/*
 * Since Kubernetes 1.28 EKS envelope-encrypts all Kubernetes API data,
 * Secrets included, with an AWS-owned KMS key by default; encryptionConfig
 * appears only for a customer managed key. Source: "Default envelope
 * encryption for all Kubernetes API Data",
 * https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
 * So an absent encryptionConfig passes from 1.28 on (secrets are encrypted at
 * the API layer, which is what SP 800-190 4.1.4c asks) and fails before it
 * (only the etcd volume is encrypted).
 */
static void eks_secrets_encryption(struct probe_run *run, const struct probe *probe,
				   const struct evidence_document *document)
{
	char subject[SUBJECT_SIZE];
	const json_t *cluster = eks_cluster(document, subject);
	const json_t *configs = json_object_get(cluster, "encryptionConfig");
	size_t index;
	const json_t *config;
	json_array_foreach(configs, index, config) {
		const json_t *resources = json_object_get(config, "resources");
		size_t r;
		const json_t *resource;
		json_array_foreach(resources, r, resource) {
			if (!json_is_string(resource) ||
			    strcmp(json_string_value(resource), "secrets"))
				continue;
			char pointer[POINTER_SIZE];
			snprintf(pointer, sizeof(pointer), "/cluster/encryptionConfig/%zu", index);
			const char *key = probe_json_string(config, "provider.keyArn");
			probe_report(
				run, probe, document, PROBE_PASS, subject, pointer,
				"Secrets are envelope-encrypted with the customer managed KMS key "
				"%s",
				key ? key : "(key ARN not shown)");
			return;
		}
	}
	const char *version = json_string_value(json_object_get(cluster, "version"));
	long major, minor;
	if (probe_parse_minor_version(version, &major, &minor) < 0) {
		probe_report(run, probe, document, PROBE_ERROR, subject, "/cluster",
			     "no encryptionConfig for secrets and no Kubernetes version; cannot "
			     "tell whether the default envelope encryption (1.28+) applies");
		return;
	}
	if (major > 1 || (major == 1 && minor >= 28))
		probe_report(run, probe, document, PROBE_PASS, subject, "/cluster/version",
			     "Secrets are envelope-encrypted with an AWS-owned KMS key (default "
			     "since Kubernetes 1.28); no customer managed key");
	else
		probe_report(run, probe, document, PROBE_FAIL, subject, "/cluster/version",
			     "Kubernetes %s has no envelope encryption of Secrets (no "
			     "encryptionConfig; the AWS-owned-key default starts with 1.28)",
			     version);
}

static void eks_control_plane_logging(struct probe_run *run, const struct probe *probe,
				      const struct evidence_document *document)
{
	char subject[SUBJECT_SIZE];
	const json_t *entries =
		probe_json_get(eks_cluster(document, subject), "logging.clusterLogging");
	if (!json_is_array(entries)) {
		probe_report(run, probe, document, PROBE_ERROR, subject, "/cluster",
			     "logging.clusterLogging is missing; cannot tell which logs are on");
		return;
	}
	int audit = 0, authenticator = 0, api = 0;
	size_t index;
	const json_t *entry;
	json_array_foreach(entries, index, entry) {
		if (!json_is_true(json_object_get(entry, "enabled")))
			continue;
		size_t t;
		const json_t *type;
		json_array_foreach(json_object_get(entry, "types"), t, type) {
			const char *name = json_string_value(type);
			audit |= name && !strcmp(name, "audit");
			authenticator |= name && !strcmp(name, "authenticator");
			api |= name && !strcmp(name, "api");
		}
	}
	if (audit && authenticator)
		probe_report(run, probe, document, PROBE_PASS, subject,
			     "/cluster/logging/clusterLogging",
			     "audit and authenticator logs go to CloudWatch%s",
			     api ? " (api too)" : "");
	else
		probe_report(run, probe, document, PROBE_FAIL, subject,
			     "/cluster/logging/clusterLogging",
			     "control-plane %s log%s off (every type is off by default)",
			     !audit && !authenticator ? "audit and authenticator"
			     : !audit		      ? "audit"
						      : "authenticator",
			     !audit && !authenticator ? "s are" : " is");
}

/*
 * EKS gives every minor version 14 months of standard support from its EKS
 * release (424 days is the shortest 14 months), then paid extended support
 * for 12 more. Source:
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
 */
static const struct version_support_policy eks_support = {
	.provider = "aws",
	.platform = "EKS",
	.min_support_days = 424,
	.support_span = "14 months",
	.after_end = "extended support is paid and ends 12 months later",
};

static void eks_version_supported(struct probe_run *run, const struct probe *probe,
				  const struct evidence_document *document)
{
	char subject[SUBJECT_SIZE];
	const json_t *cluster = eks_cluster(document, subject);
	const char *version = json_string_value(json_object_get(cluster, "version"));
	long major, minor;
	if (probe_parse_minor_version(version, &major, &minor) < 0) {
		probe_report(run, probe, document, PROBE_ERROR, subject, "/cluster",
			     "the cluster's Kubernetes version is missing or unreadable");
		return;
	}
	probe_version_support(run, probe, document, subject, "/cluster/version", &eks_support,
			      major, minor);
}

/* ------------------------------------------------------------------ ECR */

typedef void repository_check(struct probe_run *run, const struct probe *probe,
			      const struct evidence_document *document, const json_t *repository,
			      const char *subject, const char *pointer);

/* Runs `check` on every repository with its pointer and subject. */
static void each_repository(struct probe_run *run, const struct probe *probe,
			    const struct evidence_document *document, repository_check *check)
{
	const json_t *repositories = json_object_get(document->root, "repositories");
	const json_t *single = json_object_get(document->root, "repository");
	size_t count = json_is_array(repositories) ? json_array_size(repositories) : 1;
	for (size_t index = 0; index < count; index++) {
		const json_t *repository =
			json_is_array(repositories) ? json_array_get(repositories, index) : single;
		char subject[SUBJECT_SIZE], pointer[64];
		const char *name = json_string_value(json_object_get(repository, "repositoryName"));
		snprintf(subject, sizeof(subject), "repository %s", name ? name : "(unnamed)");
		if (json_is_array(repositories))
			snprintf(pointer, sizeof(pointer), "/repositories/%zu", index);
		else
			snprintf(pointer, sizeof(pointer), "/repository");
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

static void kms_encryption(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document, const json_t *repository,
			   const char *subject, const char *pointer)
{
	char location[128];
	snprintf(location, sizeof(location), "%s/encryptionConfiguration/encryptionType", pointer);
	const json_t *config = json_object_get(repository, "encryptionConfiguration");
	const char *type = json_string_value(json_object_get(config, "encryptionType"));
	const char *key = json_string_value(json_object_get(config, "kmsKey"));
	if (!type)
		probe_report(run, probe, document, PROBE_ERROR, subject, pointer,
			     "encryptionConfiguration.encryptionType is missing");
	else if (!strcmp(type, "KMS") || !strcmp(type, "KMS_DSSE"))
		probe_report(run, probe, document, PROBE_PASS, subject, location,
			     "image layers are encrypted with KMS (%s%s%s)", type,
			     key ? ", key " : "", key ? key : "");
	else
		probe_report(run, probe, document, PROBE_FAIL, subject, location,
			     "image layers use %s with keys AWS manages (the default); no customer "
			     "managed KMS key controls or logs access to them",
			     type);
}

static void ecr_kms_encryption(struct probe_run *run, const struct probe *probe,
			       const struct evidence_document *document)
{
	each_repository(run, probe, document, kms_encryption);
}

/* Rules whose filter is "*" cover every repository. */
static int covers_all(const json_t *rule)
{
	size_t index;
	const json_t *filter;
	json_array_foreach(json_object_get(rule, "repositoryFilters"), index, filter) {
		const char *text = json_string_value(json_object_get(filter, "filter"));
		if (text && !strcmp(text, "*"))
			return 1;
	}
	return 0;
}

static void ecr_registry_scanning(struct probe_run *run, const struct probe *probe,
				  const struct evidence_document *document)
{
	char subject[SUBJECT_SIZE];
	const char *registry = json_string_value(json_object_get(document->root, "registryId"));
	snprintf(subject, sizeof(subject), "registry %s", registry ? registry : "(unknown)");
	const json_t *config = json_object_get(document->root, "scanningConfiguration");
	const char *type = json_string_value(json_object_get(config, "scanType"));
	if (!type) {
		probe_report(run, probe, document, PROBE_ERROR, subject, "/scanningConfiguration",
			     "scanningConfiguration.scanType is missing");
		return;
	}
	if (strcmp(type, "ENHANCED")) {
		probe_report(run, probe, document, PROBE_FAIL, subject,
			     "/scanningConfiguration/scanType",
			     "registry scanning is %s: images are scanned on push or by hand only, "
			     "never again when new CVEs are published (ENHANCED with "
			     "CONTINUOUS_SCAN rescans)",
			     type);
		return;
	}
	const json_t *rules = json_object_get(config, "rules");
	size_t index, continuous = 0;
	const json_t *rule;
	json_array_foreach(rules, index, rule) {
		const char *frequency = json_string_value(json_object_get(rule, "scanFrequency"));
		if (!frequency || strcmp(frequency, "CONTINUOUS_SCAN"))
			continue;
		continuous++;
		if (covers_all(rule)) {
			char pointer[POINTER_SIZE];
			snprintf(pointer, sizeof(pointer), "/scanningConfiguration/rules/%zu",
				 index);
			probe_report(run, probe, document, PROBE_PASS, subject, pointer,
				     "enhanced scanning rescans every repository continuously");
			return;
		}
	}
	if (continuous)
		probe_report(run, probe, document, PROBE_PASS, subject,
			     "/scanningConfiguration/rules",
			     "enhanced scanning rescans continuously, but only repositories "
			     "matching the %zu CONTINUOUS_SCAN rule filter%s",
			     continuous, continuous == 1 ? "" : "s");
	else
		probe_report(run, probe, document, PROBE_FAIL, subject,
			     "/scanningConfiguration/rules",
			     "enhanced scanning has no CONTINUOUS_SCAN rule; images are not "
			     "rescanned when new CVEs are published");
}

typedef void image_check(struct probe_run *run, const struct probe *probe,
			 const struct evidence_document *document, const json_t *image,
			 const char *subject, const char *pointer);

static void image_subject(const json_t *image, const json_t *image_id, char *subject)
{
	const char *repository = json_string_value(json_object_get(image, "repositoryName"));
	const char *tag = json_string_value(json_array_get(json_object_get(image, "imageTags"), 0));
	const char *digest = json_string_value(json_object_get(image, "imageDigest"));
	if (image_id) {
		tag = tag ? tag : json_string_value(json_object_get(image_id, "imageTag"));
		digest = digest ? digest
				: json_string_value(json_object_get(image_id, "imageDigest"));
	}
	if (tag)
		snprintf(subject, SUBJECT_SIZE, "image %s:%s", repository ? repository : "?", tag);
	else
		snprintf(subject, SUBJECT_SIZE, "image %s@%.19s", repository ? repository : "?",
			 digest ? digest : "(no digest)");
}

/* describe-images lists imageDetails; describe-image-scan-findings is one image. */
static void each_image(struct probe_run *run, const struct probe *probe,
		       const struct evidence_document *document, image_check *check)
{
	char subject[SUBJECT_SIZE], pointer[64];
	const json_t *details = json_object_get(document->root, "imageDetails");
	if (!json_is_array(details)) {
		image_subject(document->root, json_object_get(document->root, "imageId"), subject);
		check(run, probe, document, document->root, subject, "");
		return;
	}
	size_t index;
	const json_t *image;
	json_array_foreach(details, index, image) {
		image_subject(image, NULL, subject);
		snprintf(pointer, sizeof(pointer), "/imageDetails/%zu", index);
		check(run, probe, document, image, subject, pointer);
	}
}

static void image_scanned(struct probe_run *run, const struct probe *probe,
			  const struct evidence_document *document, const json_t *image,
			  const char *subject, const char *pointer)
{
	char location[POINTER_SIZE];
	snprintf(location, sizeof(location), "%s/imageScanStatus/status", pointer);
	const char *status = probe_json_string(image, "imageScanStatus.status");
	if (!status)
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "no scan recorded for this image");
	else if (!strcmp(status, "COMPLETE") || !strcmp(status, "ACTIVE"))
		probe_report(run, probe, document, PROBE_PASS, subject, location,
			     "the image has been scanned (%s)", status);
	else if (!strcmp(status, "IN_PROGRESS") || !strcmp(status, "PENDING"))
		probe_report(run, probe, document, PROBE_ERROR, subject, location,
			     "the scan is still running (%s)", status);
	else
		probe_report(run, probe, document, PROBE_FAIL, subject, location,
			     "the image has no usable scan (%s)", status);
}

static void ecr_image_scanned(struct probe_run *run, const struct probe *probe,
			      const struct evidence_document *document)
{
	each_image(run, probe, document, image_scanned);
}

static void image_critical(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document, const json_t *image,
			   const char *subject, const char *pointer)
{
	char location[POINTER_SIZE];
	const char *container = json_object_get(image, "imageScanFindingsSummary")
					? "imageScanFindingsSummary"
					: "imageScanFindings";
	const json_t *counts =
		json_object_get(json_object_get(image, container), "findingSeverityCounts");
	if (!json_is_object(counts)) {
		probe_report(run, probe, document, PROBE_ERROR, subject, pointer,
			     "no findingSeverityCounts: the image has no completed scan");
		return;
	}
	/* findingSeverityCounts lists only the severities that have findings. */
	json_int_t critical = json_integer_value(json_object_get(counts, "CRITICAL"));
	if (critical > 0) {
		snprintf(location, sizeof(location), "%s/%s/findingSeverityCounts/CRITICAL",
			 pointer, container);
		probe_report(run, probe, document, PROBE_FAIL, subject, location,
			     "%lld critical vulnerabilit%s in an image stored in the registry",
			     (long long)critical, critical == 1 ? "y" : "ies");
	} else {
		snprintf(location, sizeof(location), "%s/%s/findingSeverityCounts", pointer,
			 container);
		probe_report(run, probe, document, PROBE_PASS, subject, location,
			     "no critical vulnerabilities found");
	}
}

static void ecr_image_critical(struct probe_run *run, const struct probe *probe,
			       const struct evidence_document *document)
{
	each_image(run, probe, document, image_critical);
}

/* ------------------------------------------------------------------ ECS */

/* `describe-task-definition` output, or a task definition file (register input). */
static const json_t *task_definition(const json_t *root, const char **prefix)
{
	const json_t *wrapped = json_object_get(root, "taskDefinition");
	if (json_is_array(json_object_get(wrapped, "containerDefinitions"))) {
		if (prefix)
			*prefix = "/taskDefinition";
		return wrapped;
	}
	if (json_is_array(json_object_get(root, "containerDefinitions")) &&
	    json_is_string(json_object_get(root, "family"))) {
		if (prefix)
			*prefix = "";
		return root;
	}
	return NULL;
}

static void task_subject(const json_t *definition, char *subject, size_t size)
{
	const char *family = json_string_value(json_object_get(definition, "family"));
	const json_t *revision = json_object_get(definition, "revision");
	if (json_is_integer(revision))
		snprintf(subject, size, "task definition %s:%lld", family ? family : "(unnamed)",
			 (long long)json_integer_value(revision));
	else
		snprintf(subject, size, "task definition %s", family ? family : "(unnamed)");
}

typedef void container_check(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document, const json_t *container,
			     const char *subject, const char *pointer);

static void each_container(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document, container_check *check)
{
	const char *prefix = "";
	const json_t *definition = task_definition(document->root, &prefix);
	char task[SUBJECT_SIZE];
	task_subject(definition, task, sizeof(task));
	size_t index;
	const json_t *container;
	json_array_foreach(json_object_get(definition, "containerDefinitions"), index, container) {
		char subject[SUBJECT_SIZE + 80], pointer[POINTER_SIZE];
		const char *name = json_string_value(json_object_get(container, "name"));
		snprintf(subject, sizeof(subject), "%s container %s", task,
			 name ? name : "(unnamed)");
		snprintf(pointer, sizeof(pointer), "%s/containerDefinitions/%zu", prefix, index);
		check(run, probe, document, container, subject, pointer);
	}
}

/*
 * `privileged` is optional and false unless set ("When this parameter is
 * true, the container is given elevated privileges"), so its absence is the
 * documented secure default. Source:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
 */
static void privileged(struct probe_run *run, const struct probe *probe,
		       const struct evidence_document *document, const json_t *container,
		       const char *subject, const char *pointer)
{
	char location[POINTER_SIZE];
	snprintf(location, sizeof(location), "%s/privileged", pointer);
	if (json_is_true(json_object_get(container, "privileged")))
		probe_report(run, probe, document, PROBE_FAIL, subject, location,
			     "the container runs privileged: root on the host's devices and "
			     "kernel");
	else
		probe_report(run, probe, document, PROBE_PASS, subject,
			     json_object_get(container, "privileged") ? location : pointer,
			     "the container is not privileged");
}

static void ecs_privileged(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document)
{
	each_container(run, probe, document, privileged);
}

static int is_root_user(const char *user)
{
	size_t name = strcspn(user, ":");
	return (name == 4 && !strncmp(user, "root", 4)) || (name == 1 && user[0] == '0');
}

static void non_root_user(struct probe_run *run, const struct probe *probe,
			  const struct evidence_document *document, const json_t *container,
			  const char *subject, const char *pointer)
{
	char location[POINTER_SIZE];
	snprintf(location, sizeof(location), "%s/user", pointer);
	const char *user = json_string_value(json_object_get(container, "user"));
	if (!user || !*user)
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "no user is set: the container runs as the image's user, root "
			     "unless the image sets USER");
	else if (is_root_user(user))
		probe_report(run, probe, document, PROBE_FAIL, subject, location,
			     "the container runs as root (user %s)", user);
	else
		probe_report(run, probe, document, PROBE_PASS, subject, location,
			     "the container runs as user %s", user);
}

static void ecs_non_root_user(struct probe_run *run, const struct probe *probe,
			      const struct evidence_document *document)
{
	each_container(run, probe, document, non_root_user);
}

static void read_only_root(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document, const json_t *container,
			   const char *subject, const char *pointer)
{
	char location[POINTER_SIZE];
	snprintf(location, sizeof(location), "%s/readonlyRootFilesystem", pointer);
	const json_t *value = json_object_get(container, "readonlyRootFilesystem");
	if (json_is_true(value))
		probe_report(run, probe, document, PROBE_PASS, subject, location,
			     "the root filesystem is read-only");
	else
		probe_report(run, probe, document, PROBE_FAIL, subject, value ? location : pointer,
			     "the root filesystem is writable (readonlyRootFilesystem is %s; the "
			     "default is false)",
			     value ? "false" : "not set");
}

static void ecs_read_only_root(struct probe_run *run, const struct probe *probe,
			       const struct evidence_document *document)
{
	each_container(run, probe, document, read_only_root);
}

/* Capabilities that hand a container control of the host or its network. */
static const char *const dangerous_capabilities[] = {
	"ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "DAC_READ_SEARCH",
	"BPF", "PERFMON",   "SYS_BOOT",	 "MAC_ADMIN",
};

static int capability_listed(const json_t *list, const char *name, size_t *at)
{
	size_t index;
	const json_t *item;
	json_array_foreach(list, index, item) {
		const char *text = json_string_value(item);
		if (text && (!strcmp(text, name) ||
			     (!strncmp(text, "CAP_", 4) && !strcmp(text + 4, name)))) {
			if (at)
				*at = index;
			return 1;
		}
	}
	return 0;
}

static void capabilities(struct probe_run *run, const struct probe *probe,
			 const struct evidence_document *document, const json_t *container,
			 const char *subject, const char *pointer)
{
	char location[POINTER_SIZE];
	const json_t *caps = probe_json_get(container, "linuxParameters.capabilities");
	const json_t *add = json_object_get(caps, "add");
	for (size_t i = 0; i < sizeof(dangerous_capabilities) / sizeof(*dangerous_capabilities);
	     i++) {
		size_t at;
		if (capability_listed(add, dangerous_capabilities[i], &at)) {
			snprintf(location, sizeof(location),
				 "%s/linuxParameters/capabilities/add/%zu", pointer, at);
			probe_report(run, probe, document, PROBE_FAIL, subject, location,
				     "the container adds the %s capability",
				     dangerous_capabilities[i]);
			return;
		}
	}
	if (capability_listed(json_object_get(caps, "drop"), "ALL", NULL)) {
		snprintf(location, sizeof(location), "%s/linuxParameters/capabilities/drop",
			 pointer);
		probe_report(run, probe, document, PROBE_PASS, subject, location,
			     "the container drops all capabilities%s",
			     json_array_size(add) ? " and adds back only narrow ones" : "");
		return;
	}
	probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
		     "the container keeps the runtime's default capabilities "
		     "(linuxParameters.capabilities.drop does not list ALL)");
}

static void ecs_capabilities(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document)
{
	each_container(run, probe, document, capabilities);
}

/*
 * networkMode, pidMode and ipcMode are optional; unset they mean bridge
 * networking on Linux and private PID/IPC namespaces, none shared with the
 * host (task definition parameters page, source above), so absence passes.
 */
static void ecs_host_namespaces(struct probe_run *run, const struct probe *probe,
				const struct evidence_document *document)
{
	const char *prefix = "";
	const json_t *definition = task_definition(document->root, &prefix);
	char subject[SUBJECT_SIZE], pointer[POINTER_SIZE];
	task_subject(definition, subject, sizeof(subject));
	static const char *const modes[] = {"networkMode", "pidMode", "ipcMode"};
	for (size_t i = 0; i < 3; i++) {
		const char *value = json_string_value(json_object_get(definition, modes[i]));
		if (value && !strcmp(value, "host")) {
			snprintf(pointer, sizeof(pointer), "%s/%s", prefix, modes[i]);
			probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
				     "%s is host: containers share the host's %s namespace",
				     modes[i],
				     i == 0   ? "network"
				     : i == 1 ? "process"
					      : "IPC");
			return;
		}
	}
	const char *network = json_string_value(json_object_get(definition, "networkMode"));
	snprintf(pointer, sizeof(pointer), "%s%s", prefix, network ? "/networkMode" : "");
	probe_report(run, probe, document, PROBE_PASS, subject, pointer,
		     "no host network, PID or IPC namespace (network mode %s)",
		     network ? network : "bridge, the default");
}

static void plaintext_secrets(struct probe_run *run, const struct probe *probe,
			      const struct evidence_document *document, const json_t *container,
			      const char *subject, const char *pointer)
{
	char location[POINTER_SIZE];
	size_t index, found = 0;
	const json_t *variable;
	const char *first_name = NULL, *first_reason = NULL;
	size_t first_index = 0;
	json_array_foreach(json_object_get(container, "environment"), index, variable) {
		const char *name = json_string_value(json_object_get(variable, "name"));
		const char *value = json_string_value(json_object_get(variable, "value"));
		const char *reason = probe_secret_reason(name, value);
		if (!reason)
			continue;
		if (!found++) {
			first_name = name;
			first_reason = reason;
			first_index = index;
		}
	}
	if (found) {
		snprintf(location, sizeof(location), "%s/environment/%zu/value", pointer,
			 first_index);
		probe_report(run, probe, document, PROBE_FAIL, subject, location,
			     "environment variable %s holds a secret in plain text (%s)%s; use "
			     "secrets with Secrets Manager or SSM",
			     first_name ? first_name : "(unnamed)", first_reason,
			     found > 1 ? ", and others" : "");
		return;
	}
	size_t references = json_array_size(json_object_get(container, "secrets"));
	probe_report(run, probe, document, PROBE_PASS, subject, pointer,
		     "no secret-looking values in plain environment variables%s",
		     references ? "; secrets come from references" : "");
}

static void ecs_plaintext_secrets(struct probe_run *run, const struct probe *probe,
				  const struct evidence_document *document)
{
	each_container(run, probe, document, plaintext_secrets);
}

/* ------------------------------------------------------------------ GuardDuty */

static void detector_subject(const json_t *root, char *subject)
{
	/* arn:aws:iam::ACCOUNT:role/...: the output carries no detector id. */
	const char *role = json_string_value(json_object_get(root, "ServiceRole"));
	const char *account = role && !strncmp(role, "arn:aws", 7) ? strstr(role, "::") : NULL;
	if (account) {
		account += 2;
		snprintf(subject, SUBJECT_SIZE, "GuardDuty detector (account %.*s)",
			 (int)strcspn(account, ":"), account);
	} else {
		snprintf(subject, SUBJECT_SIZE, "GuardDuty detector");
	}
}

static void guardduty_enabled(struct probe_run *run, const struct probe *probe,
			      const struct evidence_document *document)
{
	char subject[SUBJECT_SIZE];
	detector_subject(document->root, subject);
	const char *status = json_string_value(json_object_get(document->root, "Status"));
	if (!strcmp(status, "ENABLED"))
		probe_report(run, probe, document, PROBE_PASS, subject, "/Status",
			     "the detector is enabled");
	else
		probe_report(run, probe, document, PROBE_FAIL, subject, "/Status",
			     "the detector is %s: no threat detection runs", status);
}

/* The feature named `name` (or `legacy`) in Features[], with its index. */
static const json_t *guardduty_feature(const json_t *root, const char *name, const char *legacy,
				       size_t *at)
{
	size_t index;
	const json_t *feature;
	json_array_foreach(json_object_get(root, "Features"), index, feature) {
		const char *text = json_string_value(json_object_get(feature, "Name"));
		if (text && (!strcmp(text, name) || (legacy && !strcmp(text, legacy)))) {
			*at = index;
			return feature;
		}
	}
	return NULL;
}

/* Reports and returns 1 when the detector itself is off; the features then do nothing. */
static int detector_disabled(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document, const char *subject)
{
	const char *status = json_string_value(json_object_get(document->root, "Status"));
	if (!strcmp(status, "ENABLED"))
		return 0;
	probe_report(run, probe, document, PROBE_FAIL, subject, "/Status",
		     "the detector is %s, so none of its features run", status);
	return 1;
}

static void guardduty_eks_audit_logs(struct probe_run *run, const struct probe *probe,
				     const struct evidence_document *document)
{
	char subject[SUBJECT_SIZE], pointer[POINTER_SIZE];
	detector_subject(document->root, subject);
	if (detector_disabled(run, probe, document, subject))
		return;
	size_t at = 0;
	const json_t *feature = guardduty_feature(document->root, "EKS_AUDIT_LOGS", NULL, &at);
	const char *status = NULL;
	if (feature) {
		status = json_string_value(json_object_get(feature, "Status"));
		snprintf(pointer, sizeof(pointer), "/Features/%zu/Status", at);
	} else {
		/* Older detectors report it only under DataSources. */
		status = probe_json_string(document->root,
					   "DataSources.Kubernetes.AuditLogs.Status");
		snprintf(pointer, sizeof(pointer), "/DataSources/Kubernetes/AuditLogs/Status");
	}
	if (!status)
		probe_report(run, probe, document, PROBE_ERROR, subject, "",
			     "neither Features nor DataSources list EKS audit-log monitoring; "
			     "cannot tell whether it is on");
	else if (!strcmp(status, "ENABLED"))
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "EKS audit-log monitoring is enabled");
	else
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "EKS audit-log monitoring is %s", status);
}

static void guardduty_runtime_monitoring(struct probe_run *run, const struct probe *probe,
					 const struct evidence_document *document)
{
	char subject[SUBJECT_SIZE], pointer[POINTER_SIZE];
	detector_subject(document->root, subject);
	if (detector_disabled(run, probe, document, subject))
		return;
	if (!json_is_array(json_object_get(document->root, "Features"))) {
		probe_report(run, probe, document, PROBE_ERROR, subject, "",
			     "the output has no Features list (older CLI or API); cannot tell "
			     "whether Runtime Monitoring is on");
		return;
	}
	size_t at = 0;
	const json_t *feature = guardduty_feature(document->root, "RUNTIME_MONITORING",
						  "EKS_RUNTIME_MONITORING", &at);
	const char *status = json_string_value(json_object_get(feature, "Status"));
	if (!feature || !status) {
		probe_report(run, probe, document, PROBE_FAIL, subject, "/Features",
			     "Runtime Monitoring is not among the detector's features");
		return;
	}
	snprintf(pointer, sizeof(pointer), "/Features/%zu/Status", at);
	if (strcmp(status, "ENABLED")) {
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "Runtime Monitoring is %s: no container-aware threat detection",
			     status);
		return;
	}
	size_t index, managed = 0;
	const json_t *extra;
	json_array_foreach(json_object_get(feature, "AdditionalConfiguration"), index, extra) {
		const char *extra_status = json_string_value(json_object_get(extra, "Status"));
		managed += extra_status && !strcmp(extra_status, "ENABLED");
	}
	probe_report(run, probe, document, PROBE_PASS, subject, pointer,
		     "Runtime Monitoring is enabled%s",
		     managed ? " with automated agent management"
			     : "; agents are deployed by hand (no automated agent management)");
}

/* ------------------------------------------------------------------ table */

static const char *const controls_api_exposure[] = {"4.3.2c", NULL};
static const char *const controls_secrets_encryption[] = {"4.1.4c", NULL};
static const char *const controls_audit_logging[] = {"4.3.2d", "4.4.5b", NULL};
static const char *const controls_supported_version[] = {"4.4.1b", NULL};
static const char *const controls_registry_scanning[] = {"4.1.1b", NULL};
static const char *const controls_registry_vulnerable[] = {"4.2.3d", NULL};
static const char *const controls_tag_immutability[] = {"4.2.2c", NULL};
/*
 * No SP 800-190 control asks for registry encryption at rest with a customer
 * key (4.2.3 is about who may push and pull), so a repository on AES256 must
 * not contradict any claim: the probe reports, the matrix does not move.
 */
static const char *const controls_none[] = {NULL};
static const char *const controls_privileged[] = {"4.4.3a", NULL};
static const char *const controls_non_root[] = {"4.4.3b", "4.1.2d", NULL};
static const char *const controls_capabilities[] = {"4.4.3b", NULL};
static const char *const controls_read_only_root[] = {"4.4.4b", NULL};
static const char *const controls_plaintext_secrets[] = {"4.1.4b", NULL};
static const char *const controls_threat_detection[] = {"4.4.4a", NULL};
static const char *const controls_anomaly_detection[] = {"4.4.2b", NULL};

static const struct probe aws_probes[] = {
	{"aws.ecr.image-critical-findings", "ECR images carry no critical vulnerabilities",
	 KIND_ECR_IMAGES, controls_registry_vulnerable, ecr_image_critical},
	{"aws.ecr.image-scanned", "ECR images have a completed vulnerability scan", KIND_ECR_IMAGES,
	 controls_registry_scanning, ecr_image_scanned},
	{"aws.ecr.kms-encryption", "ECR repositories encrypt images with a KMS key",
	 KIND_ECR_REPOSITORIES, controls_none, ecr_kms_encryption},
	{"aws.ecr.registry-scanning",
	 "ECR registry uses enhanced scanning that rescans images continuously",
	 KIND_ECR_REGISTRY_SCANNING, controls_registry_scanning, ecr_registry_scanning},
	{"aws.ecr.scan-on-push", "ECR repositories scan images on push", KIND_ECR_REPOSITORIES,
	 controls_registry_scanning, ecr_scan_on_push},
	{"aws.ecr.tag-immutability", "ECR repositories have immutable tags", KIND_ECR_REPOSITORIES,
	 controls_tag_immutability, ecr_tag_immutability},
	{"aws.ecs.capabilities", "ECS containers drop all capabilities and add no dangerous ones",
	 KIND_ECS_TASK_DEFINITION, controls_capabilities, ecs_capabilities},
	{"aws.ecs.host-namespaces", "ECS tasks share no host network, PID or IPC namespace",
	 KIND_ECS_TASK_DEFINITION, controls_privileged, ecs_host_namespaces},
	{"aws.ecs.non-root-user", "ECS containers run as a non-root user", KIND_ECS_TASK_DEFINITION,
	 controls_non_root, ecs_non_root_user},
	{"aws.ecs.plaintext-secrets", "ECS containers keep no secrets in plain environment values",
	 KIND_ECS_TASK_DEFINITION, controls_plaintext_secrets, ecs_plaintext_secrets},
	{"aws.ecs.privileged", "ECS containers are not privileged", KIND_ECS_TASK_DEFINITION,
	 controls_privileged, ecs_privileged},
	{"aws.ecs.read-only-root", "ECS containers have a read-only root filesystem",
	 KIND_ECS_TASK_DEFINITION, controls_read_only_root, ecs_read_only_root},
	{"aws.eks.control-plane-logging", "EKS sends audit and authenticator logs to CloudWatch",
	 KIND_EKS_CLUSTER, controls_audit_logging, eks_control_plane_logging},
	{"aws.eks.endpoint-public", "EKS API endpoint is private or restricted to known CIDRs",
	 KIND_EKS_CLUSTER, controls_api_exposure, eks_endpoint_public},
	{"aws.eks.secrets-encryption", "EKS envelope-encrypts Kubernetes Secrets with KMS",
	 KIND_EKS_CLUSTER, controls_secrets_encryption, eks_secrets_encryption},
	{"aws.eks.version-supported", "EKS runs a Kubernetes version in standard support",
	 KIND_EKS_CLUSTER, controls_supported_version, eks_version_supported},
	{"aws.guardduty.detector-enabled", "GuardDuty detector is enabled", KIND_GUARDDUTY_DETECTOR,
	 controls_anomaly_detection, guardduty_enabled},
	{"aws.guardduty.eks-audit-logs", "GuardDuty monitors EKS audit logs",
	 KIND_GUARDDUTY_DETECTOR, controls_threat_detection, guardduty_eks_audit_logs},
	{"aws.guardduty.runtime-monitoring", "GuardDuty Runtime Monitoring is enabled",
	 KIND_GUARDDUTY_DETECTOR, controls_threat_detection, guardduty_runtime_monitoring},
};

const struct probe_family probe_family_aws = {
	.name = "aws",
	.probes = aws_probes,
	.probe_count = sizeof(aws_probes) / sizeof(aws_probes[0]),
	.sniff = aws_sniff,
	.finish = NULL,
};
