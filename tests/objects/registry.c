/*
 * t600: a registration function and a call through a table of plain
 * function pointers, which no tier but address-taken resolves; run_all
 * also allocates directly, so a path through it is flagged.
 */
#include "shape.h"

static void (*handlers[4])(int);
static int nr_handlers;

void register_handler(void (*fn)(int))
{
	if (nr_handlers < 4)
		handlers[nr_handlers++] = fn;
}

void run_all(int x)
{
	int i;

	for (i = 0; i < nr_handlers; i++)
		handlers[i](x);
	obj_alloc((unsigned long)x);
}
