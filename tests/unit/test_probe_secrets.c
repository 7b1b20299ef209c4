/*
 * Unit tests for probe_secret_reason (src/probe/secrets.c): secret-looking
 * names and token formats are reported with a reason that never contains the
 * value; references, settings and empty values are not secrets.
 */
#include "probe/probe.h"
#include "test_support.h"

static void expect_secret(const char *name, const char *value, const char *reason)
{
	const char *got = probe_secret_reason(name, value);
	if (!got || strcmp(got, reason))
		fail_msg("%s=%s: want '%s', got '%s'", name ? name : "(null)", value, reason,
			 got ? got : "(none)");
	assert_null(strstr(got, value));
}

static void expect_no_secret(const char *name, const char *value)
{
	const char *got = probe_secret_reason(name, value);
	if (got)
		fail_msg("%s=%s: not a secret, got '%s'", name ? name : "(null)",
			 value ? value : "(null)", got);
}

static void test_secret_names(void **state)
{
	(void)state;
	expect_secret("MYSQL_ROOT_PASSWORD", "password", "name contains PASSWORD");
	expect_secret("dbPassword", "s3cr3t", "name contains PASSWORD");
	expect_secret("CLIENT_SECRET", "abc", "name contains SECRET");
	expect_secret("GITHUB_TOKEN", "abc", "name contains TOKEN");
	expect_secret("STRIPE_API_KEY", "abc", "name contains API_KEY");
	expect_secret("TLS_PRIVATE_KEY", "abc", "name contains PRIVATE_KEY");
	expect_secret("GOOGLE_CREDENTIALS", "{}", "name contains CREDENTIAL");
	expect_secret("DB_PASS", "abc", "name ends in _PASS");
	expect_secret("LDAP_PWD", "abc", "name contains _PWD");
	expect_secret("AWS_SECRET_ACCESS_KEY", "xxx", "name contains SECRET");
	expect_secret("AZURE_BATCH_KEY", "xxx", "name contains BATCH_KEY");
	expect_secret("AZURE_STORAGE_ACCOUNT_KEY", "xxx", "name contains ACCOUNT_KEY");
	expect_secret("OCI_CLI_KEY_CONTENT", "xxx", "name contains KEY_CONTENT");
	expect_secret("MINIO_ACCESS_KEY", "minioadmin", "name contains ACCESS_KEY");
}

static void test_secret_values(void **state)
{
	(void)state;
	expect_secret("UPLOAD", "AKIAIOSFODNN7EXAMPLE", "value looks like an AWS access key id");
	expect_secret("CERT", "-----BEGIN RSA PRIVATE KEY-----\nMIIE...",
		      "value contains a private key");
	expect_secret("GH", "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
		      "value looks like a GitHub token");
	expect_secret("DATABASE_URL", "postgres://app:pa55@db.internal:5432/app",
		      "value is a URL with an embedded password");
	expect_secret("SESSION", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
		      "value looks like a JSON Web Token");
	/* The armour's dashes and spaces vary; the key is a key however it is written. */
	expect_secret("the_good_stuff",
		      "---BEGIN OPENSSH PRIVATE KEY---\nxxxxx\n---END  OPENSSH "
		      "PRIVATE KEY---\n",
		      "value contains a private key");
	expect_secret("K", "BEGIN PRIVATE  KEY\nMIIE", "value contains a private key");
	expect_secret("K", "-----BEGIN PGP PRIVATE KEY BLOCK-----", "value contains a private key");
	expect_secret("SA_JSON",
		      "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN "
		      "PRIVATE KEY-----\\nMIIE\"}",
		      "value contains a private key");
	expect_secret("GL", "glpat-0123456789abcdefghij", "value looks like a GitLab token");
	expect_secret("V", "hvs.CAESIJ0123456789abcdefghijkl",
		      "value looks like a HashiCorp Vault token");
	expect_secret("NPMRC", "npm_0123456789abcdefghijklmnopqrstuvwxyz",
		      "value looks like an npm token");
	expect_secret("AZ", "DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=abc==",
		      "value is a connection string with an account key");
	/* A value shape counts even without a telling name. */
	expect_secret(NULL, "AKIAIOSFODNN7EXAMPLE", "value looks like an AWS access key id");
}

static void test_not_secrets(void **state)
{
	(void)state;
	expect_no_secret("LOG_LEVEL", "debug");
	expect_no_secret("DB_PASSWORD", "");
	expect_no_secret("DB_PASSWORD", NULL);
	expect_no_secret("DB_PASSWORD_FILE", "/run/secrets/db");
	expect_no_secret("DB_PASSWORD", "/run/secrets/db");
	expect_no_secret("API_TOKEN", "${API_TOKEN}");
	expect_no_secret("SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:x");
	expect_no_secret("TOKEN_TTL", "3600");
	expect_no_secret("SECRET_ROTATION", "true");
	expect_no_secret("GCP_SECRET", "projects/p/secrets/db/versions/latest");
	expect_no_secret("DB_PASSTHROUGH_MODE", "on");
	expect_no_secret("HOMEPAGE", "https://example.com/login");
	expect_no_secret("AKIA_PREFIX", "AKIA");
	/* A public key, a certificate, or words that happen to contain the markers. */
	expect_no_secret("CA", "-----BEGIN CERTIFICATE-----\nMIIB");
	expect_no_secret("NOTE", "BEGIN with the private\nkey rotation");
	expect_no_secret("ACCESS_KEY_ID", "example");
	expect_no_secret("PARTITION_KEY", "userId");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret_names),
		cmocka_unit_test(test_secret_values),
		cmocka_unit_test(test_not_secrets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
