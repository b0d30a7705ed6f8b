/*
 * unreachable, first component: main1 -> x1 -> leaf1.
 * two.c holds a second component, main2 -> x2 -> leaf2, with no call between
 * the two.
 */
extern void leaf1(void);
extern volatile int sink;

void x1(void)
{
	leaf1();
	sink++;
}

void main1(void)
{
	x1();
	sink++;
}
