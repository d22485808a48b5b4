/* readfile.c - reading a whole input file, within bounds. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dkquiz/i18n.h"
#include "dkquiz/util.h"

#define BLOCK 65536

static int too_large(const char *path, uint64_t bytes)
{
	return error(_("'%s': too large (%llu MB, the limit is %d MB)"), path,
		     (unsigned long long)((bytes + ((1u << 20) - 1)) >> 20), INPUT_MAX_MB);
}

/* A NUL byte in the first block: no text file, unless the file is UTF-16,
 * which has one in every ASCII character (its byte order mark tells it). */
static bool binary_start(const unsigned char *p, size_t n)
{
	if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
		return false;
	return memchr(p, '\0', n) != NULL;
}

char *read_input_file(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	struct stat sb;
	int fd;

	/* Looked at before it is opened: opening a FIFO waits for a writer,
	 * and opening a device can do anything. */
	if (stat(path, &sb) != 0) {
		error(_("cannot read '%s': %s"), path, strerror(errno));
		return NULL;
	}
	if (S_ISDIR(sb.st_mode)) {
		error(_("'%s': is a directory"), path);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		error(_("'%s': not a regular file"), path);
		return NULL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		error(_("cannot read '%s': %s"), path, strerror(errno));
		return NULL;
	}
	/* ... and again once open: it may have been replaced in between. */
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		error(_("'%s': not a regular file"), path);
		return NULL;
	}
	if ((uint64_t)sb.st_size > (uint64_t)INPUT_MAX_MB << 20) {
		close(fd);
		too_large(path, (uint64_t)sb.st_size);
		return NULL;
	}
	for (;;) {
		ssize_t n;

		buf_grow(&b, BLOCK);
		n = read(fd, b.s + b.len, BLOCK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error(_("cannot read '%s': %s"), path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		if (b.len == 0) {
			/* a binary file is told by its first block, not read whole */
			if (binary_start((const unsigned char *)b.s, (size_t)n)) {
				error(_("'%s': not a text file"), path);
				goto fail;
			}
			buf_grow(&b, (size_t)sb.st_size + BLOCK);
		}
		b.len += (size_t)n;
		b.s[b.len] = '\0';
		if (b.len > (size_t)INPUT_MAX_MB << 20) {
			/* it grew while it was read */
			too_large(path, b.len);
			goto fail;
		}
	}
	close(fd);
	*len = b.len;
	return buf_detach(&b);
fail:
	close(fd);
	buf_release(&b);
	return NULL;
}
