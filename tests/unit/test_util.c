/*
 * test_util.c - unit tests of the helpers names go through on their way
 * into messages (UTF-8 sequences, escaping and the echo limit), the
 * comparators and sorting every module shares, the release of a vector
 * of records, reading a regular file whole, and the JSON helpers.
 */
#include "unit.h"
#include "json_out.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static size_t seq(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	return utf8_sequence(p, p + strlen(s));
}

static void test_utf8(void)
{
	CHECK(seq("a") == 1, "ASCII is one byte");
	CHECK(seq("\303\251") == 2, "e acute is two bytes");
	CHECK(seq("\342\202\254") == 3, "the euro sign is three bytes");
	CHECK(seq("\360\237\220\233") == 4, "an emoji is four bytes");
	CHECK(seq("\351") == 0, "a Latin-1 byte is not UTF-8");
	CHECK(seq("\200") == 0, "a lone continuation byte is not UTF-8");
	CHECK(seq("\300\257") == 0, "an overlong '/' is not UTF-8");
	CHECK(seq("\340\200\257") == 0,
	      "an overlong three-byte form is not UTF-8");
	CHECK(seq("\355\240\200") == 0, "a UTF-16 surrogate is not UTF-8");
	CHECK(seq("\364\220\200\200") == 0, "beyond U+10FFFF is not UTF-8");
	CHECK(seq("\342\202") == 0, "a truncated sequence is not UTF-8");
}

