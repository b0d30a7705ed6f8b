/*
 * ingest_reader.c - reading, hashing and parsing the .ci files of an
 * ingest on a thread of its own, a few units ahead of the thread that
 * stores them, so that parsing and SQLite's writing overlap.
 *
 * Only a load that parses every unit (a first ingest, --rebuild) has the
 * thread: a re-ingest mostly finds units unchanged by their hash, and
 * handing those over between threads costs more than it saves.
 *
 * It opens each parsed unit's object and DWARF (objects_preread()). When
 * it is half the units ahead, it also prepares each one for storing
 * (ingest_prep.c) and reads all its object gives (objects_unit.c): on a
 * large tree SQLite's side is the slower. It frees a stored unit before
 * it reuses the unit's slot, off the storing thread.
 *
 * The reader hands the units over in the order of the file list. It stops
 * at the first file it cannot read or parse (having said why), and the
 * unit it stopped at is handed over as failed; nothing after it is read.
 */
#include "ingest_int.h"
#include "ci_parse.h"
#include "objects.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* Units read ahead: enough to cover the variation between files. */
#define READ_AHEAD 8

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
	size_t produced;	    /* units read (or failed) */
	size_t consumed;	    /* units given back */
	int stop;		    /* the storing side gave up */
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
}

static void *reader_main(void *arg)
{
	struct ingest_reader *r = arg;
	size_t i;

	for (i = 0; i < r->files->nr; i++) {
		struct ingest_read *s = &r->slot[i % READ_AHEAD];
		int failed, stop, ahead;

		pthread_mutex_lock(&r->lock);
		while (!r->stop && i - r->consumed >= READ_AHEAD)
			pthread_cond_wait(&r->room, &r->lock);
		stop = r->stop;
		/* half the units ahead: the storing side is the slower */
		ahead = i - r->consumed >= READ_AHEAD / 2;
		pthread_mutex_unlock(&r->lock);
		if (stop)
			break;
		release_slot(s);
		read_one(r, i, s, ahead);
		failed = s->failed;
		pthread_mutex_lock(&r->lock);
		r->produced = i + 1;
		pthread_cond_signal(&r->ready);
		pthread_mutex_unlock(&r->lock);
		if (failed)
			break;
	}
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
	for (i = 0; i < READ_AHEAD; i++)
		strbuf_init(&r->slot[i].buf);
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
	while (r->produced <= i)
		pthread_cond_wait(&r->ready, &r->lock);
	pthread_mutex_unlock(&r->lock);
	return s;
}

void ingest_reader_done(struct ingest_reader *r, size_t i)
{
	if (!r->threaded) {
		release_slot(slot_of(r, i));
		return;
	}
	/* freed by the reader before it reuses the slot: off this thread */
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
	}
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->ready);
	pthread_cond_destroy(&r->room);
	free(r);
}
