/* Domain control: operations are called through a table of pointers. */
#include "../prog.h"

static long create_domain(long arg)
{
	return _xmalloc((unsigned long)arg, 64) != 0;
}

long (*domctl_ops[2])(long) = { create_domain, create_domain };

long do_domctl(long arg)
{
	return domctl_ops[arg & 1](arg);
}
