/*
 * indirect.c - indirect call sites resolved at query time from the object
 * facts (objects_facts_load(): their image, or the object tables),
 * boot-only functions and registrations.
 *
 * The tiers, from the most to the least trusted:
 *   rules          "edge" rules; a site counts as resolved when its
 *                  function has an edge rule (rules name calls, not sites)
 *   fields         a site whose called member is known calls every function
 *                  stored in a member of that name of the same struct type
 *                  (of any struct type when either side's type is unknown)
 *   registry       the sites of a function that loads from where a
 *                  registration function stores its function pointer
 *                  parameter call the functions registered (registry.h)
 *   address-taken  any site may call any function whose address is taken
 */
#include "indirect.h"
#include "graph.h"
#include "graph_db.h"
#include "objects.h"
#include "registry.h"
#include "rules.h"
#include "symbols.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *const tier_names[IND_NR_TIERS] = {
	"rules",
	"address-taken",
	"fields",
	"registry",
};

static int tier_index(unsigned tier)
{
	int i;

	for (i = 0; i < IND_NR_TIERS; i++)
		if (tier == 1u << i)
			return i;
	return -1;
}

const char *indirect_tier_name(unsigned tier)
{
	int i = tier_index(tier);

	return i < 0 ? "?" : tier_names[i];
}

