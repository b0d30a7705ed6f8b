/*
 * traces_int.h - what the files of the traces module share. Not for use
 * outside traces*.c.
 */
#ifndef TRACES_INT_H
#define TRACES_INT_H

#include "traces.h"

/* traces.c */
void traces_frame_release(struct trace_frame *f);
void traces_trace_release(struct trace *t);
/* traces_parse.c */
void traces_add_frame(struct trace *t, struct trace_frame *f);

#endif
