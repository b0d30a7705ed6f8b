/* x86 page tables: a static helper whose name arm/mm.c uses as well. */
#include "../../prog.h"

static long alloc_l1_table(long nr)
{
	return alloc_domheap_pages((unsigned int)nr) != 0;
}

long x86_memory_op(long arg)
{
	return alloc_l1_table(arg);
}
