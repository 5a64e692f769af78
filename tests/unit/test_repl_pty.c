/*
 * The REPL's real readline interface, driven through a pseudo-terminal:
 * completion, Ctrl-C (at the prompt and during a runaway Lua loop) and
 * Ctrl-D. The piped-script tests (test_repl.c, tests/cli) cover every
 * command; only a terminal exercises readline, SIGINT and the tty modes.
 * Also on a terminal: the progress bar of eval and rank (drawn, wiped,
 * none with --quiet), which only a terminal gets.
 *
 * The binary is $TRADEOFF_BIN, else build/tradeoff; the test runs from the
 * repository root (tests/run-tests.sh does). It starts
 * `tradeoff repl examples/message-broker.lua` on the slave side with its
 * own session and controlling terminal, TERM=dumb and HOME in a fresh
 * temporary directory (no real history is read or written).
 *
 * Every wait is bounded: a read waits at most STEP_MS for the text it
 * expects (a deadline, not a timing assertion), and alarm() caps the whole
 * program. A failure kills the child and prints the transcript so far,
 * with ANSI escapes and carriage returns removed.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define STEP_MS 5000
#define WHOLE_TEST_S 60
#define PROMPT "tradeoff> "

typedef struct {
	pid_t pid;
	int master;
	char home[64];
	char raw[1 << 16];     /* everything the child wrote */
	size_t n_raw;
	char text[1 << 16];    /* raw without escapes and \r */
	size_t n_text;
	size_t mark;           /* matching starts here in text */
} session;

static volatile pid_t child_pid = -1;

static void
on_alarm(int sig)
{
	static const char msg[] = "test_repl_pty: whole-test time cap hit\n";
	(void)sig;
	if (child_pid > 0)
		kill(child_pid, SIGKILL);
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing more to do */
	}
	_exit(1);
}

/* Rebuild s->text from s->raw: drop CSI and OSC sequences, other
 * two-byte escapes, and carriage returns. */
static void
strip(session *s)
{
	size_t i = 0, n = 0;

	while (i < s->n_raw) {
		unsigned char ch = (unsigned char)s->raw[i];
		if (ch == 0x1b && i + 1 < s->n_raw) {
			char kind = s->raw[i + 1];
			i += 2;
			if (kind == '[') {
				while (i < s->n_raw &&
				       !((unsigned char)s->raw[i] >= 0x40 &&
				         (unsigned char)s->raw[i] <= 0x7e))
					i++;
				i++;
			} else if (kind == ']') {
				while (i < s->n_raw && s->raw[i] != '\a' &&
				       s->raw[i] != 0x1b)
					i++;
				i += i < s->n_raw && s->raw[i] == 0x1b ? 2 : 1;
			}
			continue;
		}
		i++;
		if (ch == '\r' || ch == 0x07)
			continue;
		s->text[n++] = (char)ch;
	}
	s->text[n] = '\0';
	s->n_text = n;
}

static void
stop_child(session *s)
{
	int status;

	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &status, 0);
		s->pid = -1;
		child_pid = -1;
	}
}

