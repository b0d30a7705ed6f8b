/*
 * json_out.c - writing cJSON documents.
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