int indirect_parse_tiers(const char *s, unsigned *tiers)
{
	const char *p = s;

	*tiers = 0;
	if (!strcmp(s, "none"))
		return 0;
	if (!strcmp(s, "all")) {
		*tiers = IND_ALL;
		return 0;
	}
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		int i, found = 0;

		for (i = 0; i < IND_NR_TIERS; i++)
			if (strlen(tier_names[i]) == len &&
			    !memcmp(tier_names[i], p, len)) {
				*tiers |= 1u << i;
				found = 1;
			}
		if (!found)
			return -1;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

unsigned indirect_edge_tier(const struct graph_user_edge *e)
{
	if (!strcmp(e->origin, IND_ORIGIN_FIELDS))
		return IND_FIELDS;
	if (!strcmp(e->origin, IND_ORIGIN_ADDRESS_TAKEN))
		return IND_ADDRESS_TAKEN;
	if (!strcmp(e->origin, IND_ORIGIN_REGISTRY))
		return IND_REGISTRY;
	return IND_RULES;
}

void indirect_edge_json(const struct graph_user_edge *e, struct cJSON *obj)
{
	cJSON_AddBoolToObject(obj, "user", 1);
	cJSON_AddStringToObject(obj, "tier",
				indirect_tier_name(indirect_edge_tier(e)));
	cJSON_AddStringToObject(obj, "reason", e->reason);
	cJSON_AddStringToObject(obj, "rule", e->origin);
}

void indirect_describe_edge(const struct graph_user_edge *e, struct strbuf *sb)
{
	unsigned t = indirect_edge_tier(e);

	if (t == IND_RULES)
		strbuf_addf(sb, "rule edge (%s: %s)", e->origin, e->reason);
	else
		strbuf_addf(sb, "indirect call, %s tier (%s)",
			    indirect_tier_name(t), e->reason);
}

void indirect_release(struct indirect *ind)
{
	free(ind->init_only);
	free(ind->unresolved);
	free(ind->reg);
	free(ind->bind);
	strvec_clear(&ind->reasons);
	memset(ind, 0, sizeof(*ind));
}

struct edges {
	struct graph_user_edge *v;
	size_t nr, alloc;
	size_t alloc_bind;
};

/* Bind the edge U -> V to site WHERE (copied into IND's strings). */
static void bind_site(struct indirect *ind, struct edges *e, uint32_t u,
		      uint32_t v, const char *where)
{
	if (!ind->reasons.nr ||
	    strcmp(ind->reasons.v[ind->reasons.nr - 1], where))
		strvec_push(&ind->reasons, where);
	ALLOC_GROW(ind->bind, ind->nr_bind + 1, e->alloc_bind);
	ind->bind[ind->nr_bind].caller = u;
	ind->bind[ind->nr_bind].callee = v;
	ind->bind[ind->nr_bind].where = ind->reasons.v[ind->reasons.nr - 1];
	ind->nr_bind++;
}

static int cmp_bind(const void *a, const void *b)
{
	const struct indirect_binding *x = a, *y = b;

	CMP_BY(x, y, caller);
	return x->callee < y->callee ? -1 : x->callee > y->callee;
}

int indirect_edge_at(const struct indirect *ind, uint32_t caller,
		     uint32_t callee, const char *where)
{
	struct indirect_binding key = {caller, callee, NULL};
	const struct indirect_binding *b;
	size_t i;

	b = ind->nr_bind ? bsearch(&key, ind->bind, ind->nr_bind,
				   sizeof(*ind->bind), cmp_bind)
			 : NULL;
	if (!b)
		return 1;
	for (i = (size_t)(b - ind->bind);
	     i > 0 && !cmp_bind(&ind->bind[i - 1], &key); i--)
		;
	for (; i < ind->nr_bind && !cmp_bind(&ind->bind[i], &key); i++)
		if (!strcmp(ind->bind[i].where, where))
			return 1;
	return 0;
}

static void add_edge(struct edges *e, uint32_t u, uint32_t v,
		     const char *origin, const char *reason)
{
	ALLOC_GROW(e->v, e->nr + 1, e->alloc);
	e->v[e->nr].caller = u;
	e->v[e->nr].callee = v;
	e->v[e->nr].origin = origin;
	e->v[e->nr].reason = reason;
	e->nr++;
}

/*
 * The registry tier: the edges of FACTS (registry_resolve()'s), bound to
 * the sites they were found for; REG_RESOLVED gets, per function, the
 * sites it resolves.
 */
static void resolve_registry(struct indirect *ind,
			     const struct obj_facts *facts, struct graph *g,
			     struct edges *e, uint32_t *reg_resolved)
{
	const struct registry_edge *re = facts->edges;
	struct strvec sites = {0};
	size_t nr = facts->nr_edges, i, k;
	uint32_t f = UINT32_MAX, nr_sites = 0;
	int all = 0;

	for (i = 0; i <= nr; i++) {
		/* the sites of the caller just done */
		if (i == nr || re[i].caller != f) {
			if (f != UINT32_MAX) {
				uint32_t n =
					all ? g->f[f].nr_indirect : nr_sites;

				if (n > g->f[f].nr_indirect)
					n = g->f[f].nr_indirect;
				reg_resolved[f] = n;
				ind->counts
					.resolved[tier_index(IND_REGISTRY)] +=
					n;
			}
			strvec_clear(&sites);
			all = 0;
			nr_sites = 0;
			if (i == nr)
				break;
			f = re[i].caller;
		}
		if (!g->f[f].nr_indirect)
			continue;
		if (!re[i].site)
			all = 1;
		for (k = 0; re[i].site && k < sites.nr &&
			    strcmp(sites.v[k], re[i].site);
		     k++)
			;
		if (re[i].site && k == sites.nr) {
			strvec_push(&sites, re[i].site);
			nr_sites += re[i].nr_sites ? re[i].nr_sites : 1;
		}
		if (!(ind->tiers & IND_REGISTRY) ||
		    graph_has_edge(g, re[i].caller, re[i].callee))
			continue;
		if (re[i].site)
			bind_site(ind, e, re[i].caller, re[i].callee,
				  re[i].site);
		if (i && re[i - 1].caller == re[i].caller &&
		    re[i - 1].callee == re[i].callee)
			continue; /* the edge of another site */
		strvec_push(&ind->reasons, re[i].reason);
		add_edge(e, re[i].caller, re[i].callee, IND_ORIGIN_REGISTRY,
			 ind->reasons.v[ind->reasons.nr - 1]);
	}
	strvec_clear(&sites);
}

/*
 * Do a site's and a store's struct types match? An unknown one (NULL)
 * matches any struct, but not a global variable (OBJ_VARIABLE).
 */
static int types_match(const char *a, const char *b)
{
	if (a && b)
		return !strcmp(a, b);
	return !(a && !strcmp(a, OBJ_VARIABLE)) &&
	       !(b && !strcmp(b, OBJ_VARIABLE));
}

/* A store's member against KEY's, for the search of a site's member. */
static int cmp_store_member(const void *key, const void *b)
{
	const struct obj_store *y = b;

	return strcmp(key, y->member);
}

/*
 * The fields tier: every site with a known member against the stores.
 * RESOLVED counts the compiler's sites it resolves per function, IN_CODE
 * the sites found in code and IN_CODE_RESOLVED those it resolves.
 */
static void resolve_fields(struct indirect *ind, const struct obj_facts *f,
			   struct graph *g, struct edges *e, uint32_t *resolved,
			   uint32_t *in_code, uint32_t *in_code_resolved)
{
	size_t i;

	for (i = 0; i < f->nr_sites; i++) {
		const struct obj_site *s = &f->sites[i];
		const struct obj_store *st;
		const char *reason;
		size_t lo, hi, k, n = 0;

		if (s->in_code) {
			ind->counts.code_sites++;
			in_code[s->caller]++;
		} else {
			ind->counts.with_member++;
		}
		if (!s->member || !f->nr_stores)
			continue;
		st = bsearch(s->member, f->stores, f->nr_stores,
			     sizeof(*f->stores), cmp_store_member);
		if (!st)
			continue;
		for (lo = (size_t)(st - f->stores);
		     lo > 0 && !strcmp(f->stores[lo - 1].member, s->member);
		     lo--)
			;
		for (hi = lo; hi < f->nr_stores &&
			      !strcmp(f->stores[hi].member, s->member);
		     hi++)
			;
		reason = NULL;
		for (k = lo; k < hi; k++) {
			const struct obj_store *t = &f->stores[k];

			if (!types_match(s->type, t->type))
				continue;
			n++;
			if (ind->tiers & IND_FIELDS)
				bind_site(ind, e, s->caller, t->f, s->where);
			if (!(ind->tiers & IND_FIELDS) ||
			    graph_has_edge(g, s->caller, t->f))
				continue;
			if (!reason) {
				const char *ty = s->type   ? s->type
						 : t->type ? t->type
							   : "?";
				char *r = !strcmp(ty, OBJ_VARIABLE)
						  ? xstrfmt("variable %s "
							    "called at %s",
							    s->member, s->where)
						  : xstrfmt("member %s.%s "
							    "called at %s",
							    ty, s->member,
							    s->where);

				strvec_push(&ind->reasons, r);
				free(r);
				reason = ind->reasons.v[ind->reasons.nr - 1];
			}
			add_edge(e, s->caller, t->f, IND_ORIGIN_FIELDS, reason);
		}
		if (n && s->in_code) {
			ind->counts.code_resolved++;
			in_code_resolved[s->caller]++;
		} else if (n) {
			ind->counts.resolved[tier_index(IND_FIELDS)]++;
			resolved[s->caller]++;
		}
	}
}

int indirect_apply(struct indirect *ind, struct graph_db *db, struct graph *g,
		   unsigned tiers)
{
	struct obj_facts facts;
	struct edges e = {NULL, 0, 0, 0};
	uint32_t *resolved = xcalloc((size_t)g->nr + 1, sizeof(*resolved));
	uint32_t *in_code = xcalloc((size_t)g->nr + 1, sizeof(*in_code));
	uint32_t *in_code_resolved =
		xcalloc((size_t)g->nr + 1, sizeof(*in_code_resolved));
	unsigned char *has_rule = xcalloc((size_t)g->nr + 1, 1);
	uint32_t *reg_resolved =
		xcalloc((size_t)g->nr + 1, sizeof(*reg_resolved));
	size_t i;
	uint32_t f, k;
	int64_t units;
	int ret = -1;

	memset(ind, 0, sizeof(*ind));
	memset(&facts, 0, sizeof(facts));
	ind->tiers = tiers;
	ind->init_only = xcalloc((size_t)g->nr + 1, 1);
	ind->unresolved = xcalloc((size_t)g->nr + 1, sizeof(*ind->unresolved));
	for (i = 0; i < g->nr_user; i++)
		if (indirect_edge_tier(&g->user[i]) == IND_RULES)
			has_rule[g->user[i].caller] = 1;
	units = objects_count_units(db);
	if (units < 0)
		goto out;
	ind->nr_objects = (uint32_t)units;
	/* no unit with an object: no facts, and no query to make */
	if (units && objects_facts_load(db, g, &facts))
		goto out;
	for (f = 0; f < facts.nr_funcs; f++) {
		if (facts.boot_only[f]) {
			ind->init_only[f] = 1;
			ind->nr_init_only++;
		}
		ind->counts.address_taken += facts.taken[f];
	}
	/* the registrations are IND's from here on */
	ind->reg = facts.reg;
	ind->nr_reg = facts.nr_reg;
	facts.reg = NULL;
	resolve_fields(ind, &facts, g, &e, resolved, in_code,
		       in_code_resolved);
	/* the fields tier's edges first: a call both tiers find is its */
	if (e.nr)
		graph_add_user_edges(g, e.v, e.nr);
	e.nr = 0;
	resolve_registry(ind, &facts, g, &e, reg_resolved);
	if (e.nr)
		graph_add_user_edges(g, e.v, e.nr);
	e.nr = 0;
	if (ind->nr_bind)
		qsort(ind->bind, ind->nr_bind, sizeof(*ind->bind), cmp_bind);
	for (f = 0; f < g->nr; f++) {
		uint32_t n = g->f[f].nr_indirect, nc = in_code[f];

		if (!n && !nc)
			continue;
		ind->counts.sites += n;
		if (has_rule[f])
			ind->counts.resolved[tier_index(IND_RULES)] += n;
		if (ind->counts.address_taken)
			ind->counts.resolved[tier_index(IND_ADDRESS_TAKEN)] +=
				n;
		if (((tiers & IND_RULES) && has_rule[f]) ||
		    ((tiers & IND_ADDRESS_TAKEN) && ind->counts.address_taken))
			continue;
		if (tiers & IND_FIELDS) {
			n = resolved[f] < n ? n - resolved[f] : 0;
			nc -= in_code_resolved[f];
		}
		if (tiers & IND_REGISTRY)
			n = reg_resolved[f] < n ? n - reg_resolved[f] : 0;
		ind->unresolved[f] = n + nc;
		ind->counts.unresolved += n;
		ind->counts.code_unresolved += nc;
	}
	if (tiers & IND_ADDRESS_TAKEN)
		for (f = 0; f < g->nr; f++) {
			if (!g->f[f].nr_indirect && !in_code[f])
				continue;
			for (k = 0; k < facts.nr_funcs; k++)
				if (facts.taken[k] && !graph_has_edge(g, f, k))
					add_edge(&e, f, k,
						 IND_ORIGIN_ADDRESS_TAKEN,
						 "address taken");
		}
	if (e.nr)
		graph_add_user_edges(g, e.v, e.nr);
	for (i = 0; i < g->nr_user; i++)
		ind->counts
			.edges[tier_index(indirect_edge_tier(&g->user[i]))]++;
	ret = 0;
out:
	objects_facts_release(&facts);
	free(e.v);
	free(resolved);
	free(in_code);
	free(in_code_resolved);
	free(has_rule);
	free(reg_resolved);
	return ret;
}

size_t indirect_registered_by(const struct indirect *ind, const struct graph *g,
			      const char *pattern, struct sym_matches *out)
{
	struct sym_matches regs = {NULL, 0, 0};
	size_t i, k, n;

	n = rules_match_functions(g, pattern, &regs);
	for (i = 0; i < ind->nr_reg; i++)
		for (k = 0; k < regs.nr; k++) {
			size_t j;

			if (ind->reg[i][0] != regs.idx[k])
				continue;
			for (j = 0;
			     j < out->nr && out->idx[j] != ind->reg[i][1]; j++)
				;
			if (j == out->nr) {
				ALLOC_GROW(out->idx, out->nr + 1, out->alloc);
				out->idx[out->nr++] = ind->reg[i][1];
			}
		}
	sym_matches_release(&regs);
	return n;
}

size_t indirect_unresolved_on_path(const struct indirect *ind,
				   const uint32_t *path, size_t len,
				   uint32_t *out)
{
	size_t i, n = 0;

	if (!ind->unresolved)
		return 0;
	for (i = 0; i + 1 < len; i++)
		if (ind->unresolved[path[i]])
			out[n++] = path[i];
	return n;
}
