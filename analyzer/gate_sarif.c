/*
 * gate_sarif.c - SARIF 2.1.0: each change is a result located at a call
 * site, with the witness path as a code flow.
 */
#include "gate.h"
#include "review.h"
#include "json_out.h"
#include "util.h"

#include <cjson/cJSON.h>

static cJSON *location(const char *file, int line, int col, const char *msg)
{
	cJSON *loc = cJSON_CreateObject();
	cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
	cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
	cJSON *region;

	cJSON_AddStringToObject(art, "uri", file);
	if (line > 0) {
		region = cJSON_AddObjectToObject(phys, "region");
		cJSON_AddNumberToObject(region, "startLine", line);
		if (col > 0)
			cJSON_AddNumberToObject(region, "startColumn", col);
	}
	if (msg)
		cJSON_AddStringToObject(cJSON_AddObjectToObject(loc, "message"),
					"text", msg);
	return loc;
}

static const char *rule_id(enum change_kind k)
{
	switch (k) {
	case CHANGE_NEW_PATH:
		return "new-path";
	case CHANGE_REMOVED_PATH:
		return "removed-path";
	case CHANGE_NEW_PAIR:
		return "new-reachable-pair";
	case CHANGE_REMOVED_PAIR:
		return "removed-reachable-pair";
	case CHANGE_NEW_EDGE:
		return "new-call-edge";
	default:
		return "retriaged-path";
	}
}

static int write_sarif(FILE *out, const void *comparison)
{
	const struct comparison *c = comparison;
	cJSON *root = cJSON_CreateObject(), *runs, *run, *driver, *rules,
	      *results;
	size_t i, k;

	cJSON_AddStringToObject(
		root, "$schema",
		"https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(root, "version", "2.1.0");
	runs = cJSON_AddArrayToObject(root, "runs");
	run = cJSON_CreateObject();
	cJSON_AddItemToArray(runs, run);
	driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"),
					 "driver");
	cJSON_AddStringToObject(driver, "name", "callreach");
	rules = cJSON_AddArrayToObject(driver, "rules");
	for (k = 0; k < CHANGE_KIND_COUNT; k++) {
		cJSON *r = cJSON_CreateObject();

		cJSON_AddStringToObject(r, "id", rule_id((enum change_kind)k));
		cJSON_AddStringToObject(
			cJSON_AddObjectToObject(r, "shortDescription"), "text",
			change_kind_name((enum change_kind)k));
		cJSON_AddItemToArray(rules, r);
	}
	results = cJSON_AddArrayToObject(run, "results");
	for (i = 0; i < c->nr; i++) {
		const struct change *ch = &c->v[i];
		cJSON *res = cJSON_CreateObject(), *locs;
		struct strbuf msg = STRBUF_INIT;

		cJSON_AddStringToObject(res, "ruleId", rule_id(ch->kind));
		cJSON_AddNumberToObject(res, "ruleIndex", (double)ch->kind);
		cJSON_AddStringToObject(res, "level",
					ch->passes ? "note" : "error");
		strbuf_addf(&msg, "%s: %s (verdict %s%s%s",
			    change_kind_name(ch->kind), ch->title,
			    verdict_name(ch->verdict), ch->reason ? ": " : "",
			    ch->reason ? ch->reason : "");
		if (ch->cls >= 0) {
			strbuf_addstr(&msg, "; ");
			change_class_text(ch, &msg);
			change_add_class_json(
				ch, cJSON_AddObjectToObject(res, "properties"));
		}
		strbuf_addch(&msg, ')');
		cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "message"),
					"text", strbuf_str(&msg));
		strbuf_release(&msg);
		locs = cJSON_AddArrayToObject(res, "locations");
		if (ch->file)
			cJSON_AddItemToArray(locs, location(ch->file, ch->line,
							    ch->col, NULL));
		if (ch->witness_id)
			cJSON_AddStringToObject(
				cJSON_AddObjectToObject(res,
							"partialFingerprints"),
				"callreachPathId/v1", ch->witness_id);
		if (ch->witness.nr) {
			cJSON *flows = cJSON_AddArrayToObject(res, "codeFlows");
			cJSON *flow = cJSON_CreateObject();
			cJSON *tf = cJSON_CreateObject();
			cJSON *tlocs;

			cJSON_AddItemToArray(flows, flow);
			cJSON_AddItemToArray(
				cJSON_AddArrayToObject(flow, "threadFlows"),
				tf);
			tlocs = cJSON_AddArrayToObject(tf, "locations");
			for (k = 0; k < ch->witness.nr; k++) {
				cJSON *tl = cJSON_CreateObject();
				cJSON *loc = cJSON_CreateObject();

				cJSON_AddStringToObject(
					cJSON_AddObjectToObject(loc, "message"),
					"text", ch->witness.v[k]);
				cJSON_AddItemToObject(tl, "location", loc);
				cJSON_AddItemToArray(tlocs, tl);
			}
		}
		cJSON_AddItemToArray(results, res);
	}
	return json_print(root, out);
}

const struct gate_reporter gate_sarif = {"sarif", write_sarif};
