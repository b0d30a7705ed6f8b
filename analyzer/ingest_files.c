/*
 * ingest_files.c - finding the .ci files under the PATHs given to ingest,
 * each keyed by its path relative to its PATH, and reading the .config
 * beside them.
 */
#include "ingest_int.h"
#include "kconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* nftw() takes no context argument. */
static struct file_list *walk_list;
static const char *walk_root;

static int has_ci_suffix(const char *path)
{
	size_t n = strlen(path);

	return n >= 3 && !strcmp(path + n - 3, ".ci");
}

static void add_file(struct file_list *l, const char *path, const char *key)
{
	ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr].path = xstrdup(path);
	l->v[l->nr].key = xstrdup(skip_dot_slash(key));
	l->nr++;
}

static int walk_one(const char *path, const struct stat *sb, int type,
		    struct FTW *ftw)
{
	struct stat st;
	const char *rel = path + strlen(walk_root);

	(void)sb;
	(void)ftw;
	while (*rel == '/')
		rel++;
	switch (type) {
	case FTW_F:
		if (has_ci_suffix(path))
			add_file(walk_list, path, rel);
		return 0;
	case FTW_SL:
		/* Symlinks to files are followed, to directories not (no
		 * loops). */
		if (!has_ci_suffix(path))
			return 0;
		if (stat(path, &st)) {
			/* a dangling link, or a loop of links */
			error("cannot open '%s': %s", path, strerror(errno));
			walk_list->err = EXIT_BADINPUT;
			return 1;
		}
		if (S_ISREG(st.st_mode))
			add_file(walk_list, path, rel);
		return 0;
	case FTW_DNR:
		error("cannot read directory '%s': %s", path, strerror(EACCES));
		walk_list->err = EXIT_BADINPUT;
		return 1;
	case FTW_NS:
		if (has_ci_suffix(path)) {
			error("cannot stat '%s'", path);
			walk_list->err = EXIT_BADINPUT;
			return 1;
		}
		return 0;
	default:
		return 0;
	}
}

static int cmp_file_key(const void *a, const void *b)
{
	return strcmp(((const struct ci_file *)a)->key,
		      ((const struct ci_file *)b)->key);
}

void ingest_file_list_release(struct file_list *l)
{
	FREE_RECORDS2(l->v, l->nr, path, key);
	memset(l, 0, sizeof(*l));
}

/* Read PATH into SB (its previous contents are dropped). */
int ingest_read_file(const char *path, struct strbuf *sb)
{
	if (!strbuf_read_regular(sb, path))
		return 0;
	if (errno == EINVAL)
		return error("cannot read '%s': not a regular file", path);
	return error("cannot read '%s': %s", path, strerror(errno));
}

int ingest_collect(const char *const *paths, size_t nr, struct file_list *l,
		   char **config)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		struct stat st;

		if (stat(paths[i], &st))
			return error("cannot open '%s': %s", paths[i],
				     strerror(errno));
		if (S_ISREG(st.st_mode)) {
			add_file(l, paths[i], paths[i]);
			continue;
		}
		if (!S_ISDIR(st.st_mode))
			return error("'%s' is neither a file nor a directory",
				     paths[i]);
		if (!*config) {
			char *cfg = xstrfmt("%s/.config", paths[i]);
			struct stat cst;

			if (!stat(cfg, &cst) && S_ISREG(cst.st_mode)) {
				struct strbuf sb = STRBUF_INIT;

				if (cst.st_size > KCONFIG_MAX_BYTES) {
					/* not read: its size says it */
					kconfig_parse(cfg, NULL,
						      (size_t)cst.st_size,
						      config);
				} else if (!ingest_read_file(cfg, &sb)) {
					kconfig_parse(cfg, sb.buf, sb.len,
						      config);
				} else {
					strbuf_release(&sb);
					free(cfg);
					return -1;
				}
				strbuf_release(&sb);
			}
			free(cfg);
		}
		walk_list = l;
		walk_root = paths[i];
		if (nftw(paths[i], walk_one, 64, FTW_PHYS) < 0) {
			walk_list = NULL;
			return error("cannot walk '%s': %s", paths[i],
				     strerror(errno));
		}
		walk_list = NULL;
		if (l->err)
			return -1;
	}
	if (l->nr) /* l->v is NULL when no file was found */
		qsort(l->v, l->nr, sizeof(*l->v), cmp_file_key);
	for (i = 1; i < l->nr; i++)
		if (!strcmp(l->v[i].key, l->v[i - 1].key))
			return error("'%s' and '%s' are the same unit '%s'",
				     l->v[i - 1].path, l->v[i].path,
				     l->v[i].key);
	return 0;
}
