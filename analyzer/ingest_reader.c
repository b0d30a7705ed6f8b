/*
 * ingest_reader.c - reading, hashing and parsing the .ci files of an
 * ingest on a thread of its own, a few units ahead of the thread that
 * stores them, so that parsing and SQLite's writing overlap.
 *
 * Only a load that parses every unit (a first ingest, --rebuild) has the
 * thread: a re-ingest mostly finds units unchanged by their hash, and
 * handing those over between threads costs more than it saves.
 *
 * It opens each parsed unit's object and DWARF (objects_preread()),
 * prepares the unit for storing (ingest_prep.c) and reads all its object
 * gives (objects_unit.c): the storing thread, with SQLite's writes, is
 * the slower of the two. It frees a stored unit before it reuses the
 * unit's slot, off the storing thread.
 *
 * Each unit is taken (claimed) by one thread, in the order of the file
 * list: the storing thread, rather than wait for the unit it needs, reads
 * the next unclaimed one itself, whole (on a build with objects, reading
 * them is most of the work). What reading a unit reports is held in its
 * slot and said when the unit is handed over, so that messages come in
 * the order of the units, as one thread would say them.
 *
 * The units are handed over in the order of the file list. Nothing is
 * claimed after the first file that cannot be read or parsed; that unit
 * is handed over as failed, and the ones after it are never said.
 */
#include "ingest_int.h"
#include "ci_parse.h"
#include "objects.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/*
 * Units read ahead: enough to cover the variation between files. With
 * objects, a unit the storing thread reads itself can take as long as
 * several others; with 8, the reader then waited for room for 6-11% of
 * the loop (doc/performance-rounds.md).
 */
#define READ_AHEAD 16

struct ingest_reader {
	const struct file_list *files;
	struct old_unit *old;
	size_t nr_old;
	int rebuild;
	int arguments;
	int threaded; /* else each unit is read when asked for */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t ready, room; /* a unit read; a slot freed */
	size_t claimed;		    /* units taken by a thread to read */
	size_t stop_at;		    /* no unit from here on is claimed */
	size_t consumed;	    /* units given back */
	int stop;		    /* the storing side gave up */
	size_t read[READ_AHEAD];    /* unit + 1 each slot holds, read */
	struct ingest_read slot[READ_AHEAD];
};

