/*
 * What every libFuzzer harness in tests/fuzz shares: the data directory
 * (catalog, provider models, templates: loaded once per process), a private
 * temporary folder for the loaders that take a path, and the memory budget
 * of issue 13 (an input may make srgap allocate at most 64 times its size,
 * beyond what was loaded once), checked when built with a sanitizer.
 *
 * A harness defines LLVMFuzzerTestOneInput only. Built with -Dfuzz=true it
 * links libFuzzer's main; otherwise replay.c's main runs it over the corpus
 * (tests/fuzz/corpus/NAME), so every CI run replays every regression input.
 */
#ifndef SRGAP_TESTS_FUZZ_H
#define SRGAP_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The source tree, which holds models/, providers/ and templates/. */
const char *fuzz_data_dir(void);

/*
 * Writes the input to NAME in the private temporary folder (made on first
 * use, removed at exit) and returns its path, valid until the next call.
 */
const char *fuzz_write_file(const char *name, const uint8_t *data, size_t size);

/*
 * Allocation budget: fuzz_memory_begin before handing the input to srgap,
 * fuzz_memory_end after; aborts (a finding) when the peak of bytes in use
 * grew by more than FUZZ_MEMORY_FACTOR times the input plus a fixed slack
 * for working buffers (the evidence reader's 1 MiB read window).
 */
#define FUZZ_MEMORY_FACTOR 64
#define FUZZ_MEMORY_SLACK  ((size_t)4 << 20)
void fuzz_memory_begin(void);
void fuzz_memory_end(size_t input_size);

/* An invariant a harness checks: prints what broke and aborts (a finding). */
#define FUZZ_ASSERT(condition, ...)                                                                \
	do {                                                                                       \
		if (!(condition)) {                                                                \
			fprintf(stderr, "fuzz: %s:%d: %s: ", __FILE__, __LINE__, #condition);      \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
