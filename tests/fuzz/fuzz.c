/*
 * The harnesses' shared helpers (fuzz.h). The memory budget uses the
 * sanitizer allocator's hooks, so it is checked in the fuzz build and the
 * ASan replay, and is a no-op in a plain build.
 */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FUZZ_HOOKS 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FUZZ_HOOKS 1
#endif

const char *fuzz_data_dir(void)
{
	return SRGAP_SOURCE_DATA_DIR;
}

static char folder[64];
static char file_path[128];

static void remove_folder(void)
{
	if (*file_path)
		unlink(file_path);
	rmdir(folder);
}

const char *fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
	if (!*folder) {
		const char *tmp = getenv("TMPDIR");
		snprintf(folder, sizeof(folder), "%.40s/srgap-fuzz-XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(folder)) {
			fprintf(stderr, "fuzz: cannot make a temporary folder: %s\n",
				strerror(errno));
			abort();
		}
		atexit(remove_folder);
	}
	if (*file_path)
		unlink(file_path);
	snprintf(file_path, sizeof(file_path), "%s/%.50s", folder, name);
	int fd = open(file_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t done = 0;
	while (fd >= 0 && done < size) {
		ssize_t wrote = write(fd, data + done, size - done);
		if (wrote <= 0)
			break;
		done += (size_t)wrote;
	}
	if (fd < 0 || done < size || close(fd) != 0) {
		fprintf(stderr, "fuzz: cannot write %s: %s\n", file_path, strerror(errno));
		abort();
	}
	return file_path;
}

#ifdef FUZZ_HOOKS
/* sanitizer/allocator_interface.h, which GCC does not ship; its libasan has them. */
int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void *, size_t),
					      void (*free_hook)(const volatile void *));
size_t __sanitizer_get_allocated_size(const volatile void *pointer);

static size_t in_use, peak, start;
static int hooked;

static void on_malloc(const volatile void *pointer, size_t size)
{
	(void)pointer;
	in_use += size;
	if (in_use > peak)
		peak = in_use;
}

static void on_free(const volatile void *pointer)
{
	size_t size = __sanitizer_get_allocated_size(pointer);
	in_use -= size < in_use ? size : in_use;
}

void fuzz_memory_begin(void)
{
	if (!hooked) {
		__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
		hooked = 1;
	}
	start = peak = in_use;
}

void fuzz_memory_end(size_t input_size)
{
	size_t used = peak - start;
	size_t budget = FUZZ_MEMORY_FACTOR * input_size + FUZZ_MEMORY_SLACK;
	FUZZ_ASSERT(used <= budget,
		    "an input of %zu bytes made srgap allocate %zu bytes (budget %zu)", input_size,
		    used, budget);
}
#else
void fuzz_memory_begin(void)
{
}

void fuzz_memory_end(size_t input_size)
{
	(void)input_size;
}
#endif
