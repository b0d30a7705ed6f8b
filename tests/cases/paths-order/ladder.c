/*
 * paths-order, ladder: 32 diamonds in a row,
 *
 *   step00 -> left00, right00 -> step01 -> ... -> step32 -> ladder_goal
 *
 * give 2^32 = 4294967296 simple paths from step00 to ladder_goal, all 65
 * calls long: far too many to enumerate, but the graph has no cycle, so
 * the count must be exact (and fast).  In name order the first paths take
 * "left" everywhere, then "right" at the last diamond, and so on.
 */
extern void ladder_goal(void);
extern volatile int sink;

#define DIAMOND(i, n)                   \
	void step##n(void);             \
	void left##i(void)              \
	{                               \
		step##n();              \
		sink++;                 \
	}                               \
	void right##i(void)             \
	{                               \
		step##n();              \
		sink++;                 \
	}                               \
	void step##i(void)              \
	{                               \
		left##i();              \
		right##i();             \
		sink++;                 \
	}

void step32(void)
{
	ladder_goal();
	sink++;
}

DIAMOND(31, 32) DIAMOND(30, 31) DIAMOND(29, 30) DIAMOND(28, 29)
DIAMOND(27, 28) DIAMOND(26, 27) DIAMOND(25, 26) DIAMOND(24, 25)
DIAMOND(23, 24) DIAMOND(22, 23) DIAMOND(21, 22) DIAMOND(20, 21)
DIAMOND(19, 20) DIAMOND(18, 19) DIAMOND(17, 18) DIAMOND(16, 17)
DIAMOND(15, 16) DIAMOND(14, 15) DIAMOND(13, 14) DIAMOND(12, 13)
DIAMOND(11, 12) DIAMOND(10, 11) DIAMOND(09, 10) DIAMOND(08, 09)
DIAMOND(07, 08) DIAMOND(06, 07) DIAMOND(05, 06) DIAMOND(04, 05)
DIAMOND(03, 04) DIAMOND(02, 03) DIAMOND(01, 02) DIAMOND(00, 01)
