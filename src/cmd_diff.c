/*
 * cmd_diff.c -- `tradeoff diff OLD.lua NEW.lua` and
 * `tradeoff diff FILE.lua --rev REV`.
 *
 * Owns loading the two versions (the second from `git show REV:./NAME`
 * run in the file's directory, without a shell) and handing them to
 * diff.c and render_diff.c. Each version has its own tdm_decl, so each
 * keeps its own Lua functions. git failing is TDM_IO with its message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "diff.h"

typedef struct version {
	tdm_decl *decl;
	tdm_model *m;
	tdm_result *r;
	tdm_hooks hooks;
	char name[512];
} version;

static void
version_free(version *v)
{
	tdm_result_free(v->r);
	tdm_model_free(v->m);
	tdm_decl_free(v->decl);
}

static tdm_status
version_new(const tdm_cli *cli, version *v, tdm_error *err)
{
	memset(v, 0, sizeof *v);
	v->m = tdm_model_new();
	v->decl = tdm_decl_new(&cli->limits, cmd_lua_print, NULL);
	if (v->m == NULL || v->decl == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	v->hooks = tdm_decl_hooks(v->decl);
	return TDM_OK;
}

static tdm_status
version_eval(const tdm_cli *cli, version *v, tdm_error *err)
{
	tdm_eval_config cfg = {cli->method, cli->normalization, cli->weighting};

	return tdm_evaluate(v->m, &v->hooks, &cfg, &v->r, err);
}

/* A file of the command line, as cmd_load_input loads it. */
static tdm_status
load_file(const tdm_cli *cli, const char *path, version *v, tdm_error *err)
{
	tdm_cli one = *cli;
	tdm_status s;

	one.input = path;
	if ((s = version_new(cli, v, err)) != TDM_OK ||
	    (s = cmd_load_input(&one, v->decl, v->m, NULL, err)) != TDM_OK)
		return s;
	snprintf(v->name, sizeof v->name, "%s", path);
	return version_eval(cli, v, err);
}

