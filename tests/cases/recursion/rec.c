/*
 * recursion: mutual recursion (ping -> pong -> ping), self-recursion
 * (self -> self) and a path to a target:
 *
 *   top -> self -> self
 *          self -> ping -> pong -> ping
 *                          pong -> target (external)
 *
 * The only simple path from the root top to target is
 * top, self, ping, pong, target.  The recursive calls are not tail calls,
 * so GCC keeps them as calls.
 */
extern void target(void);
extern volatile int sink;

void pong(int n);

void ping(int n)
{
	if (n > 0)
		pong(n - 1);
	sink++;
}

void pong(int n)
{
	if (n > 0)
		ping(n - 1);
	else
		target();
	sink++;
}

void self(int n)
{
	if (n > 0)
		self(n - 1);
	else
		ping(n);
	sink++;
}

void top(int n)
{
	self(n);
	sink++;
}
