/* fuzz_eval.c -- libFuzzer entry point; the body is tdm_fuzz_eval in harness.c. */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return tdm_fuzz_eval(data, size);
}
