/*
 * export.c - the exporter table.
 */
#include "export.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const struct exporter *const exporters[] = {
	&export_dot,
	&export_svg,
	&export_json,
};

const struct exporter *exporter_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exporters); i++)
		if (!strcmp(exporters[i]->name, name))
			return exporters[i];
	return NULL;
}

void export_graph_release(struct export_graph *eg)
{
	size_t i;

	for (i = 0; i < eg->nr_edges; i++)
		call_sites_release(&eg->edges[i].sites);
	free(eg->edges);
	free(eg->nodes);
	memset(eg, 0, sizeof(*eg));
}
