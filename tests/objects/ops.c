/*
 * t600: the entry points. dispatch() calls the handlers directly (as
 * Xen's hypercall dispatchers do); do_alpha reaches obj_alloc only through
 * the ops table; start reaches it only through a boot-only function.
 */
#include "shape.h"

int measure_area(const struct shape_ops *ops, int x);
void register_handler(void (*fn)(int));

__attribute__((section(".init.text"))) static void *setup_tables(int n)
{
	return obj_alloc((unsigned long)n);
}

void start(int n)
{
	setup_tables(n);
}

int do_alpha(int x)
{
	return measure_area(x ? &square_ops : &circle_ops, x);
}

int do_beta(int x)
{
	return x + 1;
}

int dispatch(int op, int x)
{
	switch (op) {
	case 0:
		return do_alpha(x);
	case 1:
		return do_beta(x);
	}
	return -1;
}

static void on_event(int x)
{
	obj_alloc((unsigned long)x);
}

__attribute__((section(".init.text"))) void boot_init(void)
{
	register_handler(on_event);
}
