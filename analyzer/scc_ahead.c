/*
 * scc_ahead.c - a count's searches inside one component, a second thread
 * searching ahead with guessed allowances (see scc_ahead.h).
 *
 * Each search of the run is a slot. A slot is free until a thread takes
 * it up: ahead, with a guessed allowance (running, then done), or as the
 * count's own (the counting thread, with the allowance the count gives).
 * Slots are taken up lowest first, at most AHEAD_WINDOW past the one the
 * count is at, so that a wrong guess wastes little.
 */
#include "scc_ahead.h"
#include "scc_paths.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>

/* Slots past the count's that may be taken up ahead. */
#define AHEAD_WINDOW 8

enum slot_state { SLOT_FREE, SLOT_RUNNING, SLOT_DONE, SLOT_OWN };

struct scc_ahead {
	struct scc_paths_cache *c;
	struct scc_view *v;
	uint32_t *starts;
	size_t n;
	uint64_t budget;
	/* as of slot NEXT, the one the count takes next */
	size_t next;
	uint64_t used;
	size_t pending;
	size_t free_from; /* no free slot below it */
	unsigned char *state;
	struct scc_search **made;	/* searches made ahead, not yet used */
	struct scc_scratch *scratch[2]; /* the second thread's, the count's */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	pthread_t thread;
	int stop;
};

uint64_t scc_share(uint64_t budget, uint64_t used, size_t pending)
{
	uint64_t left = used < budget ? budget - used : 0;

	return pending ? left / pending : left;
}

/*
 * Whether search S, made with a guessed allowance, is the one ALLOWANCE
 * steps make: it was made with them, or it ended within them without
 * running out (with more or fewer, it takes the same steps).
 */
static int fits(const struct scc_search *s, uint64_t allowance)
{
	return s->allowance == allowance || (!s->cut && s->steps <= allowance);
}

/*
 * Under the lock: the allowance slot J gets if every search from the
 * count's up to it that is not made ahead, fitting its share, runs out of
 * steps.
 */
static uint64_t guess_allowance(const struct scc_ahead *a, size_t j)
{
	uint64_t used = a->used;
	size_t k;

	for (k = a->next; k < j; k++) {
		uint64_t share =
			scc_share(a->budget, used, a->pending - (k - a->next));

		if (a->state[k] == SLOT_DONE && a->made[k] &&
		    fits(a->made[k], share))
			used += a->made[k]->steps;
		else
			used += share;
	}
	return scc_share(a->budget, used, a->pending - (j - a->next));
}

/*
 * Under the lock: take up the lowest free slot in the window, its guessed
 * allowance in *ALLOWANCE, or return N.
 */
static size_t take_up(struct scc_ahead *a, uint64_t *allowance)
{
	size_t j;

	while (a->free_from < a->n && a->state[a->free_from] != SLOT_FREE)
		a->free_from++;
	j = a->free_from > a->next ? a->free_from : a->next;
	while (j < a->n && a->state[j] != SLOT_FREE)
		j++;
	if (j >= a->n || j > a->next + AHEAD_WINDOW)
		return a->n;
	a->state[j] = SLOT_RUNNING;
	*allowance = guess_allowance(a, j);
	return j;
}

/*
 * Make slot J's search ahead with ALLOWANCE in scratch SC, the lock held
 * around it.
 */
static void search_ahead(struct scc_ahead *a, size_t j, uint64_t allowance,
			 struct scc_scratch *sc)
{
	uint32_t start = a->starts[j];
	struct scc_search *s;

	pthread_mutex_unlock(&a->lock);
	s = scc_search_run(sc, a->v, start, a->v->cont[start], allowance);
	pthread_mutex_lock(&a->lock);
	a->made[j] = s;
	a->state[j] = SLOT_DONE;
	pthread_cond_broadcast(&a->changed);
}

