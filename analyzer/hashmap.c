/*
 * hashmap.c - the one hash table (see hashmap.h): XXH3 hashes, linear
 * probing, and a table twice the entries' number at least.
 */
#include "hashmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

void hashmap_release(struct hashmap *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* A string key is STR of NUM bytes; a number key is NUM, STR NULL. */
static int same_key(const struct hashmap_entry *e, uint64_t hash,
		    const char *str, uint64_t num)
{
	if (e->hash != hash)
		return 0;
	if (e->num != num || !e->str != !str)
		return 0;
	return !str || !memcmp(e->str, str, (size_t)num);
}

/* The entry of the key, or the free entry where it goes. */
static struct hashmap_entry *find(const struct hashmap *m, uint64_t hash,
				  const char *str, uint64_t num)
{
	size_t mask = m->cap - 1, i = (size_t)hash & mask;

	while (m->v[i].used && !same_key(&m->v[i], hash, str, num))
		i = (i + 1) & mask;
	return &m->v[i];
}

static void grow(struct hashmap *m)
{
	struct hashmap_entry *old = m->v;
	size_t cap = m->cap, k;

	m->cap = cap ? 2 * cap : 64;
	/*
	 * Cleared by writing, not by calloc(): the fresh pages of a large
	 * table would be read first (the probes below), mapping the shared
	 * zero page, and each then written, a second fault whose change of
	 * mapping interrupts the process's other processors to flush their
	 * TLBs.
	 */
	m->v = xmalloc(m->cap * sizeof(*m->v));
	memset(m->v, 0, m->cap * sizeof(*m->v));
	for (k = 0; k < cap; k++)
		if (old[k].used)
			*find(m, old[k].hash, old[k].str, old[k].num) = old[k];
	free(old);
}

static void **put(struct hashmap *m, uint64_t hash, const char *str,
		  uint64_t num, int *added)
{
	struct hashmap_entry *e;

	if (2 * (m->nr + 1) > m->cap)
		grow(m);
	e = find(m, hash, str, num);
	if (added)
		*added = !e->used;
	if (!e->used) {
		e->used = 1;
		e->hash = hash;
		e->str = str;
		e->num = num;
		e->value = NULL;
		m->nr++;
	}
	return &e->value;
}

static void **get(const struct hashmap *m, uint64_t hash, const char *str,
		  uint64_t num)
{
	struct hashmap_entry *e;

	if (!m->cap)
		return NULL;
	e = find(m, hash, str, num);
	return e->used ? &e->value : NULL;
}

static uint64_t hash_u64(uint64_t key)
{
	return XXH3_64bits(&key, sizeof(key));
}

void **hashmap_put_str(struct hashmap *m, const char *key, int *added)
{
	return hashmap_put_mem(m, key, strlen(key), added);
}

void **hashmap_put_mem(struct hashmap *m, const char *key, size_t len,
		       int *added)
{
	return put(m, XXH3_64bits(key, len), key, len, added);
}

void **hashmap_put_u64(struct hashmap *m, uint64_t key, int *added)
{
	return put(m, hash_u64(key), NULL, key, added);
}

void **hashmap_get_str(const struct hashmap *m, const char *key)
{
	return hashmap_get_mem(m, key, strlen(key));
}

void **hashmap_get_mem(const struct hashmap *m, const char *key, size_t len)
{
	return get(m, XXH3_64bits(key, len), key, len);
}

void **hashmap_get_u64(const struct hashmap *m, uint64_t key)
{
	return get(m, hash_u64(key), NULL, key);
}

struct hashmap_entry *hashmap_next(const struct hashmap *m, size_t *pos)
{
	while (*pos < m->cap) {
		struct hashmap_entry *e = &m->v[(*pos)++];

		if (e->used)
			return e;
	}
	return NULL;
}

/* An entry of a table of strvecs: the strvec, then its key. */
struct keyed_strvec {
	struct strvec v;
	char key[];
};

struct strvec *hashmap_strvec_at(struct hashmap *m, const char *key,
				 int *added)
{
	void **slot = hashmap_get_str(m, key);
	struct keyed_strvec *k;
	size_t len;

	if (added)
		*added = !slot;
	if (slot)
		return &((struct keyed_strvec *)*slot)->v;
	len = strlen(key);
	k = xcalloc(1, sizeof(*k) + len + 1);
	memcpy(k->key, key, len + 1);
	*hashmap_put_str(m, k->key, NULL) = k; /* the table borrows K's key */
	return &k->v;
}

const struct strvec *hashmap_strvec_get(const struct hashmap *m,
					const char *key)
{
	void **slot = hashmap_get_str(m, key);

	return slot ? &((struct keyed_strvec *)*slot)->v : NULL;
}

void hashmap_strvecs_release(struct hashmap *m)
{
	struct hashmap_entry *e;
	size_t pos = 0;

	while ((e = hashmap_next(m, &pos))) {
		strvec_clear(&((struct keyed_strvec *)e->value)->v);
		free(e->value);
	}
	hashmap_release(m);
}
