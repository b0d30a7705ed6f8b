/* Declarations shared by the trace tests' program. */
#ifndef PROG_H
#define PROG_H

long pv_hypercall(int op, long arg);
long do_memory_op(long arg);
long do_event_op(long arg);
long do_domctl(long arg);
long x86_memory_op(long arg);
long arm_memory_op(long arg);
void *_xmalloc(unsigned long size, unsigned long align);
void *alloc_xenheap_pages(unsigned int order);
void *alloc_domheap_pages(unsigned int order);
void console_write(const char *s);

#endif
