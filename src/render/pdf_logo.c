/*
 * Checking a logo before libharu sees it. libharu 2.3 aborts the process on
 * a damaged PNG (it reads through libpng without an error jump) and accepts
 * a truncated JPEG that viewers then fail to draw, so the report reads a PNG
 * fully with libpng under its own error handler, and walks a JPEG's markers
 * to its end. It does not draw or convert anything.
 */
#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/pdf_internal.h"

struct png_check {
	jmp_buf jump;
	char message[160];
};

static void png_failed(png_structp png, png_const_charp message)
{
	struct png_check *check = png_get_error_ptr(png);
	snprintf(check->message, sizeof(check->message), "%s", message);
	longjmp(check->jump, 1);
}

static void png_warned(png_structp png, png_const_charp message)
{
	(void)png;
	(void)message; /* a benign quirk such as an odd colour profile: the image still loads */
}

/* Decodes every row the way libharu will, so anything it would choke on shows here. */
static int check_png(FILE *file, char *error, size_t size)
{
	struct png_check check = {.message = ""};
	png_structp png =
		png_create_read_struct(PNG_LIBPNG_VER_STRING, &check, png_failed, png_warned);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	png_bytep volatile row = NULL; /* volatile: assigned between setjmp and a longjmp */
	int status = -1;
	if (!png || !info) {
		snprintf(error, size, "out of memory reading the image");
		goto out;
	}
	if (setjmp(check.jump)) {
		snprintf(error, size, "a damaged PNG image (%s)", check.message);
		goto out;
	}
	png_init_io(png, file);
	png_read_info(png, info);
	png_uint_32 width = png_get_image_width(png, info);
	png_uint_32 height = png_get_image_height(png, info);
	if (width == 0 || height == 0 || width > 20000 || height > 20000) {
		snprintf(error, size, "a PNG image of %lux%lu pixels; a logo needs 1 to 20000",
			 (unsigned long)width, (unsigned long)height);
		goto out;
	}
	int passes = png_set_interlace_handling(png);
	png_read_update_info(png, info);
	row = malloc(png_get_rowbytes(png, info));
	if (!row) {
		snprintf(error, size, "out of memory reading the image");
		goto out;
	}
	for (int pass = 0; pass < passes; pass++)
		for (png_uint_32 y = 0; y < height; y++)
			png_read_row(png, row, NULL);
	png_read_end(png, NULL);
	status = 0;
out:
	free(row);
	png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
	return status;
}

/*
 * A JPEG is markers up to the start of scan, entropy-coded data, and an end
 * marker. libharu needs a frame header (size, components) before the scan;
 * a file cut short lacks the end marker.
 */
static int check_jpeg(FILE *file, char *error, size_t size)
{
	bool frame = false;
	int c;
	if (fgetc(file) != 0xFF || fgetc(file) != 0xD8)
		goto damaged;
	for (;;) {
		if (fgetc(file) != 0xFF)
			goto damaged;
		int marker;
		while ((marker = fgetc(file)) == 0xFF)
			continue; /* fill bytes */
		if (marker == EOF || marker == 0xD9)
			goto damaged; /* an end before any scan */
		if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
			continue; /* markers without a length */
		int high = fgetc(file), low = fgetc(file);
		if (high == EOF || low == EOF || (high << 8 | low) < 2)
			goto damaged;
		long length = (long)(high << 8 | low) - 2;
		bool is_frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 &&
				marker != 0xC8 && marker != 0xCC;
		if (is_frame) {
			unsigned char header[6];
			if (length < 6 || fread(header, 1, 6, file) != 6)
				goto damaged;
			unsigned height = (unsigned)header[1] << 8 | header[2];
			unsigned width = (unsigned)header[3] << 8 | header[4];
			if (!width || !height ||
			    (header[5] != 1 && header[5] != 3 && header[5] != 4))
				goto damaged;
			frame = true;
			length -= 6;
		}
		if (fseek(file, length, SEEK_CUR) != 0)
			goto damaged;
		if (marker == 0xDA)
			break; /* start of scan */
	}
	if (!frame)
		goto damaged;
	/* Entropy-coded data: 0xFF is followed by 0x00 (a data byte), a restart or another marker.
	 */
	while ((c = fgetc(file)) != EOF) {
		if (c != 0xFF)
			continue;
		int next;
		while ((next = fgetc(file)) == 0xFF)
			continue;
		if (next == 0xD9)
			return 0;
		if (next == EOF)
			break;
	}
damaged:
	snprintf(error, size, "a damaged or truncated JPEG image");
	return -1;
}

enum pdf_logo_kind pdf_logo_check(const char *path, char *error, size_t size)
{
	FILE *file = fopen(path, "rb");
	if (!file) {
		snprintf(error, size, "%s", strerror(errno));
		return PDF_LOGO_INVALID;
	}
	unsigned char magic[8] = {0};
	size_t got = fread(magic, 1, sizeof(magic), file);
	rewind(file);
	enum pdf_logo_kind kind = PDF_LOGO_INVALID;
	if (got == 8 && !memcmp(magic, "\x89PNG\r\n\x1a\n", 8))
		kind = check_png(file, error, size) == 0 ? PDF_LOGO_PNG : PDF_LOGO_INVALID;
	else if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF)
		kind = check_jpeg(file, error, size) == 0 ? PDF_LOGO_JPEG : PDF_LOGO_INVALID;
	else
		snprintf(error, size, "neither a PNG nor a JPEG image");
	fclose(file);
	return kind;
}
