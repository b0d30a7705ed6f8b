/*
 * static-collision, unit a.c: a static "helper" that calls alloc().
 * b.c has a static of the same name that does not: the two must stay two
 * different functions, "a.c:helper" and "b.c:helper", so that entry_b
 * cannot reach alloc through a.c's helper.
 */
extern void alloc(void);
extern volatile int sink;

static void __attribute__((noinline)) helper(void)
{
	alloc();
	sink++;
}

void entry_a(void)
{
	helper();
	sink++;
}
