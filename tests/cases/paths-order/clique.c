/*
 * paths-order, clique: k1..k5 all call one another (one big cycle), and
 * kr -> k1, k5 -> kgoal.  A simple path from kr to kgoal is
 * kr, k1, an ordered choice of k2, k3, k4 (1 + 3 + 6 + 6 = 16 of them), k5,
 * kgoal: 16 paths, counted through a cycle.
 */
extern void kgoal(void);
extern volatile int sink;

void k1(void), k2(void), k3(void), k4(void), k5(void);

void k1(void)
{
	if (sink) { k2(); k3(); k4(); k5(); }
	sink++;
}

void k2(void)
{
	if (sink) { k1(); k3(); k4(); k5(); }
	sink++;
}

void k3(void)
{
	if (sink) { k1(); k2(); k4(); k5(); }
	sink++;
}

void k4(void)
{
	if (sink) { k1(); k2(); k3(); k5(); }
	sink++;
}

void k5(void)
{
	if (sink) { k1(); k2(); k3(); k4(); kgoal(); }
	sink++;
}

void kr(void)
{
	k1();
	sink++;
}