static void
fail_with_transcript(session *s, const char *what)
{
	stop_child(s);
	fail_msg("%s\n--- transcript ---\n%s\n--- end ---", what, s->text);
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read whatever arrives within ms milliseconds (less if the child
 * closes the terminal). Returns 0 at end of output. */
static int
pump(session *s, long ms)
{
	struct pollfd p;
	ssize_t n;
	int rc;

	p.fd = s->master;
	p.events = POLLIN;
	rc = poll(&p, 1, (int)(ms > 0 ? ms : 0));
	if (rc < 0)
		return errno == EINTR;
	if (rc == 0)
		return 1;
	if (s->n_raw >= sizeof s->raw - 1)
		fail_with_transcript(s, "the child wrote too much");
	n = read(s->master, s->raw + s->n_raw, sizeof s->raw - 1 - s->n_raw);
	if (n <= 0)
		return 0; /* EIO: the slave side is closed */
	s->n_raw += (size_t)n;
	strip(s);
	return 1;
}

/* Wait for needle to appear after the mark; move the mark past it. */
static void
expect(session *s, const char *needle)
{
	long deadline = now_ms() + STEP_MS;
	char msg[256];
	const char *hit;

	for (;;) {
		hit = strstr(s->text + s->mark, needle);
		if (hit != NULL) {
			s->mark = (size_t)(hit - s->text) + strlen(needle);
			return;
		}
		if (now_ms() >= deadline || !pump(s, deadline - now_ms()))
			break;
	}
	snprintf(msg, sizeof msg, "did not see \"%s\" within %d ms", needle,
	         STEP_MS);
	fail_with_transcript(s, msg);
}

static void
send_keys(session *s, const char *keys)
{
	size_t n = strlen(keys), off = 0;

	while (off < n) {
		ssize_t w = write(s->master, keys + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			fail_with_transcript(s, "cannot write to the terminal");
		off += (size_t)w;
	}
}

/* Wait up to STEP_MS for the child to exit; its exit status, or -1. */
static int
wait_exit(session *s)
{
	long deadline = now_ms() + STEP_MS;
	int status;

	while (now_ms() < deadline) {
		pid_t p = waitpid(s->pid, &status, WNOHANG);
		if (p == s->pid) {
			s->pid = -1;
			child_pid = -1;
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		}
		if (!pump(s, 50)) {
			struct timespec ts = {0, 20 * 1000000L};
			nanosleep(&ts, NULL);
		}
	}
	fail_with_transcript(s, "the REPL did not exit");
	return -1;
}

/* The child's HOME: a fresh temporary directory, made once per test. */
static void
make_home(session *s)
{
	if (s->home[0] != '\0')
		return;
	snprintf(s->home, sizeof s->home, "/tmp/tradeoff-pty-XXXXXX");
	if (mkdtemp(s->home) == NULL)
		fail_msg("mkdtemp: %s", strerror(errno));
}

/* Run `tradeoff ARGS...` (args NULL-terminated) on the slave side. */
static void
start_args(session *s, const char *const *args)
{
	const char *bin = getenv("TRADEOFF_BIN");
	struct winsize ws;
	char *argv[16];
	size_t argc = 0;
	const char *slave;
	int fd;

	if (bin == NULL || bin[0] == '\0')
		bin = "build/tradeoff";
	if (access(bin, X_OK) != 0)
		fail_msg("no executable %s (set TRADEOFF_BIN)", bin);
	make_home(s);
	s->master = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(s->master >= 0);
	assert_int_equal(grantpt(s->master), 0);
	assert_int_equal(unlockpt(s->master), 0);
	slave = ptsname(s->master);
	assert_non_null(slave);
	memset(&ws, 0, sizeof ws);
	ws.ws_row = 40;
	ws.ws_col = 120;
	assert_int_equal(ioctl(s->master, TIOCSWINSZ, &ws), 0);

	argv[argc++] = (char *)bin;
	while (args != NULL && *args != NULL && argc < 15)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		/* a new session, so the slave becomes the controlling terminal
		 * and a Ctrl-C there raises SIGINT in the REPL */
		setsid();
		fd = open(slave, O_RDWR);
		if (fd < 0)
			_exit(126);
		ioctl(fd, TIOCSCTTY, 0);
		close(s->master);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		setenv("TERM", "dumb", 1);
		setenv("HOME", s->home, 1);
		setenv("NO_COLOR", "1", 1);
		setenv("TRADEOFF_PROGRESS_DELAY", "0", 1);
		unsetenv("INPUTRC");
		signal(SIGINT, SIG_DFL);
		execv(bin, argv);
		_exit(127);
	}
	child_pid = s->pid;
}

/* `tradeoff repl EXTRA...` */
static void
start(session *s, const char *const *extra)
{
	const char *args[16];
	size_t n = 0;

	args[n++] = "repl";
	while (extra != NULL && *extra != NULL && n < 15)
		args[n++] = *extra++;
	args[n] = NULL;
	start_args(s, args);
}

static int
setup(void **state)
{
	session *s = calloc(1, sizeof *s);

	if (s == NULL)
		return -1;
	s->pid = -1;
	s->master = -1;
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	session *s = *state;
	char path[128];

	stop_child(s);
	if (s->master >= 0)
		close(s->master);
	if (s->home[0] != '\0') {
		snprintf(path, sizeof path, "%s/.tradeoff_history", s->home);
		unlink(path);
		rmdir(s->home);
	}
	free(s);
	return 0;
}

static const char *const decision[] = {"examples/message-broker.lua", NULL};

/* Tab completes the command, then the option name; Enter shows it;
 * Ctrl-D leaves with status 0. */
static void
test_pty_completion_and_ctrl_d(void **state)
{
	session *s = *state;

	start(s, decision);
	expect(s, PROMPT);
	send_keys(s, "sh\t");
	expect(s, "show ");
	send_keys(s, "Ka\t");
	expect(s, "Kafka");
	send_keys(s, "\r");
	expect(s, "ops_cost");
	expect(s, "rank 1 of 5");
	expect(s, PROMPT);
	send_keys(s, "\x04");
	assert_int_equal(wait_exit(s), 0);
	/* the session's line went to the (temporary) history file */
}

/* Ctrl-C stops a runaway Lua loop and the prompt comes back working;
 * Ctrl-C at the prompt abandons the line typed so far. */
static void
test_pty_ctrl_c(void **state)
{
	static const char *const args[] = {"--lua-budget", "1000000000000000",
	                                   "examples/message-broker.lua", NULL};
	session *s = *state;
	struct timespec ts = {0, 300 * 1000000L};

	start(s, args);
	expect(s, PROMPT);
	send_keys(s, "while true do end\r");
	expect(s, "while true do end");
	/* let it run; how long does not matter, the loop never ends */
	nanosleep(&ts, NULL);
	pump(s, 0);
	send_keys(s, "\x03");
	expect(s, "interrupted");
	expect(s, PROMPT);
	/* the session goes on */
	send_keys(s, "options\r");
	expect(s, "Kafka");
	expect(s, PROMPT);
	/* at the prompt, Ctrl-C drops the half-typed line */
	send_keys(s, "drop Kaf");
	expect(s, "drop Kaf");
	/* readline echoes a key before it goes back to read(); a SIGINT in
	 * between is only seen at the next key, so let it get there */
	nanosleep(&ts, NULL);
	send_keys(s, "\x03");
	expect(s, PROMPT);
	send_keys(s, "show NATS\r");
	expect(s, "rank ");
	expect(s, PROMPT);
	send_keys(s, "options\r");
	expect(s, "Kafka"); /* not dropped */
	expect(s, PROMPT);
	send_keys(s, "\x04");
	assert_int_equal(wait_exit(s), 0);
}

/* ------------------------------------------------------------------------
 * The progress bar of eval and rank: on a terminal it is drawn (at once,
 * with TRADEOFF_PROGRESS_DELAY=0) and wiped at the end; --quiet draws
 * none. 70,000 generated rows (scripts/gen-options, 4 criteria), so that
 * the runs report progress more than once.
 * --------------------------------------------------------------------- */

typedef struct {
	char csv[128], lua[128], out[128];
} bar_files;

static void
bar_files_make(session *s, bar_files *f)
{
	char cmd[512];
	FILE *fp;

	snprintf(f->csv, sizeof f->csv, "%s/rows.csv", s->home);
	snprintf(f->lua, sizeof f->lua, "%s/fixed.lua", s->home);
	snprintf(f->out, sizeof f->out, "%s/out.csv", s->home);
	snprintf(cmd, sizeof cmd, "scripts/gen-options 70000 4 9 > %s", f->csv);
	assert_int_equal(system(cmd), 0);
	fp = fopen(f->lua, "w");
	assert_non_null(fp);
	fputs("decision \"fixed scales\" { method = \"wsm\" }\n"
	      "criterion \"c1\" { weight = 2, better = \"higher\", "
	      "scale = {0, 1000} }\n"
	      "criterion \"c2\" { weight = 1, better = \"lower\", "
	      "scale = {0, 1000} }\n",
	      fp);
	assert_int_equal(fclose(fp), 0);
}

static void
bar_files_remove(const bar_files *f)
{
	unlink(f->csv);
	unlink(f->lua);
	unlink(f->out);
}

/* The transcript's raw bytes hold `label` drawn and, after it, the wipe
 * (carriage return, erase to the end of the line); or nothing of it. */
static void
check_bar(session *s, const char *label, int drawn)
{
	char want[64];
	const char *at;

	s->raw[s->n_raw] = '\0';
	snprintf(want, sizeof want, "\rtradeoff: %s [", label);
	at = strstr(s->raw, want);
	if (!drawn) {
		if (at != NULL || strstr(s->raw, "tradeoff: ") != NULL)
			fail_with_transcript(s, "a progress bar with --quiet");
		return;
	}
	if (at == NULL)
		fail_with_transcript(s, "no progress bar");
	if (strstr(at, "\r\033[K") == NULL)
		fail_with_transcript(s, "the progress bar was not wiped");
}

/* cmd: "eval", or "rank" with format ("csv": the columnar path; "md":
 * the general one, whose bar covers the reading of the CSV) */
static void
run_bar(void **state, const char *cmd, const char *format, int quiet)
{
	session *s = *state;
	bar_files f;
	const char *args[16];
	size_t n = 0;
	struct stat st;

	make_home(s);
	bar_files_make(s, &f);
	args[n++] = cmd;
	if (strcmp(cmd, "eval") == 0) {
		args[n++] = f.lua;
		args[n++] = f.csv;
	} else {
		args[n++] = f.csv;
		args[n++] = "-c";
		args[n++] = "c1:higher:2";
		args[n++] = "-c";
		args[n++] = "c2:lower:1";
		args[n++] = "-f";
		args[n++] = format;
	}
	args[n++] = "-o";
	args[n++] = f.out;
	if (quiet)
		args[n++] = "--quiet";
	args[n] = NULL;
	start_args(s, args);
	assert_int_equal(wait_exit(s), 0);
	/* what is still in the terminal after the exit */
	for (;;) {
		size_t before = s->n_raw;
		if (!pump(s, 50) || s->n_raw == before)
			break;
	}
	check_bar(s, cmd, !quiet);
	/* the output is whole */
	assert_int_equal(stat(f.out, &st), 0);
	assert_true(st.st_size > 70000 * 20);
	bar_files_remove(&f);
}

static void
test_pty_progress_rank(void **state)
{
	run_bar(state, "rank", "csv", 0);
}

static void
test_pty_progress_rank_general(void **state)
{
	run_bar(state, "rank", "md", 0);
}

static void
test_pty_progress_eval(void **state)
{
	run_bar(state, "eval", "csv", 0);
}

static void
test_pty_progress_quiet(void **state)
{
	run_bar(state, "rank", "csv", 1);
}

static void
test_pty_progress_quiet_general(void **state)
{
	run_bar(state, "rank", "md", 1);
}

static void
test_pty_progress_quiet_eval(void **state)
{
	run_bar(state, "eval", "csv", 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pty_completion_and_ctrl_d,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_pty_ctrl_c, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pty_progress_rank, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_pty_progress_rank_general,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_pty_progress_eval, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_pty_progress_quiet_general,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_pty_progress_quiet, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_pty_progress_quiet_eval, setup,
		                                teardown),
	};

	signal(SIGALRM, on_alarm);
	alarm(WHOLE_TEST_S);
	return cmocka_run_group_tests_name("repl_pty", tests, NULL, NULL);
}
