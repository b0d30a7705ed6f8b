/* An allocator with an owner and flags, like a page allocator. */
struct dom {
	int id;
};

#define NO_OWNER 0x20

void *page_alloc(struct dom *d, unsigned int order, unsigned int flags);
void *heap_alloc(unsigned long size, unsigned long align);
void sink(void *p);
