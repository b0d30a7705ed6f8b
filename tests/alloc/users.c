#include "alloc.h"

#define KEEP __attribute__((noinline, noclone))

struct dom *current_dom;
static struct dom dom0;

/* a NULL constant */
KEEP void *null_owner(void)
{
	return page_alloc(0, 0, 0);
}

/* a domain, but the no-owner flag */
KEEP void *no_owner_flag(struct dom *d)
{
	return page_alloc(d, 1, NO_OWNER);
}

/* a static domain: its address is not NULL */
KEEP void *owned_static(void)
{
	return page_alloc(&dom0, 2, 0);
}

/* a domain computed at run time */
KEEP void *computed(struct dom **v, int i)
{
	return page_alloc(v[i], 0, 0);
}

/* a domain loaded from a global */
KEEP void *from_global(void)
{
	return page_alloc(current_dom, 0, 0);
}

/* the domain and order passed through, two calls up */
KEEP void *inner(struct dom *d, unsigned int order)
{
	return page_alloc(d, order, 0);
}

KEEP void *middle(struct dom *d, unsigned int order)
{
	void *p = inner(d, order);

	sink(p);
	return p;
}

KEEP void *top_null(void)
{
	return middle(0, 3);
}

KEEP void *top_owned(void)
{
	return middle(&dom0, 0);
}

/* one caller, twice, with different arguments */
KEEP void *twice(void)
{
	void *a = page_alloc(0, 0, 0);

	sink(a);
	return page_alloc(&dom0, 0, 0);
}

/* a constant and a variable size */
KEEP void *fixed_size(void)
{
	return heap_alloc(48, 8);
}

KEEP void *var_size(unsigned long n)
{
	return heap_alloc(n * 3 + 1, 8);
}

/* a call inlined into its caller */
static inline void *helper(void)
{
	return page_alloc(0, 4, 0);
}

KEEP void *uses_helper(void)
{
	void *p = helper();

	sink(p);
	return p;
}
