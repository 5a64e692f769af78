/*
 * fileio.c -- writing files so that a failure never destroys one.
 *
 * Owns tdm_write_file_atomic: the bytes go to a temporary file beside the
 * target (".<name>.XXXXXX" in the same directory, so the rename stays on
 * one file system), which is flushed, synced and closed with every error
 * checked and only then renamed over the target. On any failure the
 * temporary file is removed and the target is left as it was. A target
 * that exists and is not a regular file (/dev/null, /dev/full, a pipe) is
 * written in place: renaming over a device would replace the device.
 *
 * tdm_atomic_abandon removes the temporary file of a write in progress,
 * for a signal handler ending the process (main.c's, with -o).
 *
 * Must not print, and must not know what the bytes are (the produce
 * callback writes them).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "tdm.h"

/* The writer handed to produce: remembers the first error's errno so the
 * report can give the system's reason. */
typedef struct file_writer {
	FILE *f;
	int error;
} file_writer;

static int
file_write(void *ud, const char *buf, size_t len)
{
	file_writer *fw = ud;

	if (fw->error != 0)
		return -1;
	if (len > 0 && fwrite(buf, 1, len, fw->f) != len) {
		fw->error = errno != 0 ? errno : EIO;
		return -1;
	}
	return 0;
}

/* Run produce into f. A write error is reported as TDM_IO with the path
 * and the system's reason, whatever produce made of it. */
static tdm_status
run_produce(const char *path, FILE *f,
            tdm_status (*produce)(tdm_write_fn, void *, void *, tdm_error *),
            void *ctx, tdm_error *err)
{
	file_writer fw;
	tdm_status st;

	fw.f = f;
	fw.error = 0;
	/* the writers hand over 4 KiB at a time: a larger stdio buffer
	 * makes a million-row output a thousand writes, not ten thousand */
	setvbuf(f, NULL, _IOFBF, (size_t)1 << 16);
	errno = 0;
	st = produce(file_write, &fw, ctx, err);
	if (fw.error != 0)
		return tdm_error_set(err, TDM_IO, path, 0, 0, "cannot write: %s",
		                     strerror(fw.error));
	if (st != TDM_OK)
		return st;
	if (fflush(f) != 0 || ferror(f))
		return tdm_error_set(err, TDM_IO, path, 0, 0, "cannot write: %s",
		                     strerror(errno != 0 ? errno : EIO));
	return TDM_OK;
}

/* A target that exists and is not a regular file: write it in place. */
static tdm_status
write_in_place(const char *path,
               tdm_status (*produce)(tdm_write_fn, void *, void *,
                                     tdm_error *),
               void *ctx, tdm_error *err)
{
	FILE *f = fopen(path, "wb");
	tdm_status st;

	if (f == NULL)
		return tdm_error_set(err, TDM_IO, path, 0, 0, "cannot open: %s",
		                     strerror(errno));
	st = run_produce(path, f, produce, ctx, err);
	if (fclose(f) != 0 && st == TDM_OK)
		st = tdm_error_set(err, TDM_IO, path, 0, 0, "cannot write: %s",
		                   strerror(errno));
	return st;
}

/* The permission bits a new file gets: 0666 less the umask. umask can
 * only be read by setting it; it is put back at once. */
static mode_t
new_file_mode(void)
{
	mode_t mask = umask(022);

	umask(mask);
	return 0666 & ~mask;
}

/* The temporary file being written, for tdm_atomic_abandon: a signal
 * handler may run it at any point, so the name is copied into a fixed
 * buffer and `pending` says whether it is there. */
static char pending_tmp[4096];
static volatile sig_atomic_t pending;

static void
remember_pending(const char *tmp)
{
	size_t len = strlen(tmp);

	pending = 0;
	if (len < sizeof pending_tmp) {
		memcpy(pending_tmp, tmp, len + 1);
		pending = 1;
	}
}

void
tdm_atomic_abandon(void)
{
	if (pending) {
		pending = 0;
		unlink(pending_tmp);
	}
}