struct old_unit *ingest_find_unit(struct old_unit *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;

	/* ORDER BY path uses SQLite's BINARY collation: memcmp order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].path, key);

		if (!c)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Read, hash and (unless unchanged) parse file I into slot S, and prepare
 * it for storing when PREP.
 */
static void read_one(struct ingest_reader *r, size_t i, struct ingest_read *s,
		     int prep)
{
	const struct ci_file *f = &r->files->v[i];
	const struct old_unit *ou = ingest_find_unit(r->old, r->nr_old, f->key);

	s->failed = 0;
	s->parsed = 0;
	if (ingest_read_file(f->path, &s->buf)) {
		s->failed = 1;
		return;
	}
	snprintf(s->hash, sizeof(s->hash), "%016llx",
		 (unsigned long long)XXH64(s->buf.buf, s->buf.len, 0));
	if (ou && !r->rebuild && !strcmp(ou->hash, s->hash))
		return; /* unchanged: not parsed */
	if (ci_parse(f->path, s->buf.buf, s->buf.len, &s->unit)) {
		s->failed = 1;
		return;
	}
	s->parsed = 1;
	/* ahead of the storing side: what it would do itself too */
	s->pre = objects_preread(f->path, &s->unit, r->arguments, prep);
	if (prep)
		ingest_prep(&s->unit, &s->prep);
}

/* Free what slot S holds of its last unit. */
static void release_slot(struct ingest_read *s)
{
	/* both before the unit they point into */
	ingest_prep_release(&s->prep);
	objects_pre_release(s->pre);
	s->pre = NULL;
	if (s->parsed)
		ci_unit_release(&s->unit);
	s->parsed = 0;
	strbuf_reset(&s->said);
}

/*
 * Under the lock: the next unit to read, now claimed, or the number of
 * files when there is none to claim (all are, a slot is still in use, a
 * claimed unit failed, or the storing side gave up).
 */
static size_t claim(struct ingest_reader *r)
{
	if (r->stop || r->claimed >= r->stop_at ||
	    r->claimed - r->consumed >= READ_AHEAD)
		return r->files->nr;
	return r->claimed++;
}

/*
 * Read and prepare unit I, claimed, into its slot outside the lock (taken
 * on entry and on return), holding what it reports.
 */
static void read_claimed(struct ingest_reader *r, size_t i)
{
	struct ingest_read *s = &r->slot[i % READ_AHEAD];

	pthread_mutex_unlock(&r->lock);
	release_slot(s);
	report_hold(&s->said);
	read_one(r, i, s, 1);
	report_hold(NULL);
	pthread_mutex_lock(&r->lock);
	if (s->failed && i + 1 < r->stop_at)
		r->stop_at = i + 1;
	r->read[i % READ_AHEAD] = i + 1;
	pthread_cond_broadcast(&r->ready);
}

static void *reader_main(void *arg)
{
	struct ingest_reader *r = arg;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		size_t i = claim(r);

		if (i < r->files->nr) {
			read_claimed(r, i);
			continue;
		}
		if (r->stop || r->claimed >= r->stop_at)
			break;
		pthread_cond_wait(&r->room, &r->lock);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

struct ingest_reader *ingest_reader_start(const struct file_list *files,
					  struct old_unit *old, size_t nr_old,
					  int rebuild, int arguments,
					  int thread)
{
	struct ingest_reader *r = xcalloc(1, sizeof(*r));
	size_t i;

	r->files = files;
	r->old = old;
	r->nr_old = nr_old;
	r->rebuild = rebuild;
	r->arguments = arguments;
	r->stop_at = files->nr;
	for (i = 0; i < READ_AHEAD; i++) {
		strbuf_init(&r->slot[i].buf);
		strbuf_init(&r->slot[i].said);
	}
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->ready, NULL);
	pthread_cond_init(&r->room, NULL);
	/* without a thread, each unit is read when it is asked for */
	r->threaded =
		thread && !pthread_create(&r->thread, NULL, reader_main, r);
	return r;
}

/* Unit I's slot: one reused buffer without the thread. */
static struct ingest_read *slot_of(struct ingest_reader *r, size_t i)
{
	return &r->slot[r->threaded ? i % READ_AHEAD : 0];
}

struct ingest_read *ingest_reader_next(struct ingest_reader *r, size_t i)
{
	struct ingest_read *s = slot_of(r, i);

	if (!r->threaded) {
		read_one(r, i, s, 0);
		return s;
	}
	pthread_mutex_lock(&r->lock);
	while (r->read[i % READ_AHEAD] != i + 1) {
		/* rather than wait, read a unit further on, whole */
		size_t j = claim(r);

		if (j < r->files->nr)
			read_claimed(r, j);
		else
			pthread_cond_wait(&r->ready, &r->lock);
	}
	pthread_mutex_unlock(&r->lock);
	if (s->said.len) {
		fflush(stdout);
		fputs(s->said.buf, stderr);
	}
	return s;
}

void ingest_reader_done(struct ingest_reader *r, size_t i)
{
	if (!r->threaded) {
		release_slot(slot_of(r, i));
		return;
	}
	/* freed by whoever reuses the slot: mostly off this thread */
	pthread_mutex_lock(&r->lock);
	r->consumed = i + 1;
	pthread_cond_signal(&r->room);
	pthread_mutex_unlock(&r->lock);
}

void ingest_reader_finish(struct ingest_reader *r)
{
	size_t i;

	if (!r)
		return;
	if (r->threaded) {
		pthread_mutex_lock(&r->lock);
		r->stop = 1;
		pthread_cond_signal(&r->room);
		pthread_mutex_unlock(&r->lock);
		pthread_join(r->thread, NULL);
	}
	for (i = 0; i < READ_AHEAD; i++) {
		release_slot(&r->slot[i]);
		strbuf_release(&r->slot[i].buf);
		strbuf_release(&r->slot[i].said);
	}
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->ready);
	pthread_cond_destroy(&r->room);
	free(r);
}
