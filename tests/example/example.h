/* Declarations shared by the example program. */
#ifndef EXAMPLE_H
#define EXAMPLE_H

long do_memory_op(long arg);
long do_event_channel_op(long arg);
long do_console_io(long arg);
long do_xen_version(long arg);
void *_xmalloc(unsigned long size, unsigned long align);
void *_xzalloc(unsigned long size, unsigned long align);
void xfree(void *p);
void *alloc_domheap_pages(void *d, unsigned int order, unsigned int flags);
void *alloc_xenheap_pages(unsigned int order, unsigned int flags);
void console_write(const char *s);

#endif
