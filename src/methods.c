/*
 * methods.c -- the scoring methods, by name.
 *
 * Owns the method table: each method's name, score direction, default
 * normalisation, extra columns and scoring function. The methods live in
 * method_<name>.c. Must not normalise, rank or know about the model.
 */
#include <string.h>

#include "engine.h"

static const char *const vikor_extra[] = {"S", "R", "Q", NULL};
static const char *const promethee_extra[] = {"phi+", "phi-", "phi", NULL};

static const tdm__method methods[] = {
	{"wsm", TDM_DIR_HIGHER, "minmax", NULL, 1, NULL, tdm__method_wsm, 0, 0},
	{"wpm", TDM_DIR_HIGHER, "linear", NULL, 0, NULL, tdm__method_wpm, 0, 1},
	{"topsis", TDM_DIR_HIGHER, "vector", NULL, 0, tdm__topsis_workspace,
	 tdm__method_topsis, 1, 0},
	{"vikor", TDM_DIR_LOWER, NULL, vikor_extra, 0, tdm__vikor_workspace,
	 tdm__method_vikor, 0, 1},
	{"promethee2", TDM_DIR_HIGHER, NULL, promethee_extra, 0,
	 tdm__promethee2_workspace, tdm__method_promethee2, 0, 1},
	{"spotis", TDM_DIR_LOWER, NULL, NULL, 0, NULL, tdm__method_spotis, 0, 1},
	{"copras", TDM_DIR_HIGHER, NULL, NULL, 0, tdm__copras_workspace,
	 tdm__method_copras, 0, 1},
	{"moora", TDM_DIR_HIGHER, "vector", NULL, 0, NULL, tdm__method_moora, 0,
	 0},
	{"edas", TDM_DIR_HIGHER, NULL, NULL, 0, tdm__edas_workspace,
	 tdm__method_edas, 0, 1},
};

static const char *const method_names[] = {
	"wsm", "wpm", "topsis", "vikor", "promethee2", "spotis", "copras",
	"moora", "edas", NULL};

tdm_status
tdm__cell_error(tdm_error *err, size_t i, size_t j, const char *what,
                double x)
{
	char num[64];

	return tdm_error_set(err, TDM_DATA, NULL, (long)i + 1, (long)j + 1,
	                     "%s, got %s", what,
	                     tdm_format_number(x, num, sizeof num));
}

const tdm__method *
tdm__method_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(methods[i].name, name) == 0)
			return &methods[i];
	return NULL;
}

const char *const *
tdm_method_names(void)
{
	return method_names;
}
