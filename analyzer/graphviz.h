/*
 * graphviz.h - laying out a DOT graph with Graphviz and writing it as SVG.
 *
 * Ownership: the DOT text is borrowed; nothing is kept.
 */
#ifndef GRAPHVIZ_H
#define GRAPHVIZ_H

/* Lay DOT out and write the SVG to file descriptor FD; -1 with a message. */
int graphviz_svg(const char *dot, int fd);

#endif
