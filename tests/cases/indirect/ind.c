/*
 * indirect: entry calls through a function pointer, which at run time is
 * cb, which calls alloc.  Indirect calls are not followed, so alloc is not
 * reachable from entry; the call site shows up as an indirect call of
 * entry, and cb (called by nobody directly) is a root.
 */
extern void alloc(void);
extern volatile int sink;

static void cb(void)
{
	alloc();
	sink++;
}

void (*volatile hook)(void) = cb;

void entry(void)
{
	hook();
	sink++;
}
