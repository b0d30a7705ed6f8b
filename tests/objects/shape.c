/*
 * t600: an ops table with two implementations. Only the area functions
 * allocate; the tables are static initializers.
 */
#include "shape.h"

static int square_area(int x)
{
	obj_alloc((unsigned long)x);
	return x * x;
}

static int square_perimeter(int x)
{
	return 4 * x;
}

static int circle_area(int r)
{
	obj_alloc((unsigned long)r);
	return 3 * r * r;
}

static int circle_perimeter(int r)
{
	return 6 * r;
}

const struct shape_ops square_ops = {
	.area = square_area,
	.perimeter = square_perimeter,
};

const struct shape_ops circle_ops = {
	.area = circle_area,
	.perimeter = circle_perimeter,
};
