/*
 * multi-source: several sources and targets at once.
 *
 *   r1 -> p -> mid -> t1        (m1.c)
 *   r2 -> q -> t2               (m2.c)
 *   r3 -> other                 (m2.c)
 *
 * r1, r2 and r3 are the roots; r3 reaches no target.
 */
extern void t1(void);
extern volatile int sink;

void mid(void)
{
	t1();
	sink++;
}

void p(void)
{
	mid();
	sink++;
}

void r1(void)
{
	p();
	sink++;
}