/* Read all of fd into *buf (malloc'd, caller frees). 0 ok, -1 error. */
static int
read_all(int fd, char **buf, size_t *len)
{
	size_t cap = 0;
	char *p;
	ssize_t got;

	*buf = NULL;
	*len = 0;
	for (;;) {
		if (*len + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			if ((p = realloc(*buf, cap)) == NULL)
				return -1;
			*buf = p;
		}
		got = read(fd, *buf + *len, cap - *len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		*len += (size_t)got;
	}
	(*buf)[*len] = '\0';
	return 0;
}

/* git -C DIR show REV:./BASE -> *text; TDM_IO with git's first line of
 * stderr when it fails. */
static tdm_status
git_show(const char *path, const char *rev, char **text, size_t *len,
         tdm_error *err)
{
	char dir[4096], spec[4352], *slash, *msg = NULL, *nl;
	const char *base;
	int out[2] = {-1, -1}, errp[2] = {-1, -1}, status;
	size_t msg_len;
	pid_t pid;
	tdm_status s = TDM_OK;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		base = path + (slash - dir) + 1;
		if (dir[0] == '\0')
			snprintf(dir, sizeof dir, "/");
	} else {
		snprintf(dir, sizeof dir, ".");
		base = path;
	}
	snprintf(spec, sizeof spec, "%s:./%s", rev, base);
	*text = NULL;
	if (pipe(out) != 0 || pipe(errp) != 0) {
		s = tdm_error_set(err, TDM_IO, "git", 0, 0, "pipe: %s",
		                  strerror(errno));
		goto out;
	}
	if ((pid = fork()) < 0) {
		s = tdm_error_set(err, TDM_IO, "git", 0, 0, "fork: %s",
		                  strerror(errno));
		goto out;
	}
	if (pid == 0) {
		char git[] = "git", dash_c[] = "-C", show[] = "show";
		char *argv[] = {git, dash_c, dir, show, spec, NULL};
		dup2(out[1], STDOUT_FILENO);
		dup2(errp[1], STDERR_FILENO);
		close(out[0]);
		close(out[1]);
		close(errp[0]);
		close(errp[1]);
		execvp("git", argv);
		fprintf(stderr, "cannot run git: %s\n", strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(errp[1]);
	out[1] = errp[1] = -1;
	/* a decision is small; git's stderr is read after its stdout */
	if (read_all(out[0], text, len) != 0 ||
	    read_all(errp[0], &msg, &msg_len) != 0) {
		waitpid(pid, &status, 0);
		s = tdm_error_set(err, TDM_IO, "git", 0, 0, "cannot read git's "
		                                            "output");
		goto out;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char *m = msg;
		while (m != NULL && strncmp(m, "fatal: ", 7) == 0)
			m += 7;
		if (m != NULL && (nl = strchr(m, '\n')) != NULL)
			*nl = '\0';
		s = tdm_error_set(err, TDM_IO, "git", 0, 0, "git show %s failed%s%s",
		                  spec, m != NULL && m[0] ? ": " : "",
		                  m != NULL ? m : "");
	}
out:
	if (s != TDM_OK) {
		free(*text);
		*text = NULL;
	}
	free(msg);
	if (out[0] >= 0) close(out[0]);
	if (out[1] >= 0) close(out[1]);
	if (errp[0] >= 0) close(errp[0]);
	if (errp[1] >= 0) close(errp[1]);
	return s;
}

static tdm_status
load_rev(const tdm_cli *cli, const char *rev, version *v, tdm_error *err)
{
	char *text = NULL;
	size_t len = 0;
	tdm_status s;

	if ((s = version_new(cli, v, err)) != TDM_OK ||
	    (s = git_show(cli->input, rev, &text, &len, err)) != TDM_OK)
		goto out;
	/* the name keeps the directory, so `options "x.csv"` resolves */
	snprintf(v->name, sizeof v->name, "%s@%s", cli->input, rev);
	if ((s = tdm_decl_load_buffer(v->decl, v->name, text, len, v->m,
	                              err)) != TDM_OK)
		goto out;
	s = version_eval(cli, v, err);
out:
	free(text);
	return s;
}

tdm_status
cmd_diff(const tdm_cli *cli, tdm_error *err)
{
	version old_v, new_v;
	tdm_diff *d = NULL;
	tdm_render_spec spec = cmd_render_spec(cli);
	tdm_status s;

	memset(&old_v, 0, sizeof old_v);
	memset(&new_v, 0, sizeof new_v);
	if (cli->rev != NULL && strstr(cli->rev, "..") != NULL) {
		/* --rev OLD..NEW: two revisions of the file */
		char old_rev[256], new_rev[256];
		const char *dots = strstr(cli->rev, "..");
		size_t n = (size_t)(dots - cli->rev);
		if (n == 0 || n >= sizeof old_rev || dots[2] == '\0' ||
		    strlen(dots + 2) >= sizeof new_rev) {
			s = tdm_error_set(err, TDM_USAGE, "--rev", 0, 0,
			                  "expected REV or OLD..NEW, got '%s'",
			                  cli->rev);
			goto out;
		}
		memcpy(old_rev, cli->rev, n);
		old_rev[n] = '\0';
		snprintf(new_rev, sizeof new_rev, "%s", dots + 2);
		if ((s = load_rev(cli, old_rev, &old_v, err)) != TDM_OK ||
		    (s = load_rev(cli, new_rev, &new_v, err)) != TDM_OK)
			goto out;
	} else if (cli->rev != NULL) {
		if ((s = load_rev(cli, cli->rev, &old_v, err)) != TDM_OK ||
		    (s = load_file(cli, cli->input, &new_v, err)) != TDM_OK)
			goto out;
	} else if ((s = load_file(cli, cli->input, &old_v, err)) != TDM_OK ||
	           (s = load_file(cli, cli->names[0], &new_v, err)) != TDM_OK) {
		goto out;
	}
	if ((s = tdm__diff(old_v.m, &old_v.hooks, old_v.r, new_v.m, new_v.r, &d,
	                   err)) != TDM_OK)
		goto out;
	d->old_name = old_v.name;
	d->new_name = new_v.name;
	s = tdm__render_diff(d, &spec, cmd_write_stdout, NULL, err);
out:
	tdm__diff_free(d);
	version_free(&new_v);
	version_free(&old_v);
	return s;
}
