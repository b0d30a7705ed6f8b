/*
 * json_out.c - writing cJSON documents and the small parts several
 * outputs share.
 */
#include "json_out.h"
#include "util.h"

#include <cjson/cJSON.h>

int json_print(struct cJSON *root, FILE *out)
{
	char *text = cJSON_Print(root);

	cJSON_Delete(root);
	if (!text)
		return error("out of memory");
	fputs(text, out);
	fputc('\n', out);
	cJSON_free(text);
	return 0;
}

struct cJSON *json_site(const char *file, int line, int col)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "file", file);
	cJSON_AddNumberToObject(o, "line", line);
	cJSON_AddNumberToObject(o, "col", col);
	return o;
}

void json_add_count_or_null(cJSON *o, const char *key, int64_t v)
{
	if (v >= 0)
		cJSON_AddNumberToObject(o, key, (double)v);
	else
		cJSON_AddNullToObject(o, key);
}

void json_add_string_or_null(cJSON *o, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

int json_get_count(const cJSON *o, const char *key, uint64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0))
		return -1;
	*out = v->valuedouble >= 1.8e19 ? UINT64_MAX : (uint64_t)v->valuedouble;
	return 0;
}