static void test_escape(void)
{
	static const struct {
		const char *in, *out, *desc;
	} cases[] = {
		{"plain_name", "plain_name", "a plain name is unchanged"},
		{"caf\303\251", "caf\303\251", "UTF-8 is kept"},
		{"a\nb\tc", "a\\nb\\tc", "newline and tab as C escapes"},
		{"x\033[31m", "x\\x1b[31m", "an escape sequence is defused"},
		{"back\\slash", "back\\\\slash", "a backslash is doubled"},
		{"caf\351", "caf\\xe9", "a byte that is not UTF-8 as \\xNN"},
		{"del\177", "del\\x7f", "DEL as \\x7f"},
		{"'; DROP TABLE x;--", "'; DROP TABLE x;--", "quotes are kept"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR(echo(cases[i].in), cases[i].out, cases[i].desc);
}

static void test_echo_limit(void)
{
	char *name = xmalloc(5 * 1024 * 1024 + 1), *want;
	const char *e;

	memset(name, 'A', 5 * 1024 * 1024);
	name[5 * 1024 * 1024] = '\0';
	e = echo(name);
	want = xstrfmt("%.*s...[5242880 bytes]", ECHO_MAX, name);
	CHECK_STR(e, want, "a 5 MB name is cut at ECHO_MAX with its length");
	free(want);
	/* a cut never splits a UTF-8 sequence: e acute across the limit */
	memset(name, 'a', ECHO_MAX - 1);
	strcpy(name + ECHO_MAX - 1, "\303\251tail");
	e = echo(name);
	CHECK(strlen(e) == ECHO_MAX - 1 + strlen("...[205 bytes]") &&
		      !strcmp(e + ECHO_MAX - 1, "...[205 bytes]"),
	      "the cut falls before a two-byte character at the limit");
	name[ECHO_MAX] = '\0';
	memset(name, 'b', ECHO_MAX);
	CHECK_STR(echo(name), name, "a name of exactly ECHO_MAX is whole");
	free(name);
}

static void test_cmp_u32(void)
{
	uint32_t v[] = {7, UINT32_MAX, 0, 7, 1u << 31, 3}, key = 1u << 31;
	size_t i;
	int sorted = 1;

	qsort(v, sizeof(v) / sizeof(v[0]), sizeof(v[0]), cmp_u32);
	for (i = 1; i < sizeof(v) / sizeof(v[0]); i++)
		sorted &= v[i - 1] <= v[i];
	CHECK(sorted && v[0] == 0 && v[5] == UINT32_MAX,
	      "cmp_u32 sorts across the sign bit, no overflow");
	CHECK(bsearch(&key, v, 6, sizeof(v[0]), cmp_u32) == &v[4],
	      "cmp_u32 finds with bsearch");
	key = 5;
	CHECK(!bsearch(&key, v, 6, sizeof(v[0]), cmp_u32),
	      "cmp_u32: a missing value is not found");
	CHECK(cmp_u32(&v[2], &v[3]) == 0, "equal values compare equal");
}

static void test_cmp_pairs(void)
{
	struct keyed v[] = {{5, 2}, {UINT64_MAX, 0}, {5, 1}, {0, 3}, {5, 0}};
	size_t i;
	int sorted = 1;

	CHECK(cmp_u64_pair(1, 9, 2, 0) < 0, "the first members decide");
	CHECK(cmp_u64_pair(2, 0, 2, 9) < 0, "then the second");
	CHECK(cmp_u64_pair(UINT64_MAX, 0, 0, 0) > 0,
	      "no overflow at the top of the range");
	CHECK(cmp_u64_pair(3, 4, 3, 4) == 0, "equal pairs compare equal");
	CHECK(cmp_str_u64("a", 9, "b", 0) < 0 &&
		      cmp_str_u64("b", 0, "b", 9) < 0 &&
		      cmp_str_u64("b", 9, "b", 9) == 0,
	      "cmp_str_u64: the strings decide, then the numbers");
	qsort(v, ARRAY_SIZE(v), sizeof(v[0]), cmp_keyed);
	for (i = 1; i < ARRAY_SIZE(v); i++)
		sorted &= v[i - 1].key < v[i].key ||
			  (v[i - 1].key == v[i].key && v[i - 1].i < v[i].i);
	CHECK(sorted && v[0].key == 0 && v[1].i == 0 && v[3].i == 2 &&
		      v[4].key == UINT64_MAX,
	      "cmp_keyed: by key, ties in index order");
}

static void test_strvec_sort(void)
{
	struct strvec sv = {0};
	uint32_t v[] = {3, 1, 2};

	strvec_push(&sv, "a");
	strvec_push(&sv, "bc");
	CHECK(strvec_has(&sv, "bc") && !strvec_has(&sv, "b") &&
		      !strvec_has(&sv, ""),
	      "strvec_has: whole strings only");
	strvec_clear(&sv);
	CHECK(!strvec_has(&sv, "a"), "strvec_has: an empty vector has none");
	sort_array(NULL, 0, sizeof(v[0]), cmp_u32); /* qsort() would not */
	sort_array(v, 1, sizeof(v[0]), cmp_u32);
	CHECK(v[0] == 3 && v[1] == 1, "sort_array of one element: as it was");
	sort_array(v, ARRAY_SIZE(v), sizeof(v[0]), cmp_u32);
	CHECK(v[0] == 1 && v[1] == 2 && v[2] == 3, "sort_array sorts");
}

static void test_names(void)
{
	static const char *const names[4] = {"zero", "one", NULL, "three"};

	CHECK_STR(name_of(names, 4, 1), "one", "name_of: in the table");
	CHECK_STR(name_of(names, 4, 2), "?", "name_of: a hole is '?'");
	CHECK_STR(name_of(names, 4, 4), "?", "name_of: beyond is '?'");
	CHECK(name_index(names, 4, "three") == 3 &&
		      name_index(names, 4, "two") == -1 &&
		      name_index(names, 4, "") == -1,
	      "name_index: the index, or -1");
}

/* A comparator of two keys written with CMP_BY(). */
struct two_keys {
	unsigned a;
	int b;
};

static int cmp_two_keys(const void *x, const void *y)
{
	const struct two_keys *p = x, *q = y;

	CMP_BY(p, q, a);
	CMP_BY(p, q, b);
	return 0;
}

static void test_cmp_by(void)
{
	struct two_keys v[] = {{2, 1}, {1, 5}, {2, -3}, {1, 5}, {0, 9}};
	struct two_keys want[] = {{0, 9}, {1, 5}, {1, 5}, {2, -3}, {2, 1}};

	qsort(v, ARRAY_SIZE(v), sizeof(*v), cmp_two_keys);
	CHECK(!memcmp(v, want, sizeof(want)),
	      "CMP_BY: by the first key, then the second (negative too)");
	CHECK(cmp_two_keys(&v[1], &v[2]) == 0 &&
		      cmp_two_keys(&v[3], &v[4]) == -1 &&
		      cmp_two_keys(&v[4], &v[3]) == 1,
	      "CMP_BY: 0 when every key is equal, -1 and 1 otherwise");
}

/* What FREE_RECORDS() frees, in order, seen through counted_free(). */
static uintptr_t freed[8];
static size_t nr_freed;

static void counted_free(void *p)
{
	if (nr_freed < ARRAY_SIZE(freed))
		freed[nr_freed] = (uintptr_t)p;
	nr_freed++;
	free(p);
}

static void test_free_records(void)
{
	struct rec {
		int n;
		char *name;
	} *v = xcalloc(3, sizeof(*v)), *none = NULL;
	uintptr_t want[4];
	size_t i, empty = 0;

	for (i = 0; i < 3; i++)
		want[i] = (uintptr_t)(v[i].name = xstrdup("x"));
	want[3] = (uintptr_t)v;
#define free(p) counted_free(p)
	FREE_RECORDS(v, 3, name);
#undef free
	CHECK(nr_freed == 4 && !memcmp(freed, want, sizeof(want)),
	      "FREE_RECORDS: each record's member, then the array");
	nr_freed = 0;
#define free(p) counted_free(p)
	FREE_RECORDS(none, empty, name);
#undef free
	CHECK(nr_freed == 1 && !freed[0], "FREE_RECORDS: an empty NULL array");
	nr_freed = 0;
	{
		struct rec2 {
			char *a, *b;
		} *w = xcalloc(2, sizeof(*w));
		uintptr_t want2[5];

		for (i = 0; i < 2; i++) {
			want2[i] = (uintptr_t)(w[i].a = xstrdup("a"));
			want2[2 + i] = (uintptr_t)(w[i].b = xstrdup("b"));
		}
		want2[4] = (uintptr_t)w;
#define free(p) counted_free(p)
		FREE_RECORDS2(w, 2, a, b);
#undef free
		CHECK(nr_freed == 5 && !memcmp(freed, want2, sizeof(want2)),
		      "FREE_RECORDS2: both members of each record, then the "
		      "array");
	}
}

static void test_json_or_null(void)
{
	cJSON *o = cJSON_CreateObject();
	char *text;

	json_add_count_or_null(o, "n", 4096);
	json_add_count_or_null(o, "unknown", -1);
	json_add_string_or_null(o, "s", "x");
	json_add_string_or_null(o, "none", NULL);
	text = cJSON_PrintUnformatted(o);
	CHECK_STR(text,
		  "{\"n\":4096,\"unknown\":null,\"s\":\"x\",\"none\":null}",
		  "a count or null, a string or null");
	free(text);
	cJSON_Delete(o);
}

/*
 * report_hold(): what error() and warning() report is kept, as it would
 * be printed, until the thread prints again; a message too long is cut
 * as it would be.
 */
static void test_report_hold(void)
{
	struct strbuf held = STRBUF_INIT, want = STRBUF_INIT;
	char *big = xmalloc(MESSAGE_MAX + 11);

	memset(big, 'z', MESSAGE_MAX + 10);
	big[MESSAGE_MAX + 10] = '\0';
	report_hold(&held);
	CHECK(error("a.ci:%d: bad", 3) == -1, "a held error still fails");
	warning("w");
	warning("%s", big);
	report_hold(NULL);
	strbuf_addf(&want,
		    "callreach: error: a.ci:3: bad\ncallreach: warning: w\n"
		    "callreach: warning: %.*s...[%d bytes]\n",
		    MESSAGE_MAX, big, MESSAGE_MAX + 10);
	CHECK_STR(held.buf, want.buf, "messages held in order, as printed");
	strbuf_release(&held);
	strbuf_release(&want);
	free(big);
}

/* strbuf_addnum() against snprintf's "%lld", at each length's edges. */
static void test_addnum(void)
{
	static const int64_t v[] = {0, 7, -7, 9, 10, 99, 100, 999, 1000,
				    9999, 10000, 99999, 100000, 1234567890,
				    -1000000, INT64_MAX, INT64_MIN};
	struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(*v); i++) {
		strbuf_addnum(&sb, v[i]);
		strbuf_addch(&sb, ' ');
		strbuf_addf(&want, "%lld ", (long long)v[i]);
	}
	CHECK_STR(sb.buf, want.buf, "numbers in decimal, signs and all");
	strbuf_release(&sb);
	strbuf_release(&want);
}

/*
 * strbuf_read_regular(): a file whole (replacing what the buffer held),
 * an empty one, and what it refuses without blocking or printing: a
 * directory, a FIFO without a writer, a missing file.
 */
static void test_read_regular(void)
{
	char dir[] = "/tmp/callreach-unit.XXXXXX", path[256];
	struct strbuf sb = STRBUF_INIT;
	FILE *fp;
	size_t i;

	if (!mkdtemp(dir)) {
		CHECK(0, "a temporary directory: %s", strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "%s/big", dir);
	fp = fopen(path, "w");
	for (i = 0; fp && i < 100000; i++)
		fprintf(fp, "%zu\n", i);
	if (fp)
		fclose(fp);
	strbuf_addstr(&sb, "old contents");
	CHECK(!strbuf_read_regular(&sb, path) && sb.len == 588890 &&
		      !strncmp(sb.buf, "0\n1\n", 4) &&
		      !strcmp(sb.buf + sb.len - 6, "99999\n") &&
		      sb.buf[sb.len] == '\0',
	      "a 575 KiB file read whole, NUL-terminated (%zu bytes)",
	      sb.len);
	snprintf(path, sizeof(path), "%s/empty", dir);
	fp = fopen(path, "w");
	if (fp)
		fclose(fp);
	CHECK(!strbuf_read_regular(&sb, path) && sb.len == 0 && !*sb.buf,
	      "an empty file: no bytes");
	errno = 0;
	CHECK(strbuf_read_regular(&sb, dir) && errno == EINVAL && !sb.len,
	      "a directory: EINVAL, the buffer emptied");
	snprintf(path, sizeof(path), "%s/fifo", dir);
	CHECK(!mkfifo(path, 0600) && strbuf_read_regular(&sb, path) &&
		      errno == EINVAL,
	      "a FIFO without a writer: EINVAL, without waiting");
	snprintf(path, sizeof(path), "%s/missing", dir);
	CHECK(strbuf_read_regular(&sb, path) && errno == ENOENT,
	      "a missing file: ENOENT");
	strbuf_release(&sb);
	for (i = 0; i < 3; i++) {
		static const char *const names[] = {"big", "empty", "fifo"};

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void test_memdup(void)
{
	static const uint32_t v[] = {3, 0, UINT32_MAX};
	uint32_t *c = xmemdup(v, sizeof(v));
	void *none = xmemdup(NULL, 0);

	CHECK(c != v && !memcmp(c, v, sizeof(v)), "xmemdup copies the bytes");
	CHECK(none != NULL, "  and gives a block to free for none");
	free(c);
	free(none);
}

int main(void)
{
	test_utf8();
	test_addnum();
	test_report_hold();
	test_read_regular();
	test_escape();
	test_echo_limit();
	test_cmp_u32();
	test_cmp_pairs();
	test_strvec_sort();
	test_json_or_null();
	test_names();
	test_free_records();
	test_cmp_by();
	test_memdup();
	return unit_done();
}
