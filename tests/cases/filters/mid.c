/* filters: two routes to target (see main.c). */
extern void target(void);
extern volatile int sink;

void mid1(void)
{
	target();
	sink++;
}

void mid2(void)
{
	target();
	sink++;
}
