/*
 * util.c - allocation helpers, error reporting and a growable string buffer.
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where this thread's messages go when held (report_hold()). */
static _Thread_local struct strbuf *held;

void report_hold(struct strbuf *sb)
{
	held = sb;
}

/*
 * Print a message (or add it to the held ones), cut at MESSAGE_MAX bytes
 * with its full length stated.
 */
static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	char buf[MESSAGE_MAX + 1], tail[32] = "";
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	const char *text = n < 0 ? fmt : buf;

	if (n >= 0 && (size_t)n > MESSAGE_MAX) {
		size_t cut = MESSAGE_MAX;

		/* not in the middle of a UTF-8 sequence */
		while (cut && ((unsigned char)buf[cut] & 0xc0) == 0x80)
			cut--;
		buf[cut] = '\0';
		snprintf(tail, sizeof(tail), "...[%d bytes]", n);
	}
	if (held) {
		strbuf_addf(held, "callreach: %s: %s%s\n", prefix, text, tail);
		return;
	}
	fflush(stdout);
	fprintf(stderr, "callreach: %s: %s%s\n", prefix, text, tail);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning", fmt, ap);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("note", fmt, ap);
	va_end(ap);
}

void die(int code, const char *fmt, ...)
{
	va_list ap;

	held = NULL; /* said now: nothing comes after */
	va_start(ap, fmt);
	vreport("error", fmt, ap);
	va_end(ap);
	exit(code);
}

void bug_fl(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "callreach: BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static void *check_alloc(void *p)
{
	if (!p)
		die(EXIT_SYSTEM, "out of memory");
	return p;
}

/*
 * Ask for huge pages under a block of N bytes at P from 8 MiB on (the
 * function map, its hash table and the call sites of a large tree):
 * their random reads then miss the TLB far less. Only a hint, and only
 * where the kernel leaves transparent huge pages to madvise(); the whole
 * pages the block spans, so that a block mapped on its own stays one
 * mapping, which realloc() can move.
 */
static void *advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n >= (8u << 20)) {
		uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
		uintptr_t lo = (uintptr_t)p & ~(page - 1);
		uintptr_t hi = ((uintptr_t)p + n + page - 1) & ~(page - 1);

		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	}
#endif
	return p;
}

void *xmalloc(size_t n)
{
	return advise_huge(check_alloc(malloc(n ? n : 1)), n);
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = check_alloc(calloc(nmemb ? nmemb : 1, size ? size : 1));

	return advise_huge(p, nmemb * size);
}

void *xrealloc(void *p, size_t n)
{
	return advise_huge(check_alloc(realloc(p, n ? n : 1)), n);
}

char *xstrdup(const char *s)
{
	return check_alloc(strdup(s));
}

char *xstrndup(const char *s, size_t n)
{
	return check_alloc(strndup(s, n));
}

void *xmemdup(const void *p, size_t n)
{
	void *q = xmalloc(n);

	return n ? memcpy(q, p, n) : q;
}

char *xstrfmt(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb);
}

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

char *strbuf_detach(struct strbuf *sb)
{
	char *s;

	strbuf_grow(sb, 0);
	s = sb->buf;
	strbuf_init(sb);
	return s;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 < sb->len)
		die(EXIT_SYSTEM, "out of memory");
	ALLOC_GROW(sb->buf, sb->len + extra + 1, sb->alloc);
	sb->buf[sb->len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

char *put_decimal(char *p, int64_t n)
{
	static const char pairs[] = "00010203040506070809"
				    "10111213141516171819"
				    "20212223242526272829"
				    "30313233343536373839"
				    "40414243444546474849"
				    "50515253545556575859"
				    "60616263646566676869"
				    "70717273747576777879"
				    "80818283848586878889"
				    "90919293949596979899";
	uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	uint64_t t = 100000;
	size_t len = u < 10	 ? 1
		     : u < 100	 ? 2
		     : u < 1000	 ? 3
		     : u < 10000 ? 4
				 : 5;
	char *end;

	for (; u >= t && t < UINT64_MAX / 10; t *= 10) /* longer ones */
		len++;
	if (u >= t)
		len++;
	if (n < 0)
		*p++ = '-';
	end = p += len;
	while (u >= 100) {
		uint64_t d = (u % 100) * 2;

		u /= 100;
		*--p = pairs[d + 1];
		*--p = pairs[d];
	}
	if (u >= 10) {
		*--p = pairs[u * 2 + 1];
		*--p = pairs[u * 2];
	} else {
		*--p = (char)('0' + u);
	}
	return end;
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		BUG("vsnprintf failed for '%s'", fmt);
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

int cmp_u64_pair(uint64_t a1, uint64_t a2, uint64_t b1, uint64_t b2)
{
	if (a1 != b1)
		return a1 < b1 ? -1 : 1;
	return (a2 > b2) - (a2 < b2);
}

void sort_array(void *base, size_t nmemb, size_t size,
		int (*cmp)(const void *, const void *))
{
	if (nmemb > 1)
		qsort(base, nmemb, size, cmp);
}

int cmp_str_u64(const char *a, uint64_t an, const char *b, uint64_t bn)
{
	int c = strcmp(a, b);

	return c ? c : (an > bn) - (an < bn);
}

int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	return cmp_u64_pair(x->key, x->i, y->key, y->i);
}

int strbuf_read_path(struct strbuf *sb, const char *path, const char *what,
		     size_t max)
{
	FILE *fp = fopen(path, "rb");
	const char *sep = what ? " " : "";
	char chunk[65536];
	size_t n;

	if (!what)
		what = "";
	if (!fp)
		return error("cannot open %s%s'%s': %s", what, sep, path,
			     strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		strbuf_add(sb, chunk, n);
		if (max && sb->len > max) {
			fclose(fp);
			return error("%s%s'%s' is too large", what, sep, path);
		}
	}
	if (ferror(fp)) {
		error("cannot read %s%s'%s': %s", what, sep, path,
		      strerror(errno));
		fclose(fp);
		return -1;
	}
	fclose(fp);
	return 0;
}

int strbuf_read_regular(struct strbuf *sb, const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY), err;
	struct stat st;

	strbuf_reset(sb);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st)) {
		err = errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err = EINVAL;
		goto fail;
	}
	strbuf_grow(sb, (size_t)st.st_size + 1);
	for (;;) {
		ssize_t n;

		if (sb->alloc - sb->len < 4096)
			strbuf_grow(sb, 65536);
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			goto fail;
		}
		if (n == 0)
			break;
		sb->len += (size_t)n;
	}
	sb->buf[sb->len] = '\0';
	close(fd);
	return 0;
