/* Memory hypercalls: populate allocates from the heap on behalf of a guest. */
#include "example.h"

static long populate_physmap(long nr)
{
	void *p = alloc_domheap_pages((void *)0, (unsigned int)nr, 0);

	return p != 0;
}

static long memory_exchange(long nr)
{
	void *buf = _xmalloc((unsigned long)nr * 8, 8);
	long ret = populate_physmap(nr);

	xfree(buf);
	return ret;
}

long do_memory_op(long arg)
{
	if (arg & 1)
		return memory_exchange(arg >> 1);
	return populate_physmap(arg);
}
