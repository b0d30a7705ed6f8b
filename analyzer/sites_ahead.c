/*
 * sites_ahead.c - the call-site image read ahead: a reader of many calls
 * (export) needs the image after the graph and its subgraph, and reading
 * and checking it whole is a good part of its time. A thread with its own
 * read-only connection reads it meanwhile, on the second core.
 *
 * Two connections see two snapshots: an ingest may commit between them.
 * The graph image records the stamp (a hash) of the call-site image it
 * was stored with, so an image read ahead is taken only when it is that
 * one; else, and on any failure here, the reader reads it on its own
 * connection as before, which reports what is wrong. Nothing here prints.
 */
#include "graph_db.h"
#include "util.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct graph_db_sites_ahead {
	char *path;
	pthread_t thread;
	atomic_int stop; /* set by a reader that no longer needs the image */
	uint32_t stamp;	 /* of the image read */
	struct graph_db_sites si; /* the image, checked; empty when not */
};

static void *ahead_run(void *arg)
{
	struct graph_db_sites_ahead *a = arg;
	struct graph_db gdb;
	sqlite3 *db = NULL;
	char *image;
	size_t len;

	/* no busy timeout: a locked database is read by the reader itself */
	if (sqlite3_open_v2(a->path, &db,
			    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			    NULL) == SQLITE_OK &&
	    !atomic_load(&a->stop)) {
		graph_db_borrow(&gdb, db);
		if (!graph_db_read_image(&gdb, "sites_image", &image, &len)) {
			a->stamp = graph_db_sites_stamp(image, len);
			graph_db_sites_adopt(&a->si, image, len, &a->stop);
		}
	}
	sqlite3_close(db);
	return NULL;
}

struct graph_db_sites_ahead *graph_db_sites_ahead_start(const char *path)
{
	struct graph_db_sites_ahead *a;
	struct stat st;

	/* a FIFO would hold the thread in open(): only a regular file */
	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return NULL;
	a = xcalloc(1, sizeof(*a));
	a->path = xstrdup(path);
	atomic_init(&a->stop, 0);
	if (pthread_create(&a->thread, NULL, ahead_run, a)) {
		free(a->path);
		free(a);
		return NULL;
	}
	return a;
}

/* Free A (its thread ended), its image too unless KEEP. */
static void ahead_free(struct graph_db_sites_ahead *a, int keep)
{
	if (!keep)
		graph_db_sites_close(&a->si);
	free(a->path);
	free(a);
}

int graph_db_sites_ahead_take(struct graph_db_sites_ahead *a, uint32_t stamp,
			      struct graph_db_sites *si)
{
	int ok;

	memset(si, 0, sizeof(*si));
	if (!a)
		return 0;
	pthread_join(a->thread, NULL);
	ok = a->si.data && stamp && a->stamp == stamp;
	if (ok)
		*si = a->si;
	ahead_free(a, ok);
	return ok;
}

void graph_db_sites_ahead_cancel(struct graph_db_sites_ahead *a)
{
	if (!a)
		return;
	atomic_store(&a->stop, 1);
	pthread_join(a->thread, NULL);
	ahead_free(a, 0);
}
