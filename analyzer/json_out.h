/*
 * json_out.h - writing cJSON documents and the small objects several
 * outputs share.
 *
 * Ownership: json_print() takes ROOT and deletes it; json_site() returns a
 * new object the caller adds to a parent (which then owns it).
 */
#ifndef JSON_OUT_H
#define JSON_OUT_H

#include <stdint.h>
#include <stdio.h>

struct cJSON;

/* Print ROOT (indented) and a newline to OUT, then delete it; -1 on OOM. */
int json_print(struct cJSON *root, FILE *out);
/* {"file": FILE, "line": LINE, "col": COL} */
struct cJSON *json_site(const char *file, int line, int col);
/* Add KEY to O: the number V when it is not negative, else null. */
void json_add_count_or_null(struct cJSON *o, const char *key, int64_t v);
/* Add KEY to O: the string S, or null when S is NULL. */
void json_add_string_or_null(struct cJSON *o, const char *key, const char *s);
/*
 * The non-negative number KEY of object O into *OUT, saturated at
 * UINT64_MAX; -1 when it is missing, negative or not a number.
 */
int json_get_count(const struct cJSON *o, const char *key, uint64_t *out);

#endif
