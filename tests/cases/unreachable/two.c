/*
 * unreachable, second component: main2 -> x2 -> leaf2 (see one.c).
 */
extern void leaf2(void);
extern volatile int sink;

void x2(void)
{
	leaf2();
	sink++;
}

void main2(void)
{
	x2();
	sink++;
}
