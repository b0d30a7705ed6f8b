/*
 * graphviz.h - laying out a DOT graph with Graphviz and writing it as SVG.
 *
 * Ownership: the DOT text is borrowed; nothing is kept.
 */
#ifndef GRAPHVIZ_H
#define GRAPHVIZ_H

struct strbuf;

/*
 * Lay DOT out with Graphviz in a child process, killed after SECONDS (0:
 * no limit), and append the SVG to OUT; -1 with a message, and OUT as it
 * was, when it fails or crashes.
 */
int graphviz_svg(const char *dot, struct strbuf *out, unsigned seconds);

#endif
