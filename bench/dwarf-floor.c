/*
 * dwarf-floor: the least that reading a build's DWARF through libdw costs,
 * for "make bench" to set beside an ingest with objects.
 *
 *   dwarf-floor [-j THREADS] [-a] OBJECT...
 *
 * Each object is read into memory and given to libdwfl as an offline
 * module; its DWARF is asked for (libdwfl applies the relocations then),
 * each unit's line table is read (dwarf_getsrclines) and its DIEs are
 * visited in tree order (dwarf_child, dwarf_siblingof, dwarf_tag): those
 * at the top of the unit, and the trees of the functions, down through
 * their blocks and inlined calls, where the call sites are. A type's
 * members are stepped over, as libdw does through DW_AT_sibling. That is
 * what reading the call sites, their lines and the variables of a unit
 * must do through libdw, with nothing looked at and nothing kept. With -a
 * every DIE is visited.
 *
 * The objects are shared among THREADS threads (default 1), each with
 * libdwfl sessions of its own. It prints the objects, units and DIEs read,
 * and exits 1 when an object cannot be read, 2 on a usage error.
 */
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_THREADS 64

static const Dwfl_Callbacks callbacks = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static char **objects;
static int nr_objects, all_dies;
static int next_object; /* the next object to read, under LOCK */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

struct counts {
	unsigned long units, dies;
	int failed;
};

static int descend(int tag)
{
	return tag == DW_TAG_subprogram || tag == DW_TAG_lexical_block ||
	       tag == DW_TAG_inlined_subroutine;
}

static void visit(Dwarf_Die *parent, struct counts *c)
{
	Dwarf_Die child;

	if (dwarf_child(parent, &child))
		return;
	do {
		int tag = dwarf_tag(&child);

		c->dies++;
		if (tag < 0)
			return;
		if (all_dies ? dwarf_haschildren(&child) > 0 : descend(tag))
			visit(&child, c);
	} while (!dwarf_siblingof(&child, &child));
}

static char *slurp(const char *path, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	if (!fstat(fd, &st) && (buf = malloc((size_t)st.st_size + 1)))
		while (got < (size_t)st.st_size &&
		       (n = read(fd, buf + got, (size_t)st.st_size - got)) > 0)
			got += (size_t)n;
	close(fd);
	if (buf && got != (size_t)st.st_size) {
		free(buf);
		return NULL;
	}
	*len = got;
	return buf;
}

static int read_object(const char *path, struct counts *c)
{
	Dwfl *dwfl = dwfl_begin(&callbacks);
	Dwfl_Module *mod;
	Dwarf_Die *cu = NULL;
	Dwarf_Addr bias;
	size_t len = 0;
	char *image = slurp(path, &len);
	int ret = -1;

	if (!dwfl || !image)
		goto out;
	dwfl_report_begin(dwfl);
	mod = dwfl_report_offline_memory(dwfl, path, path, image, len);
	if (!mod || dwfl_report_end(dwfl, NULL, NULL) ||
	    !dwfl_module_getdwarf(mod, &bias))
		goto out;
	while ((cu = dwfl_module_nextcu(mod, cu, &bias))) {
		Dwarf_Lines *lines;
		size_t n;

		c->units++;
		if (dwarf_getsrclines(cu, &lines, &n))
			goto out;
		visit(cu, c);
	}
	ret = 0;
out:
	if (ret)
		fprintf(stderr, "dwarf-floor: %s: %s\n", path,
			image ? dwfl_errmsg(-1) : "cannot be read");
	if (dwfl)
		dwfl_end(dwfl);
	free(image);
	return ret;
}

static void *reader(void *arg)
{
	struct counts *c = arg;

	for (;;) {
		int i;

		pthread_mutex_lock(&lock);
		i = next_object++;
		pthread_mutex_unlock(&lock);
		if (i >= nr_objects)
			return NULL;
		if (read_object(objects[i], c))
			c->failed = 1;
	}
}

int main(int argc, char **argv)
{
	struct counts c[MAX_THREADS], sum = {0, 0, 0};
	pthread_t thread[MAX_THREADS];
	int opt, i, nr_threads = 1;

	while ((opt = getopt(argc, argv, "j:a")) != -1) {
		if (opt == 'a') {
			all_dies = 1;
		} else if (opt == 'j') {
			nr_threads = atoi(optarg);
			if (nr_threads < 1 || nr_threads > MAX_THREADS)
				goto usage;
		} else {
			goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	objects = argv + optind;
	nr_objects = argc - optind;
	memset(c, 0, sizeof(c));
	for (i = 1; i < nr_threads; i++)
		if (pthread_create(&thread[i], NULL, reader, &c[i])) {
			fprintf(stderr, "dwarf-floor: cannot start a thread\n");
			return 1;
		}
	reader(&c[0]);
	for (i = 0; i < nr_threads; i++) {
		if (i)
			pthread_join(thread[i], NULL);
		sum.units += c[i].units;
		sum.dies += c[i].dies;
		sum.failed |= c[i].failed;
	}
	printf("%d objects, %lu units, %lu DIEs\n", nr_objects, sum.units,
	       sum.dies);
	return sum.failed;
usage:
	fprintf(stderr, "usage: dwarf-floor [-j THREADS] [-a] OBJECT...\n");
	return 2;
}
