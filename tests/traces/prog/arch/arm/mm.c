/* arm page tables: the same static name as in x86/mm.c. */
#include "../../prog.h"

static long alloc_l1_table(long nr)
{
	return _xmalloc((unsigned long)nr, 8) != 0;
}

long arm_memory_op(long arg)
{
	return alloc_l1_table(arg);
}