tdm_status
tdm_write_file_atomic(const char *path,
                      tdm_status (*produce)(tdm_write_fn write, void *wud,
                                            void *ctx, tdm_error *err),
                      void *ctx, tdm_error *err)
{
	char *resolved = NULL, *tmp = NULL;
	const char *target = path, *slash, *base;
	size_t dir_len, base_len;
	struct stat sb;
	mode_t mode;
	FILE *f = NULL;
	int fd = -1, saved;
	tdm_status st = TDM_OK;

	if (path == NULL || path[0] == '\0')
		return tdm_error_set(err, TDM_IO, "", 0, 0,
		                     "cannot write: no file name");
	/* a symbolic link: replace the file it names, keep the link */
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) &&
	    (resolved = realpath(path, NULL)) != NULL)
		target = resolved;
	if (stat(target, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			st = tdm_error_set(err, TDM_IO, path, 0, 0,
			                   "cannot write: %s", strerror(EISDIR));
			goto out;
		}
		if (!S_ISREG(sb.st_mode)) {
			st = write_in_place(path, produce, ctx, err);
			goto out;
		}
		mode = sb.st_mode & 07777;
	} else {
		mode = new_file_mode();
	}

	slash = strrchr(target, '/');
	base = slash != NULL ? slash + 1 : target;
	dir_len = slash != NULL ? (size_t)(slash - target) : 0;
	base_len = strlen(base);
	if (base_len == 0) {
		st = tdm_error_set(err, TDM_IO, path, 0, 0, "cannot write: %s",
		                   strerror(EISDIR));
		goto out;
	}
	/* "<dir>/.<base>.XXXXXX"; "/" alone stays "/" */
	if ((tmp = malloc(dir_len + base_len + 12)) == NULL) {
		st = tdm_error_set(err, TDM_NOMEM, path, 0, 0, "out of memory");
		goto out;
	}
	if (slash != NULL)
		snprintf(tmp, dir_len + base_len + 12, "%.*s/.%s.XXXXXX",
		         (int)dir_len, target, base);
	else
		snprintf(tmp, dir_len + base_len + 12, ".%s.XXXXXX", base);

	if ((fd = mkstemp(tmp)) < 0) {
		saved = errno;
		st = tdm_error_set(err, TDM_IO, path, 0, 0,
		                   "cannot create a temporary file in '%.*s': %s",
		                   slash != NULL ? (int)(dir_len ? dir_len : 1) : 1,
		                   slash != NULL ? target : ".", strerror(saved));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	remember_pending(tmp);
	if (fchmod(fd, mode) != 0) {
		st = tdm_error_set(err, TDM_IO, path, 0, 0,
		                   "cannot set the mode of '%s': %s", tmp,
		                   strerror(errno));
		close(fd);
		goto fail;
	}
	if ((f = fdopen(fd, "wb")) == NULL) {
		st = tdm_error_set(err, TDM_IO, path, 0, 0, "cannot write: %s",
		                   strerror(errno));
		close(fd);
		goto fail;
	}
	st = run_produce(path, f, produce, ctx, err);
	if (st == TDM_OK && fsync(fileno(f)) != 0)
		st = tdm_error_set(err, TDM_IO, path, 0, 0, "cannot sync: %s",
		                   strerror(errno));
	if (fclose(f) != 0 && st == TDM_OK)
		st = tdm_error_set(err, TDM_IO, path, 0, 0, "cannot write: %s",
		                   strerror(errno));
	if (st != TDM_OK)
		goto fail;
	if (rename(tmp, target) != 0) {
		st = tdm_error_set(err, TDM_IO, path, 0, 0,
		                   "cannot replace the file: %s", strerror(errno));
		goto fail;
	}
	pending = 0;
	/* make the rename itself durable; a directory that cannot be synced
	 * (some file systems refuse) does not undo a written file */
	{
		char *dir = NULL;
		int dfd;
		if (slash == NULL)
			dir = NULL;
		else if ((dir = malloc(dir_len + 2)) != NULL)
			snprintf(dir, dir_len + 2, "%.*s", (int)(dir_len ? dir_len : 1),
			         target);
		if ((dfd = open(dir != NULL ? dir : ".", O_RDONLY)) >= 0) {
			(void)fsync(dfd);
			close(dfd);
		}
		free(dir);
	}
	goto out;
fail:
	unlink(tmp);
	pending = 0;
out:
	free(tmp);
	free(resolved);
	return st;
}
