/*
 * util.h - allocation helpers, error reporting and a growable string buffer.
 *
 * Ownership: every x*alloc() result and every strbuf_detach() result belongs
 * to the caller; the helpers never return NULL (they die on out-of-memory).
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes, documented in the README. */
enum exit_code {
	EXIT_OK = 0,
	EXIT_NOTFOUND = 1,
	EXIT_USAGE = 2,
	EXIT_BADINPUT = 3,
	EXIT_SYSTEM = 4,
	EXIT_SCHEMA = 5, /* a database of another schema version */
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN	  __attribute__((noreturn))
#else
#define PRINTF_LIKE(f, a)
#define NORETURN
#endif

/* Print "callreach: error: ..." and return -1. */
int error(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Print "callreach: warning: ...". */
void warning(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Print "callreach: note: ...". */
void note(const char *fmt, ...) PRINTF_LIKE(1, 2);
/*
 * Hold what error(), warning() and note() report on the calling thread
 * in SB instead of printing it (NULL: print again): a thread that works
 * ahead keeps its messages for them to be said in order.
 */
struct strbuf;
void report_hold(struct strbuf *sb);
/* Print "callreach: error: ..." and exit with CODE. */
NORETURN void die(int code, const char *fmt, ...) PRINTF_LIKE(2, 3);
NORETURN void bug_fl(const char *file, int line, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A copy of the N bytes at P (N may be 0). */
void *xmemdup(const void *p, size_t n);
char *xstrfmt(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Grow ARR (of ALLOC elements) so that it holds at least NR elements. */
#define ALLOC_GROW(arr, nr, alloc)                                             \
	do {                                                                   \
		if ((size_t)(nr) > (size_t)(alloc)) {                          \
			size_t alloc_grow_n_ = (alloc) ? (size_t)(alloc) : 16; \
			while (alloc_grow_n_ < (size_t)(nr))                   \
				alloc_grow_n_ *= 2;                            \
			(arr) = xrealloc((arr),                                \
					 alloc_grow_n_ * sizeof(*(arr)));      \
			(alloc) = alloc_grow_n_;                               \
		}                                                              \
	} while (0)

/*
 * Free member FIELD of each of the NR records of the array V (which may be
 * NULL when NR is 0), then V itself: the release of a vector of records
 * that own one string or array each. V is evaluated more than once.
 */
#define FREE_RECORDS(v, nr, field)                                             \
	do {                                                                   \
		size_t free_records_i_;                                        \
		for (free_records_i_ = 0; free_records_i_ < (size_t)(nr);      \
		     free_records_i_++)                                        \
			free((v)[free_records_i_].field);                      \
		free(v);                                                       \
	} while (0)

/* FREE_RECORDS() of records that own two strings or arrays each. */
#define FREE_RECORDS2(v, nr, field1, field2)                                   \
	do {                                                                   \
		size_t free_records2_i_;                                       \
		for (free_records2_i_ = 0; free_records2_i_ < (size_t)(nr);    \
		     free_records2_i_++)                                       \
			free((v)[free_records2_i_].field1);                    \
		FREE_RECORDS(v, nr, field2);                                   \
	} while (0)

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
/* The most bytes put_decimal() writes. */
#define PUT_DECIMAL_MAX 20
/* Write N in decimal at P (no NUL): the end of what it wrote. */
char *put_decimal(char *p, int64_t n);

/* N in decimal (inline: numbers are most of an export). */
static inline void strbuf_addnum(struct strbuf *sb, int64_t n)
{
	if (sb->len + PUT_DECIMAL_MAX >= sb->alloc)
		strbuf_grow(sb, PUT_DECIMAL_MAX);
	sb->len = (size_t)(put_decimal(sb->buf + sb->len, n) - sb->buf);
	sb->buf[sb->len] = '\0';
}
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* The buffer's text; never NULL. */
const char *strbuf_str(const struct strbuf *sb);
/*
 * Append the whole file PATH to SB; 0, or -1 (reported as "cannot open
 * WHAT 'PATH': ...", or "cannot open 'PATH'" when WHAT is NULL) when it
 * cannot be read or holds more than MAX bytes (0: no limit).
 */
int strbuf_read_path(struct strbuf *sb, const char *path, const char *what,
		     size_t max);
/*
 * Replace SB's contents with the regular file PATH, opened without
 * blocking (a FIFO must not wait for a writer), in as few reads as its
 * size allows; SB stays NUL-terminated. 0, or -1 with errno set (EINVAL:
 * not a regular file), printing nothing.
 */
int strbuf_read_regular(struct strbuf *sb, const char *path);
/*
 * Append S quoted for a message: backslashes, control characters and bytes
 * that are not UTF-8 become C escapes ("\\", "\n", "\x1b"), so that a
 * name read from a file can neither break a message's line nor drive the
 * terminal.
 */
void strbuf_add_escaped(struct strbuf *sb, const char *s);

/*
 * The most bytes of a name, label or log line read from a file that a
 * message or a text listing echoes, and the most bytes of one message.
 * Reports and JSON output keep whole names.
 */
#define ECHO_MAX    200
#define MESSAGE_MAX 2000
/*
 * Append S as it is echoed: escaped as by strbuf_add_escaped(), and when
 * longer than ECHO_MAX bytes cut there (at a character boundary) and
 * followed by "...[N bytes]", N its full length.
 */
void strbuf_add_echo(struct strbuf *sb, const char *s);
/*
 * S as strbuf_add_echo() appends it, for a printf() argument: the result
 * stays valid until the 8th next call.
 */
const char *echo(const char *s);
/* qsort() and bsearch() order of two uint32_t. */
int cmp_u32(const void *a, const void *b);
/* qsort() and bsearch() order of two strings (const char * elements). */
int cmp_strp(const void *a, const void *b);
/* strcmp() order, NULL before any string (as SQL orders them). */
int strcmp_null(const char *a, const char *b);
/*
 * In a comparator of records X and Y (pointers): return -1 or 1 by member
 * FIELD when the two differ; go on to the next key when they are equal.
 */
#define CMP_BY(x, y, field)                                                    \
	do {                                                                   \
		if ((x)->field != (y)->field)                                  \
			return (x)->field < (y)->field ? -1 : 1;               \
	} while (0)
/*
 * Order the pair (A1, A2) against (B1, B2): by the first members, then the
 * second; -1, 0 or 1. The one body of the comparators of qsort() and
 * bsearch() that break ties.
 */
int cmp_u64_pair(uint64_t a1, uint64_t a2, uint64_t b1, uint64_t b2);
/* qsort(), also of an empty array (whose BASE may be NULL). */
void sort_array(void *base, size_t nmemb, size_t size,
		int (*cmp)(const void *, const void *));
/* Order (A, AN) against (B, BN): by the strings, then the numbers. */
int cmp_str_u64(const char *a, uint64_t an, const char *b, uint64_t bn);
/* A sort key: a number, then the index that breaks ties. */
struct keyed {
	uint64_t key;
	size_t i;
};
/* Order struct keyed by key, then index: a stable qsort() by key. */
int cmp_keyed(const void *a, const void *b);
/* Length of the UTF-8 sequence at S (up to END), or 0 if it is not one. */
size_t utf8_sequence(const unsigned char *s, const unsigned char *end);

/* A growable array of strings; the strings belong to the vector. */
struct strvec {
	char **v;
	size_t nr, alloc;
};

void strvec_push(struct strvec *sv, const char *s);
/* NAMES[V] of a table of N names, or "?" beyond it (or where it is NULL). */
const char *name_of(const char *const *names, size_t n, size_t v);
/* The index of NAME in a table of N names, or -1. */
int name_index(const char *const *names, size_t n, const char *name);

/* Does SV hold the string S? */
int strvec_has(const struct strvec *sv, const char *s);
void strvec_clear(struct strvec *sv);

/* 64-bit FNV-1a, continued from H (start with FNV64_INIT). */
#define FNV64_INIT 0xcbf29ce484222325ULL
uint64_t fnv64(uint64_t h, const void *data, size_t len);

/* Strip a leading "./" (repeatedly); returns a pointer into S. */
const char *skip_dot_slash(const char *s);

/* Parse a non-negative decimal integer; -1 on error. */
long parse_count(const char *s);

/*
 * Write PATH through a temporary file renamed over it, so that a failure
 * leaves the old file (or none), never half a file. WRITE fills the file;
 * it returns 0 or -1 (after reporting). A PATH that is no regular file (a
 * device or a pipe, such as /dev/stdout) is written in place.
 */
int replace_file(const char *path, int (*write)(FILE *fp, const void *ctx),
		 const void *ctx);

/* Flush and check stdout; returns -1 (with a message) on a write error. */
int finish_stdout(void);

#endif
