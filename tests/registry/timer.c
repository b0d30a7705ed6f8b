/* t610: a struct member set by an init function and called later. */
#include "registry.h"

void init_timer(struct timer *t, void (*fn)(void *), void *data)
{
	t->expires = 0;
	t->function = fn;
	t->data = data;
}

static void execute_timer(struct timer *t)
{
	void (*fn)(void *) = t->function;

	fn(t->data);
}

void timer_action(struct timer *t)
{
	if (t->expires >= 0)
		execute_timer(t);
}

/* handles a struct timer only in an inlined helper that calls nothing */
static inline int timer_active(const struct timer *t)
{
	return t->expires > 0;
}

void check_active(struct holder *h, void (*notify)(int))
{
	if (timer_active(&h->tm))
		notify(h->n);
}
