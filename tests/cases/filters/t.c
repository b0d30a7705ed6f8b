/* filters: the target, which calls a second target, deeper (see main.c). */
extern void deeper(void);
extern volatile int sink;

void target(void)
{
	deeper();
	sink++;
}
