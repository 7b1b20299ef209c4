/*
 * Harness: a Trivy or Grype JSON report as `srgap vulns` reads it: the
 * pruner's fast path (io/json_prune.c), jansson, the report reader, then
 * the ranked fix plan of core/vulns over the records.
 */
#include "core/vulns.h"
#include "fuzz.h"
#include "io/scanner_report.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_memory_begin();
	struct diag_list diags;
	diag_list_init(&diags);
	struct scan_reader reader;
	scan_reader_init(&reader, "vulns");
	struct scan_report report;
	enum scan_load_result result = scan_report_load_buffer(&reader, (const char *)data, size,
							       "report.json", &report, &diags);
	FUZZ_ASSERT(result != SCAN_LOAD_FAILED || diag_error_count(&diags) > 0,
		    "failed without an error");
	if (result == SCAN_LOAD_OK) {
		struct vulns_estate *estate = vulns_estate_new();
		vulns_add_report(estate, &report, 3);
		vulns_add_workload(estate, report.artifact, true);
		struct vulns_plan plan = {0};
		vulns_plan_build(estate, 10, &plan);
		vulns_plan_release(&plan);
		vulns_estate_free(estate);
	}
	scan_report_release(&report);
	scan_reader_release(&reader);
	diag_list_release(&diags);
	fuzz_memory_end(size);
	return 0;
}
