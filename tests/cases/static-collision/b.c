/*
 * static-collision, unit b.c: a static "helper" with the same name as the
 * one in a.c, but calling nothing.  entry_b reaches only this one.
 */
extern volatile int sink;

static void __attribute__((noinline)) helper(void)
{
	sink += 2;
}

void entry_b(void)
{
	helper();
	sink++;
}
