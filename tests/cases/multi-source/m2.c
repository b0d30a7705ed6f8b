/* multi-source: the second part of the graph (see m1.c). */
extern void t2(void), other(void);
extern volatile int sink;

void q(void)
{
	t2();
	sink++;
}

void r2(void)
{
	q();
	sink++;
}

void r3(void)
{
	other();
	sink++;
}
