/* Hypercall dispatch: every handler is called directly. */
#include "prog.h"

long pv_hypercall(int op, long arg)
{
	switch (op) {
	case 0:
		return do_memory_op(arg);
	case 1:
		return do_event_op(arg);
	default:
		return do_domctl(arg);
	}
}
