/*
 * test_hashmap.c - unit tests of the hash table: string and number keys,
 * growth past many entries, lookups of missing keys, iteration, and
 * tables of string vectors.
 */
#include "unit.h"
#include "hashmap.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_strings(void)
{
	struct hashmap m = HASHMAP_INIT;
	struct strvec keys = {0};
	int added = -1, ok = 1;
	size_t i;

	CHECK(!hashmap_get_str(&m, "x"), "an empty table finds nothing");
	*hashmap_put_str(&m, "alpha", &added) = (void *)"A";
	CHECK(added == 1, "a new key is added");
	*hashmap_put_str(&m, "beta", &added) = (void *)"B";
	CHECK(*hashmap_put_str(&m, "alpha", &added) == (void *)"A" &&
		      added == 0,
	      "a key put again keeps its value");
	CHECK(m.nr == 2, "two keys, two entries");
	CHECK(!hashmap_get_str(&m, "gamma"), "a missing key is not found");
	CHECK(!hashmap_get_str(&m, ""), "the empty key is not found");
	*hashmap_put_str(&m, "", NULL) = (void *)"E";
	CHECK(hashmap_get_str(&m, "") &&
		      *hashmap_get_str(&m, "") == (void *)"E",
	      "the empty string is a key like another");
	for (i = 0; i < 5000; i++) {
		char *k = xstrfmt("key%zu", i);

		strvec_push(&keys, k);
		free(k);
	}
	for (i = 0; i < keys.nr; i++)
		*hashmap_put_str(&m, keys.v[i], NULL) = (void *)(i + 1);
	for (i = 0; i < keys.nr; i++) {
		void **v = hashmap_get_str(&m, keys.v[i]);

		if (!v || *v != (void *)(i + 1))
			ok = 0;
	}
	CHECK(ok, "5000 keys found after the table grew");
	CHECK(m.nr == 5003 && m.cap >= 2 * m.nr,
	      "the table stays at most half full (%zu of %zu)", m.nr, m.cap);
	hashmap_release(&m);
	CHECK(!m.v && !m.nr && !m.cap, "release empties the table");
	strvec_clear(&keys);
}

static void test_numbers(void)
{
	struct hashmap m = HASHMAP_INIT;
	struct hashmap_entry *e;
	uint64_t sum = 0, i;
	size_t pos = 0, seen = 0;
	int added = 0, ok = 1;

	*hashmap_put_u64(&m, 0, &added) = (void *)"zero";
	CHECK(added && hashmap_get_u64(&m, 0) &&
		      *hashmap_get_u64(&m, 0) == (void *)"zero",
	      "0 is a key like another");
	CHECK(!hashmap_get_u64(&m, 1), "a missing number is not found");
	for (i = 1; i <= 1000; i++)
		*hashmap_put_u64(&m, i << 32 | (i * 7), NULL) = (void *)i;
	for (i = 1; i <= 1000; i++) {
		void **v = hashmap_get_u64(&m, i << 32 | (i * 7));

		if (!v || *v != (void *)i)
			ok = 0;
	}
	CHECK(ok, "1000 pairs of 32-bit numbers found");
	CHECK(!hashmap_get_u64(&m, (uint64_t)7 << 32 | 1),
	      "a key of the same halves swapped is not found");
	while ((e = hashmap_next(&m, &pos))) {
		seen++;
		if (e->num)
			sum += (uint64_t)(uintptr_t)e->value;
	}
	CHECK(seen == 1001 && sum == 500500,
	      "iteration visits each entry once (%zu)", seen);
	hashmap_release(&m);
}

/* Keys given by pointer and length: the same keys as their strings. */
static void test_lengths(void)
{
	static const char text[] = "alpha.c beta.c alpha.c";
	struct hashmap m = HASHMAP_INIT;
	int added;
	void **v;

	v = hashmap_put_mem(&m, text, 7, &added);
	CHECK(added && !*v, "a key of 7 bytes is added, holding NULL");
	*v = (void *)text;
	v = hashmap_put_mem(&m, text + 15, 7, &added);
	CHECK(!added && *v == text,
	      "the same 7 bytes elsewhere are the same key");
	v = hashmap_get_str(&m, "alpha.c");
	CHECK(v && *v == text, "the string of those bytes finds it");
	CHECK(!hashmap_get_mem(&m, text, 6) && !hashmap_get_mem(&m, text, 8),
	      "a prefix, or the key and one byte more, are other keys");
	CHECK(!hashmap_get_mem(&m, text + 8, 6), "another name is not found");
	hashmap_release(&m);
}

/*
 * Tables of strvecs: a key's strvec is made once and found again by an
 * equal key in another buffer, which the table does not keep.
 */
static void test_strvecs(void)
{
	struct hashmap m = HASHMAP_INIT;
	struct strvec *a, *b;
	char key[16];
	int added = -1, ok = 1;
	size_t i;

	snprintf(key, sizeof(key), "fn%d", 1);
	a = hashmap_strvec_at(&m, key, &added);
	CHECK(a && added == 1 && !a->nr, "a new key: an empty strvec, added");
	strvec_push(a, "x.c:1:2");
	strvec_push(a, "x.c:3:4");
	snprintf(key, sizeof(key), "gone");
	b = hashmap_strvec_at(&m, "fn1", &added);
	CHECK(b == a && added == 0 && b->nr == 2 &&
		      !strcmp(b->v[1], "x.c:3:4"),
	      "the same key, from another buffer: the same strvec, in order");
	CHECK(hashmap_strvec_get(&m, "fn1") == a &&
		      !hashmap_strvec_get(&m, "fn2") &&
		      !hashmap_strvec_get(&m, "gone"),
	      "get: the strvec of a key, NULL for another");
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		strvec_push(hashmap_strvec_at(&m, key, NULL), key);
	}
	for (i = 0; i < 1000 && ok; i++) {
		const struct strvec *v;

		snprintf(key, sizeof(key), "k%zu", i);
		v = hashmap_strvec_get(&m, key);
		ok = v && v->nr == 1 && !strcmp(v->v[0], key);
	}
	CHECK(ok && m.nr == 1001, "1,000 more keys, each with its own strvec");
	hashmap_strvecs_release(&m);
	CHECK(!m.nr && !m.v, "released: the table is empty");
}

int main(void)
{
	test_strings();
	test_numbers();
	test_lengths();
	test_strvecs();
	return unit_done();
}
