/* filters: a route to target through a file in a subfolder (see main.c). */
extern void target(void);
extern volatile int sink;

static void __attribute__((noinline)) hop(void)
{
	target();
	sink++;
}

void drv_go(void)
{
	hop();
	sink++;
}
