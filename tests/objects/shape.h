/* t600: the ops table type and the allocator every path ends at. */
struct shape_ops {
	int (*area)(int);
	int (*perimeter)(int);
};

extern const struct shape_ops square_ops, circle_ops;
void *obj_alloc(unsigned long n);
