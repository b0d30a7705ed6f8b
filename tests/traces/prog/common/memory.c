/* Memory hypercalls: populate allocates pages for a guest. */
#include "../prog.h"

static long populate_physmap(long nr)
{
	return alloc_domheap_pages((unsigned int)nr) != 0;
}

static long memory_exchange(long nr)
{
	void *buf = _xmalloc((unsigned long)nr * 8, 8);

	return populate_physmap(nr) + (buf != 0);
}

long do_memory_op(long arg)
{
	switch (arg & 3) {
	case 0:
		return memory_exchange(arg >> 2);
	case 1:
		return x86_memory_op(arg >> 2);
	case 2:
		return arm_memory_op(arg >> 2);
	default:
		return populate_physmap(arg >> 2);
	}
}