fail:
	close(fd);
	strbuf_reset(sb);
	errno = err;
	return -1;
}

size_t utf8_sequence(const unsigned char *s, const unsigned char *end)
{
	size_t n, i;
	uint32_t c;

	if (s >= end)
		return 0;
	if (*s < 0x80)
		return 1;
	if (*s >= 0xc2 && *s <= 0xdf) {
		n = 2;
		c = *s & 0x1f;
	} else if (*s >= 0xe0 && *s <= 0xef) {
		n = 3;
		c = *s & 0x0f;
	} else if (*s >= 0xf0 && *s <= 0xf4) {
		n = 4;
		c = *s & 0x07;
	} else {
		return 0; /* a continuation byte, 0xc0, 0xc1 or 0xf5.. */
	}
	if ((size_t)(end - s) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates, beyond U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return n;
}

/* The characters strbuf_add_escaped() writes as a backslash sequence. */
static const char *const backslash_escapes[128] = {
	['\\'] = "\\\\",
	['\n'] = "\\n",
	['\t'] = "\\t",
};

void strbuf_add_escaped(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);

	while (p < end) {
		size_t n = utf8_sequence(p, end);

		if (n > 1) {
			strbuf_add(sb, p, n);
			p += n;
			continue;
		}
		if (*p < 0x80 && backslash_escapes[*p])
			strbuf_addstr(sb, backslash_escapes[*p]);
		else if (n && *p >= 0x20 && *p != 0x7f)
			strbuf_addch(sb, *p);
		else
			strbuf_addf(sb, "\\x%02x", *p);
		p++;
	}
}

void strbuf_add_echo(struct strbuf *sb, const char *s)
{
	size_t len = strlen(s), cut = len;
	char *head;

	if (len <= ECHO_MAX) {
		strbuf_add_escaped(sb, s);
		return;
	}
	cut = ECHO_MAX;
	while (cut && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	head = xstrndup(s, cut);
	strbuf_add_escaped(sb, head);
	strbuf_addf(sb, "...[%zu bytes]", len);
	free(head);
}

const char *echo(const char *s)
{
	static struct strbuf ring[8];
	static size_t next;
	struct strbuf *sb = &ring[next++ % ARRAY_SIZE(ring)];

	strbuf_reset(sb);
	strbuf_add_echo(sb, s);
	return strbuf_str(sb);
}

void strvec_push(struct strvec *sv, const char *s)
{
	ALLOC_GROW(sv->v, sv->nr + 2, sv->alloc);
	sv->v[sv->nr++] = xstrdup(s);
	sv->v[sv->nr] = NULL;
}

const char *name_of(const char *const *names, size_t n, size_t v)
{
	return v < n && names[v] ? names[v] : "?";
}

int name_index(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], name))
			return (int)i;
	return -1;
}

int strvec_has(const struct strvec *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->nr; i++)
		if (!strcmp(sv->v[i], s))
			return 1;
	return 0;
}

void strvec_clear(struct strvec *sv)
{
	size_t i;

	for (i = 0; i < sv->nr; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->nr = sv->alloc = 0;
}

uint64_t fnv64(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

const char *skip_dot_slash(const char *s)
{
	while (s[0] == '.' && s[1] == '/')
		s += 2;
	return s;
}

long parse_count(const char *s)
{
	char *end;
	long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0 || v == LONG_MAX)
		return -1;
	return v;
}

int finish_stdout(void)
{
	if (fflush(stdout) || ferror(stdout))
		return error("cannot write output: %s", strerror(errno));
	return 0;
}

int replace_file(const char *path, int (*write)(FILE *fp, const void *ctx),
		 const void *ctx)
{
	struct stat st;
	char *tmp;
	FILE *fp;
	int ret = 0;

	/* a device or a pipe (/dev/stdout, say) is written, not replaced */
	if (!stat(path, &st) && !S_ISREG(st.st_mode))
		tmp = xstrdup(path);
	else
		tmp = xstrfmt("%s.tmp.%ld", path, (long)getpid());
	fp = fopen(tmp, "w");

	if (!fp) {
		ret = error("cannot create '%s': %s", tmp, strerror(errno));
		goto out;
	}
	if (write(fp, ctx))
		ret = -1;
	if ((ferror(fp) | fclose(fp)) && !ret)
		ret = error("cannot write '%s': %s", tmp, strerror(errno));
	if (!strcmp(tmp, path))
		goto out;
	if (!ret && rename(tmp, path))
		ret = error("cannot rename '%s' to '%s': %s", tmp, path,
			    strerror(errno));
	if (ret)
		unlink(tmp);
out:
	free(tmp);
	return ret;
}
