/*
 * filters: one graph, queried with each filter (--exclude, --only, --stop,
 * --exclude-file):
 *
 *   entry -> mid1 -------------------> target -> deeper
 *   entry -> mid2 -------------------> target
 *   entry -> drv_go -> drv/x.c:hop --> target
 *
 * main.c: entry; mid.c: mid1, mid2; drv/x.c: drv_go, static hop;
 * t.c: target (which calls the external deeper).
 */
extern void mid1(void), mid2(void), drv_go(void);
extern volatile int sink;

void entry(void)
{
	mid1();
	mid2();
	drv_go();
	sink++;
}