static void *ahead_main(void *arg)
{
	struct scc_ahead *a = arg;

	pthread_mutex_lock(&a->lock);
	while (!a->stop) {
		uint64_t allowance;
		size_t j = take_up(a, &allowance);

		if (j < a->n)
			search_ahead(a, j, allowance, a->scratch[0]);
		else
			pthread_cond_wait(&a->changed, &a->lock);
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

/* Free A, its lock and what it holds (its thread ended or never began). */
static void ahead_free(struct scc_ahead *a)
{
	size_t k;

	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->changed);
	for (k = 0; k < a->n; k++)
		scc_search_free(a->made[k]);
	scc_scratch_free(a->scratch[0]);
	scc_scratch_free(a->scratch[1]);
	free(a->made);
	free(a->state);
	free(a->starts);
	free(a);
}

struct scc_ahead *scc_ahead_start(struct scc_paths_cache *c, struct scc_view *v,
				  const uint32_t *starts, size_t n,
				  uint64_t budget, uint64_t used,
				  size_t pending)
{
	struct scc_ahead *a;

	if (n < SCC_AHEAD_MIN || pending < n || scc_paths_cache_is_alone(c) ||
	    scc_paths_lookup(v, starts[0], v->cont[starts[0]],
			     scc_share(budget, used, pending)))
		return NULL;
	a = xcalloc(1, sizeof(*a));
	a->c = c;
	a->v = v;
	a->n = n;
	a->starts = xmemdup(starts, n * sizeof(*a->starts));
	a->budget = budget;
	a->used = used;
	a->pending = pending;
	a->state = xcalloc(n, 1);
	a->made = xcalloc(n, sizeof(*a->made));
	a->scratch[0] = scc_scratch_new();
	a->scratch[1] = scc_scratch_new();
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->changed, NULL);
	if (pthread_create(&a->thread, NULL, ahead_main, a)) {
		ahead_free(a);
		return NULL;
	}
	scc_paths_cache_stats(c)->runs++;
	return a;
}

/*
 * Under the lock: slot K's search made ahead, fitting ALLOWANCE, taken out
 * of the run, or NULL when the count must make it itself. Waits for one
 * being made, taking up others meanwhile.
 */
static struct scc_search *made_for(struct scc_ahead *a, size_t k,
				   uint64_t allowance)
{
	for (;;) {
		struct scc_search *s = a->made[k];
		uint64_t guess;
		size_t j;

		if (a->state[k] == SLOT_DONE) {
			/* one made in vain is thrown away at the end */
			if (!s || !fits(s, allowance))
				return NULL;
			a->made[k] = NULL;
			s->allowance = allowance; /* as the count made it */
			scc_paths_cache_stats(a->c)->used++;
			return s;
		}
		if (a->state[k] == SLOT_FREE) {
			a->state[k] = SLOT_OWN;
			return NULL;
		}
		/* being made: even with another allowance, it may fit */
		j = take_up(a, &guess);
		if (j < a->n)
			search_ahead(a, j, guess, a->scratch[1]);
		else
			pthread_cond_wait(&a->changed, &a->lock);
	}
}

const struct scc_search *scc_ahead_next(struct scc_ahead *a, uint32_t start,
					uint64_t allowance)
{
	size_t k = a->next;
	int cont;
	const struct scc_search *s;
	struct scc_search *made = NULL;

	if (k >= a->n || a->starts[k] != start)
		BUG("a run's search %zu asked for out of its order", k);
	cont = a->v->cont[start];
	s = scc_paths_lookup(a->v, start, cont, allowance);
	pthread_mutex_lock(&a->lock);
	if (!s)
		made = made_for(a, k, allowance);
	else if (a->state[k] == SLOT_FREE)
		a->state[k] = SLOT_OWN;
	pthread_mutex_unlock(&a->lock);
	if (made)
		s = scc_paths_keep(a->c, a->v, made);
	else if (!s)
		s = scc_paths_search(a->c, a->v, start, cont, allowance);
	pthread_mutex_lock(&a->lock);
	a->used += s->steps;
	a->pending--;
	a->next++;
	pthread_cond_broadcast(&a->changed);
	pthread_mutex_unlock(&a->lock);
	return s;
}

void scc_ahead_finish(struct scc_ahead *a)
{
	size_t k;

	if (!a)
		return;
	pthread_mutex_lock(&a->lock);
	a->stop = 1;
	pthread_cond_broadcast(&a->changed);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	for (k = 0; k < a->n; k++) /* made ahead and never used */
		if (a->made[k])
			scc_paths_cache_stats(a->c)->wasted++;
	ahead_free(a);
}
