/*
 * paths-order, clique: k1..k5 all call one another (one big cycle), and
 * kr -> k1, k5 -> kgoal.  A simple path from kr to kgoal is
 * kr, k1, an ordered choice of k2, k3, k4 (1 + 3 + 6 + 6 = 16 of them), k5,
 * kgoal: 16 paths, counted through a cycle.
 */
extern void kgoal(void);
extern volatile int sink;

void k1(void), k2(void), k3(void), k4(void), k5(void);

/* SELF calls the four others, A, B, C and D. */
#define CLIQUE(self, a, b, c, d)          \
	void self(void)                   \
	{                                 \
		if (sink) {               \
			a(); b(); c(); d(); \
		}                         \
		sink++;                   \
	}

CLIQUE(k1, k2, k3, k4, k5)
CLIQUE(k2, k1, k3, k4, k5)
CLIQUE(k3, k1, k2, k4, k5)
CLIQUE(k4, k1, k2, k3, k5)

/* and k5 kgoal too */
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
