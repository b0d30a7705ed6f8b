/* t610: what registers the callbacks, and what they do. */
#include "registry.h"

static struct timer poll_timer;
struct ops my_ops;

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

/* stored in a member right before a registration call: not registered */
static int wrong_sig(int a, int b)
{
	reg_alloc((unsigned long)(a + b));
	return a - b;
}

static void my_idle(int x)
{
	reg_alloc((unsigned long)x);
}

void setup(void)
{
	open_handler(0, net_handler);
	my_ops.cmp = wrong_sig;
	open_handler(1, block_handler);
	init_timer(&poll_timer, poll_fn, 0);
	set_idle_hook(my_idle);
	apply(decoy);
}
