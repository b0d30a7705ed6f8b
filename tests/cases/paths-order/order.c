/*
 * paths-order: seven simple paths of lengths 1 to 4 from root to goal:
 *
 *   root -> goal, pa, pb        pa -> goal, pb, pc
 *   pb -> goal, pc              pc -> goal
 *
 * The calls are written in an order different from name order, so that
 * listing them in the order GCC writes the edges is not enough.
 */
extern volatile int sink;

void goal(void)
{
	sink++;
}

void pc(void)
{
	goal();
	sink++;
}

void pb(void)
{
	pc();
	goal();
	sink++;
}

void pa(void)
{
	pc();
	goal();
	pb();
	sink++;
}

void root(void)
{
	goal();
	pb();
	pa();
	sink++;
}
