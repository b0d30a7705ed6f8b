/*
 * test_export.c - unit tests of the exporter table "--format" goes
 * through.
 */
#include "unit.h"
#include "export.h"

int main(void)
{
	CHECK(exporter_find("dot") == &export_dot, "dot is the DOT exporter");
	CHECK(exporter_find("svg") == &export_svg, "svg is the SVG exporter");
	CHECK(exporter_find("json") == &export_json,
	      "json is the JSON exporter");
	CHECK(!exporter_find("text"), "text is no exporter");
	CHECK(!exporter_find("DOT"), "format names are lower case");
	CHECK(!exporter_find(""), "an empty name is no exporter");
	return unit_done();
}
