/* Hypercall dispatch: every handler is called directly. */
#include "example.h"

long pv_hypercall(int op, long arg)
{
	switch (op) {
	case 0:
		return do_memory_op(arg);
	case 1:
		return do_event_channel_op(arg);
	default:
		return do_console_io(arg);
	}
}

long hvm_hypercall(int op, long arg)
{
	if (op == 0)
		return do_memory_op(arg);
	return do_xen_version(arg);
}
