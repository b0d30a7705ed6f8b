/* t610: a global function pointer set by a register function. */
#include "registry.h"

static void (*idle_hook)(int);

void set_idle_hook(void (*fn)(int))
{
	idle_hook = fn;
}

void idle_loop(int x)
{
	idle_hook(x);
}
