/*
 * Recognizes environment variables that carry a secret in plain text, for
 * every family that reads environment lists (ECS task definitions, pod specs,
 * `docker inspect`). It judges by the variable's name and by well-known token
 * formats in its value; it never copies or returns the value, so a detail line
 * cannot leak the secret it reports.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "probe/probe.h"

/* Name fragments (upper case) that mark a secret, with the phrase reported. */
static const struct {
	const char *fragment;
	const char *reason;
} secret_names[] = {
	{"PASSWORD", "name contains PASSWORD"},
	{"PASSWD", "name contains PASSWD"},
	{"SECRET", "name contains SECRET"},
	{"TOKEN", "name contains TOKEN"},
	{"API_KEY", "name contains API_KEY"},
	{"APIKEY", "name contains APIKEY"},
	{"PRIVATE_KEY", "name contains PRIVATE_KEY"},
	{"PRIVATEKEY", "name contains PRIVATEKEY"},
	{"CREDENTIAL", "name contains CREDENTIAL"},
	{"_PWD", "name contains _PWD"},
	{"_PASS", "name ends in _PASS"},
	/* Cloud keys by their usual names: AZURE_STORAGE_KEY, OCI_CLI_KEY_CONTENT, ... */
	{"ACCESS_KEY", "name contains ACCESS_KEY"},
	{"ACCOUNT_KEY", "name contains ACCOUNT_KEY"},
	{"STORAGE_KEY", "name contains STORAGE_KEY"},
	{"BATCH_KEY", "name contains BATCH_KEY"},
	{"KEY_CONTENT", "name contains KEY_CONTENT"},
	{"MASTER_KEY", "name contains MASTER_KEY"},
	{"SIGNING_KEY", "name contains SIGNING_KEY"},
	{"ENCRYPTION_KEY", "name contains ENCRYPTION_KEY"},
};

/* Token formats that announce themselves by a prefix (the issuers' documented formats). */
static const struct {
	const char *prefix;
	size_t min_length;
	const char *reason;
} token_prefixes[] = {
	{"github_pat_", 30, "value looks like a GitHub token"},
	{"glpat-", 26, "value looks like a GitLab token"},
	{"xoxb-", 16, "value looks like a Slack token"},
	{"xoxp-", 16, "value looks like a Slack token"},
	{"xoxa-", 16, "value looks like a Slack token"},
	{"xoxr-", 16, "value looks like a Slack token"},
	{"xoxs-", 16, "value looks like a Slack token"},
	{"sk_live_", 21, "value looks like a Stripe secret key"},
	{"rk_live_", 21, "value looks like a Stripe secret key"},
	{"npm_", 40, "value looks like an npm token"},
	{"pypi-AgE", 60, "value looks like a PyPI token"},
	{"hvs.", 24, "value looks like a HashiCorp Vault token"},
	{"dop_v1_", 71, "value looks like a DigitalOcean token"},
	{"shpat_", 38, "value looks like a Shopify token"},
	{"sk-ant-", 40, "value looks like an Anthropic API key"},
	{"SG.", 69, "value looks like a SendGrid API key"},
};

/* Names that point at a secret rather than hold one: SECRET_ARN, TOKEN_FILE. */
static const char *const reference_suffixes[] = {
	"_FILE",   "_PATH",    "_DIR",	  "_URL",    "_URI",	"_ENDPOINT",
	"_ARN",	   "_NAME",    "_ID",	  "_REF",    "_KEY_ID", "_TTL",
	"_EXPIRY", "_TIMEOUT", "_LENGTH", "_HEADER", "_ISSUER", "_AUDIENCE",
};

static bool has_prefix(const char *text, const char *prefix)
{
	return !strncmp(text, prefix, strlen(prefix));
}

static bool has_suffix(const char *text, const char *suffix)
{
	size_t length = strlen(text), suffix_length = strlen(suffix);
	return length >= suffix_length && !strcmp(text + length - suffix_length, suffix);
}

static bool all_of(const char *text, size_t length, const char *alphabet)
{
	for (size_t i = 0; i < length; i++)
		if (!text[i] || !strchr(alphabet, text[i]))
			return false;
	return true;
}

#define UPPER_DIGITS "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define TOKEN_CHARS  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

/* Values that name where a secret lives instead of holding it. */
static bool is_reference(const char *value)
{
	return value[0] == '/' || has_prefix(value, "./") || has_prefix(value, "arn:") ||
	       has_prefix(value, "${") || has_prefix(value, "$(") || has_prefix(value, "{{") ||
	       has_prefix(value, "vault:") || has_prefix(value, "file:") ||
	       (has_prefix(value, "projects/") && strstr(value, "/secrets/"));
}

