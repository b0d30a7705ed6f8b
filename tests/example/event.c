/* Event channels: allocation through a helper with the same static name
 * as one in console.c that does not allocate. */
#include "example.h"

static void *get_bucket(long port)
{
	return _xzalloc((unsigned long)port, 8);
}

long do_event_channel_op(long arg)
{
	return get_bucket(arg) != 0;
}
