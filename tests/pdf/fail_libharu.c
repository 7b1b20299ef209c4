/*
 * Fault injection for tests/pdf/run.sh, loaded with LD_PRELOAD: libharu
 * fails while srgap draws page SRGAP_FAIL_PAGE, through its own error path
 * (an out-of-range page mode raises HPDF_PAGE_MODE_OUT_OF_RANGE to the
 * document's error handler), the way it fails when a limit is reached.
 * srgap must then exit 3 naming what it could not draw, and write no file.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <hpdf.h>
#include <stdlib.h>
#include <string.h>

HPDF_Page HPDF_AddPage(HPDF_Doc doc)
{
	static HPDF_Page (*real)(HPDF_Doc);
	static long pages;
	if (!real) {
		void *symbol = dlsym(RTLD_NEXT, "HPDF_AddPage");
		if (!symbol)
			abort();
		memcpy(&real, &symbol, sizeof(real));
	}
	HPDF_Page page = real(doc);
	const char *fail_at = getenv("SRGAP_FAIL_PAGE");
	if (fail_at && ++pages == atol(fail_at))
		HPDF_SetPageMode(doc, (HPDF_PageMode)HPDF_PAGE_MODE_EOF);
	return page;
}
