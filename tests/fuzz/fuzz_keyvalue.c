/*
 * Harness: key=value text (Lynis's lynis-report.dat) through
 * keyvalue_decode. Invariant: what it returns is an object of strings and
 * arrays of strings, valid JSON that jansson writes and reads back equal.
 */
#include <jansson.h>

#include "fuzz.h"
#include "io/keyvalue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_memory_begin();
	json_t *object = keyvalue_decode((const char *)data, size);
	if (object) {
		FUZZ_ASSERT(json_is_object(object) && json_object_size(object) > 0,
			    "not a non-empty object");
		const char *key;
		json_t *value;
		json_object_foreach(object, key, value) {
			FUZZ_ASSERT(json_is_string(value) || json_is_array(value),
				    "'%s' is neither a string nor a list", key);
			for (size_t i = 0; json_is_array(value) && i < json_array_size(value); i++)
				FUZZ_ASSERT(json_is_string(json_array_get(value, i)),
					    "'%s'[%zu] is not a string", key, i);
		}
		char *text = json_dumps(object, JSON_COMPACT);
		FUZZ_ASSERT(text, "jansson cannot write the object");
		json_t *again = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
		FUZZ_ASSERT(json_equal(object, again), "the object does not read back equal");
		json_decref(again);
		free(text);
		json_decref(object);
	}
	fuzz_memory_end(size);
	return 0;
}
