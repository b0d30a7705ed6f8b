/*
 * hashmap.h - the one hash table: open addressing with linear probing,
 * keyed by a string or by a 64-bit number (one kind per table), each key
 * mapped to one pointer.
 *
 * Ownership: string keys are borrowed and must outlive the table (keep
 * them in the value, or in a strvec); values are the caller's, and
 * hashmap_release() frees neither. A slot returned by hashmap_put_*() or
 * hashmap_get_*() is valid until the next put.
 */
#ifndef HASHMAP_H
#define HASHMAP_H

#include <stddef.h>
#include <stdint.h>

struct hashmap_entry {
	uint64_t hash;	 /* of the key */
	const char *str; /* the key of a string table */
	uint64_t num;	 /* the key of a number table; STR's length */
	void *value;
	int used;
};

struct hashmap {
	struct hashmap_entry *v;
	size_t nr, cap; /* CAP is 0 or a power of two */
};

#define HASHMAP_INIT                                                           \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

void hashmap_release(struct hashmap *m);

/*
 * The value slot of KEY, made (holding NULL, *ADDED set to 1) when KEY is
 * not in the table yet; ADDED may be NULL.
 */
void **hashmap_put_str(struct hashmap *m, const char *key, int *added);
/* The same of the LEN bytes at KEY (which need not end in a NUL). */
void **hashmap_put_mem(struct hashmap *m, const char *key, size_t len,
		       int *added);
void **hashmap_put_u64(struct hashmap *m, uint64_t key, int *added);

/* The value slot of KEY, or NULL when KEY is not in the table. */
void **hashmap_get_str(const struct hashmap *m, const char *key);
void **hashmap_get_mem(const struct hashmap *m, const char *key, size_t len);
void **hashmap_get_u64(const struct hashmap *m, uint64_t key);

/*
 * The next used entry at or after *POS (start at 0), or NULL at the end;
 * *POS is moved past it.
 */
struct hashmap_entry *hashmap_next(const struct hashmap *m, size_t *pos);

/*
 * A table of string vectors by string: each entry owns its key and its
 * strvec (a string's list of names, sites, ...). The strvec of KEY, made
 * empty (*ADDED set to 1) when KEY is new; ADDED may be NULL.
 */
struct strvec;
struct strvec *hashmap_strvec_at(struct hashmap *m, const char *key,
				 int *added);
/* The strvec of KEY in such a table, or NULL. */
const struct strvec *hashmap_strvec_get(const struct hashmap *m,
					const char *key);
/* Free such a table: its strvecs, their keys, and the table. */
void hashmap_strvecs_release(struct hashmap *m);

#endif
