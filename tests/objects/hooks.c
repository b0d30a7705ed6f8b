/*
 * t600: a global pointer variable set by a static initializer and called
 * by name, and a call through a table member made in asm, which GCC does
 * not see (as Xen's alternative_call() does).
 */
#include "shape.h"

static void idle_default(int x)
{
	obj_alloc((unsigned long)x);
}

void (*idle_hook)(int) = idle_default;

void idle(int x)
{
	idle_hook(x);
}

int asm_area(void)
{
	int r;

	asm volatile("call *%c1(%%rip)" : "=a"(r) : "i"(&square_ops.area)
		     : "memory");
	return r;
}
