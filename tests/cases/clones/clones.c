/*
 * clones: functions that GCC -O2 clones (see cflags).  Clone suffixes
 * must be folded into the origin's canonical name:
 * - scale() is static and only called with k == 3: GCC emits only
 *   "clones.c:scale.constprop.0", which must be known as "clones.c:scale";
 * - check() is static with a cheap early exit and a big body: partial
 *   inlining leaves only "clones.c:check.part.0" (its callers' edges to it
 *   carry no call site), known as "clones.c:check";
 * - compute() is global and called twice with k == 5: -fipa-cp-clone adds
 *   a local clone "clones.c:compute.constprop.0" next to "compute".
 */
extern void alloc(void);
extern void galloc(void);
extern void slow(int);
extern volatile int sink;

static int __attribute__((noinline)) scale(int x, int k)
{
	if (k > 2)
		alloc();
	return x * k + sink;
}

void entry(int x)
{
	sink = scale(x, 3);
}

/* a loop that makes check() too big to inline whole */
#define SLOW_LOOP(x)                            \
	for (int i = 0; i < (x); i++) {         \
		slow(i);                        \
		slow(i * 2);                    \
		slow(i * 3);                    \
		sink = i;                       \
		slow(i + 1);                    \
		slow(i * 7);                    \
		slow(i * 9);                    \
	}

static int check(int x)
{
	if (__builtin_expect(x == 0, 1))
		return 0;
	SLOW_LOOP(x);
	SLOW_LOOP(x);
	alloc();
	return x;
}

void entry3(int x)
{
	sink = check(x);
	sink = check(x + 1);
	sink = check(x + 2);
}

int __attribute__((noinline)) compute(int x, int k)
{
	if (k)
		galloc();
	return x * k + sink;
}

void entry2(int x)
{
	sink = compute(x, 5);
	sink = compute(x + 1, 5);
}
