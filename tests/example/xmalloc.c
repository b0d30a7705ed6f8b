/* The heap: _xmalloc refills its pool from the page allocator. */
#include "example.h"

static char pool[4096];
static unsigned long used;

void *alloc_xenheap_pages(unsigned int order, unsigned int flags)
{
	return alloc_domheap_pages((void *)0, order, flags);
}

void *_xmalloc(unsigned long size, unsigned long align)
{
	if (used + size + align > sizeof(pool))
		return alloc_xenheap_pages(0, 0);
	used += size + align;
	return pool + used - size;
}

void *_xzalloc(unsigned long size, unsigned long align)
{
	char *p = _xmalloc(size, align);
	unsigned long i;

	for (i = 0; p && i < size; i++)
		p[i] = 0;
	return p;
}

void xfree(void *p)
{
	(void)p;
}

void *alloc_domheap_pages(void *d, unsigned int order, unsigned int flags)
{
	static char pages[8][4096];

	(void)d;
	(void)flags;
	return pages[order & 7];
}