/* Numbers and booleans: TOKEN_TTL=3600 and SECRET_ROTATION=true are settings. */
static bool is_setting(const char *value)
{
	if (!strcmp(value, "true") || !strcmp(value, "false") || !strcmp(value, "True") ||
	    !strcmp(value, "False"))
		return true;
	return value[strspn(value, "0123456789.")] == '\0';
}

/* A URL with a password in its authority: scheme://user:password@host. */
static bool has_url_password(const char *value)
{
	const char *scheme = strstr(value, "://");
	if (!scheme)
		return false;
	const char *authority = scheme + 3;
	size_t length = strcspn(authority, "/?#");
	const char *at = memchr(authority, '@', length);
	const char *colon = at ? memchr(authority, ':', (size_t)(at - authority)) : NULL;
	return colon && colon + 1 < at;
}

/*
 * A PEM private key however its armour is written: "-----BEGIN RSA PRIVATE
 * KEY-----", "---BEGIN OPENSSH PRIVATE KEY---", "BEGIN PGP PRIVATE KEY
 * BLOCK", with any number of dashes and spaces.
 */
static bool has_private_key(const char *value)
{
	const char *begin = strstr(value, "BEGIN");
	while (begin) {
		const char *line_end = strchr(begin, '\n');
		const char *private = strstr(begin, "PRIVATE");
		if (private && (!line_end || private < line_end)) {
			const char *key = private + 7;
			while (*key == ' ' || *key == '\t')
				key++;
			if (!strncmp(key, "KEY", 3))
				return true;
		}
		begin = strstr(begin + 5, "BEGIN");
	}
	return false;
}

static const char *value_reason(const char *value)
{
	size_t length = strlen(value);
	if (length == 20 && (has_prefix(value, "AKIA") || has_prefix(value, "ASIA")) &&
	    all_of(value + 4, 16, UPPER_DIGITS))
		return "value looks like an AWS access key id";
	if (has_private_key(value))
		return "value contains a private key";
	if ((has_prefix(value, "ghp_") || has_prefix(value, "gho_") || has_prefix(value, "ghs_") ||
	     has_prefix(value, "ghu_") || has_prefix(value, "ghr_")) &&
	    length >= 36 && all_of(value + 4, length - 4, TOKEN_CHARS))
		return "value looks like a GitHub token";
	for (size_t i = 0; i < sizeof(token_prefixes) / sizeof(token_prefixes[0]); i++)
		if (has_prefix(value, token_prefixes[i].prefix) &&
		    length >= token_prefixes[i].min_length && !strchr(value, ' '))
			return token_prefixes[i].reason;
	/* Azure Storage and Service Bus connection strings carry the key itself. */
	if (strstr(value, "AccountKey=") || strstr(value, "SharedAccessKey="))
		return "value is a connection string with an account key";
	if (has_prefix(value, "AIza") && length == 39 && all_of(value + 4, 35, TOKEN_CHARS))
		return "value looks like a Google API key";
	if (has_prefix(value, "eyJ") && strchr(value, '.') && strchr(strchr(value, '.') + 1, '.') &&
	    !strchr(value, ' '))
		return "value looks like a JSON Web Token";
	if (has_url_password(value))
		return "value is a URL with an embedded password";
	return NULL;
}

const char *probe_secret_reason(const char *name, const char *value)
{
	if (!value || !*value || is_reference(value))
		return NULL;
	const char *by_value = value_reason(value);
	if (by_value)
		return by_value;
	if (!name || is_setting(value))
		return NULL;
	char upper[256];
	size_t length = 0;
	for (; name[length] && length + 1 < sizeof(upper); length++)
		upper[length] = (char)toupper((unsigned char)name[length]);
	upper[length] = '\0';
	for (size_t i = 0; i < sizeof(reference_suffixes) / sizeof(reference_suffixes[0]); i++)
		if (has_suffix(upper, reference_suffixes[i]))
			return NULL;
	for (size_t i = 0; i < sizeof(secret_names) / sizeof(secret_names[0]); i++) {
		const char *fragment = secret_names[i].fragment;
		/* _PASS only as the last word, so DB_PASSTHROUGH_MODE is not a secret. */
		if (!strcmp(fragment, "_PASS") ? has_suffix(upper, fragment)
					       : strstr(upper, fragment) != NULL)
			return secret_names[i].reason;
	}
	return NULL;
}
