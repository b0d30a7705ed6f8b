/* t610: what registers the callbacks, and what they do. */
#include "registry.h"

static struct timer poll_timer;

static void net_handler(void)
{
	reg_alloc(1);
}

static void block_handler(void)
{
}

static void decoy(void)
{
	reg_alloc(3);
}

static void poll_fn(void *data)
{
	reg_alloc((unsigned long)data);
}

static void my_idle(int x)
{
	reg_alloc((unsigned long)x);
}

void setup(void)
{
	open_handler(0, net_handler);
	open_handler(1, block_handler);
	init_timer(&poll_timer, poll_fn, 0);
	set_idle_hook(my_idle);
	apply(decoy);
}
