/*
 * runner.c - time a command for the benchmarks: run it several times and
 * print the median wall-clock time in seconds and the largest peak memory
 * (max RSS, KiB, from wait4's rusage, which covers the command's own
 * children too).
 *
 *   runner [-n RUNS] [-w WARMUPS] [-p PREPARE] [-o OUT] [-B N]
 *          -- [BASELINE (N words)] COMMAND [ARG]...
 *
 * PREPARE is a shell command run (untimed) before each run, warm-ups
 * included. COMMAND's standard output goes to OUT (default /dev/null); its
 * standard error is kept. A run that exits non-zero (other than 1, which
 * queries use for "nothing found") makes runner fail. Prints one line:
 * "MEDIAN_SECONDS MAX_RSS_KIB MIN_SECONDS MAX_SECONDS".
 *
 * With -B N, the first N words after "--" are a baseline command (cat of
 * the input, say), timed right before each run of COMMAND (after
 * PREPARE), and the line goes on with "MEDIAN_RATIO BASELINE_MEDIAN": the
 * median of COMMAND's time over the baseline's in each pair. A machine
 * whose speed drifts between the runs slows both sides of a pair alike.
 */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of V (N, sorted in place). */
static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int prepare(const char *cmd)
{
	int rc;

	if (!cmd)
		return 0;
	rc = system(cmd);
	if (rc != 0) {
		fprintf(stderr, "runner: prepare command failed: %s\n", cmd);
		return -1;
	}
	return 0;
}

/* Run ARGV once; its time in *SECS and peak memory in *RSS_KIB. */
static int run(char **argv, const char *out, double *secs, long *rss_kib)
{
	struct rusage ru;
	double t0 = now();
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("runner: fork");
		return -1;
	}
	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || dup2(fd, 1) < 0) {
			perror("runner: output");
			_exit(127);
		}
		close(fd);
		execvp(argv[0], argv);
		fprintf(stderr, "runner: cannot run '%s': %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("runner: wait4");
			return -1;
		}
	*secs = now() - t0;
	*rss_kib = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
		fprintf(stderr, "runner: '%s' failed (status %d)\n", argv[0],
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *prep = NULL, *out = "/dev/null";
	int runs = 5, warmups = 1, nbase = 0, opt, i;
	double *t, *b, *r;
	char **base = NULL, **cmd;
	long rss, max_rss = 0;

	while ((opt = getopt(argc, argv, "n:w:p:o:B:")) != -1) {
		switch (opt) {
		case 'B':
			nbase = atoi(optarg);
			break;
		case 'n':
			runs = atoi(optarg);
			break;
		case 'w':
			warmups = atoi(optarg);
			break;
		case 'p':
			prep = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (optind + nbase >= argc || runs < 1 || warmups < 0 || nbase < 0)
		goto usage;
	cmd = argv + optind + nbase;
	t = calloc((size_t)runs, sizeof(*t));
	b = calloc((size_t)runs, sizeof(*b));
	r = calloc((size_t)runs, sizeof(*r));
	if (nbase)
		base = calloc((size_t)nbase + 1, sizeof(*base));
	if (!t || !b || !r || (nbase && !base))
		return 1;
	for (i = 0; i < nbase; i++)
		base[i] = argv[optind + i];
	for (i = 0; i < warmups; i++) {
		double s;

		if (prepare(prep) || (base && run(base, "/dev/null", &s, &rss)) ||
		    run(cmd, out, &s, &rss))
			return 1;
	}
	for (i = 0; i < runs; i++) {
		if (prepare(prep) ||
		    (base && run(base, "/dev/null", &b[i], &rss)) ||
		    run(cmd, out, &t[i], &rss))
			return 1;
		if (rss > max_rss)
			max_rss = rss;
		r[i] = base && b[i] > 0 ? t[i] / b[i] : 0;
	}
	printf("%.6f %ld", median(t, runs), max_rss);
	printf(" %.6f %.6f", t[0], t[runs - 1]);
	if (base)
		printf(" %.6f %.6f", median(r, runs), median(b, runs));
	printf("\n");
	free(t);
	free(b);
	free(r);
	free(base);
	return 0;
usage:
	fprintf(stderr, "usage: runner [-n RUNS] [-w WARMUPS] [-p PREPARE] "
			"[-o OUT] [-B N] -- [BASELINE] COMMAND [ARG]...\n");
	return 2;
}
