/* vfs.c - the operating system's VFS, with each WAL commit written at once
 * and, for a review, the WAL's writeback started as it grows.
 *
 * SQLite appends a WAL frame as two writes, its 24-byte header and then its
 * page, so an answer that changes four pages costs eight write calls, and a
 * system call is most of what a small commit costs. This layer over the
 * default VFS gathers the writes a transaction appends to its WAL file and
 * hands them to the file in one call, once the frame that ends the
 * transaction is complete. Everything else goes straight through.
 *
 * What is gathered is written before SQLite could need it anywhere: when
 * the commit frame's page arrives (so a failure, a full disk say, is the
 * commit's own error and SQLite rolls back as usual), and before any read,
 * sync, truncation, size query or close of the WAL, before a write that
 * does not extend what is gathered, and before the database's shared-memory
 * index is touched in a way that could publish frames (barrier, unlock,
 * unmap). Other processes see frames only once the index header names
 * them, which SQLite writes after the commit frame, so they never see a
 * frame that is still here. A process that dies with frames gathered had
 * not committed them: the transaction is lost as it would be anyway.
 *
 * With synchronous=NORMAL the WAL is synced only when it is checkpointed,
 * at the latest when the database is closed: at the end of a review that
 * sync wrote the whole session's WAL to the disk while dkquiz waited (16
 * MB for 1,000 answers). Once a database is told so (store_small_writes),
 * each MiB its WAL grows by is handed to the kernel's writeback at once
 * (sync_file_range, which starts the writes and does not wait for them),
 * so the disk writes while the review goes on and the sync at the end
 * finds little left. It changes nothing of what is durable when: it only
 * starts sooner the writes the kernel would make anyway.
 */
#define _GNU_SOURCE
#include "store_int.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define WAL_FRAME_HDR 24
/* Gathered bytes past this are written out even inside a transaction. The
 * unix VFS writes at most 128 KiB - 1 bytes in one call (its write masks
 * the length with 0x1ffff), so this is its limit. */
#define GATHER_MAX ((size_t)0x1ffff)
/* The WAL bytes written between two starts of their writeback. */
#define WRITE_BEHIND ((sqlite3_int64)1 << 20)
#define PAGE_BYTES ((sqlite3_int64)4096)

struct vfs_file {
	sqlite3_file base;
	sqlite3_file *real;        /* the default VFS's file, right after us */
	struct vfs_file *wal;      /* a database: its open WAL, or NULL */
	struct vfs_file *db;       /* a WAL: its database, or NULL */
	bool is_wal;
	/* a WAL: bytes [off, off + len) not yet written */
	unsigned char *buf;
	size_t len, cap;
	sqlite3_int64 off;
	bool commit_hdr;           /* the last gathered write was a commit frame's header */
	/* a database: its WAL's writeback is started as it grows */
	bool write_behind;
	/* a WAL: its path, a descriptor of our own to start its writeback
	 * (-1: none yet, -2: none to be had), and where the bytes not yet
	 * handed to it start */
	const char *path;
	int wb_fd;
	sqlite3_int64 wb_from;
};

static sqlite3_vfs *real_vfs;
static uint64_t write_behind_bytes;

uint64_t store_vfs_write_behind_bytes(void)
{
	return write_behind_bytes;
}

/* The WAL `f` has been written up to `end`: start the writeback of the
 * whole pages below it once there is a MiB of them. The page `end` is in
 * is left alone, as the next frame goes on in it. */
static void write_behind(struct vfs_file *f, sqlite3_int64 end)
{
#ifdef SYNC_FILE_RANGE_WRITE
	end -= end % PAGE_BYTES;
	if (end < f->wb_from)        /* the WAL started again from its head */
		f->wb_from = 0;
	if (end - f->wb_from < WRITE_BEHIND)
		return;
	if (f->wb_fd == -1 && (f->wb_fd = open(f->path, O_RDONLY | O_CLOEXEC)) < 0)
		f->wb_fd = -2;
	if (f->wb_fd >= 0 && sync_file_range(f->wb_fd, f->wb_from, end - f->wb_from,
					     SYNC_FILE_RANGE_WRITE) == 0)
		write_behind_bytes += (uint64_t)(end - f->wb_from);
	f->wb_from = end;
#else
	(void)f;
	(void)end;
#endif
}

static int gather_flush(struct vfs_file *f)
{
	int rc;

	if (!f->len)
		return SQLITE_OK;
	rc = f->real->pMethods->xWrite(f->real, f->buf, (int)f->len, f->off);
	if (rc == SQLITE_OK && f->db && f->db->write_behind && f->path)
		write_behind(f, f->off + (sqlite3_int64)f->len);
	f->len = 0;
	f->commit_hdr = false;
	return rc;
}

/* Append to what is gathered; false when there is no room. */
static bool gather(struct vfs_file *f, const void *p, int amt, sqlite3_int64 off)
{
	size_t n = (size_t)amt;

	if (f->len && off != f->off + (sqlite3_int64)f->len)
		return false;
	if (f->len + n > GATHER_MAX)
		return false;
	if (f->len + n > f->cap) {
		size_t cap = f->cap ? f->cap : 65536;
		unsigned char *b;

		while (cap < f->len + n)
			cap *= 2;
		if (!(b = sqlite3_realloc64(f->buf, cap)))
			return false;
		f->buf = b;
		f->cap = cap;
	}
	if (!f->len)
		f->off = off;
	memcpy(f->buf + f->len, p, n);
	f->len += n;
	return true;
}

/* ---- file methods ------------------------------------------------------ */

static int x_close(sqlite3_file *file)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc = gather_flush(f), rc2;

	if (f->db && f->db->wal == f)
		f->db->wal = NULL;
	if (f->wal)
		f->wal->db = NULL;
	sqlite3_free(f->buf);
	f->buf = NULL;
	if (f->wb_fd >= 0)
		close(f->wb_fd);
	f->wb_fd = -1;
	rc2 = f->real->pMethods->xClose(f->real);
	return rc != SQLITE_OK ? rc : rc2;
}

static int x_read(sqlite3_file *file, void *p, int amt, sqlite3_int64 off)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc = gather_flush(f);

	return rc != SQLITE_OK ? rc : f->real->pMethods->xRead(f->real, p, amt, off);
}

static int x_write(sqlite3_file *file, const void *p, int amt, sqlite3_int64 off)
{
	struct vfs_file *f = (struct vfs_file *)file;
	const unsigned char *b = p;
	bool ends_commit, is_commit_hdr;
	int rc;

	if (!f->is_wal)
		return f->real->pMethods->xWrite(f->real, p, amt, off);
	/* A frame header whose "database size" field is not zero is the
	 * header of a commit frame: the write after it, its page, ends the
	 * transaction. */
	ends_commit = f->commit_hdr;
	is_commit_hdr = amt == WAL_FRAME_HDR && (b[4] | b[5] | b[6] | b[7]) != 0;
	if (gather(f, p, amt, off)) {
		rc = ends_commit ? gather_flush(f) : SQLITE_OK;
	} else {
		rc = gather_flush(f);
		if (rc == SQLITE_OK)
			rc = f->real->pMethods->xWrite(f->real, p, amt, off);
	}
	f->commit_hdr = rc == SQLITE_OK && is_commit_hdr;
	return rc;
}

static int x_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc = gather_flush(f);

	return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate(f->real, size);
}

static int x_sync(sqlite3_file *file, int flags)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc = gather_flush(f);

	return rc != SQLITE_OK ? rc : f->real->pMethods->xSync(f->real, flags);
}

static int x_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc = gather_flush(f);

	return rc != SQLITE_OK ? rc : f->real->pMethods->xFileSize(f->real, size);
}

static int x_lock(sqlite3_file *file, int lock)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xLock(f->real, lock);
}

static int x_unlock(sqlite3_file *file, int lock)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xUnlock(f->real, lock);
}

static int x_check_reserved(sqlite3_file *file, int *out)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int x_file_control(sqlite3_file *file, int op, void *arg)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc = gather_flush(f);

	if (rc != SQLITE_OK)
		return rc;
	if (op == STORE_FCNTL_WRITE_BEHIND) {
		f->write_behind = *(int *)arg != 0;
		return SQLITE_OK;
	}
	if (op == SQLITE_FCNTL_VFSNAME) {
		rc = f->real->pMethods->xFileControl(f->real, op, arg);
		if (rc == SQLITE_OK)
			*(char **)arg = sqlite3_mprintf("dkquiz/%z", *(char **)arg);
		return rc;
	}
	return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int x_sector_size(sqlite3_file *file)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xSectorSize(f->real);
}

static int x_device_characteristics(sqlite3_file *file)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xDeviceCharacteristics(f->real);
}

/* The shared-memory methods are the database file's; its WAL's gathered
 * frames go out before anything that could make them visible. */
static int flush_wal(struct vfs_file *f)
{
	return f->wal ? gather_flush(f->wal) : SQLITE_OK;
}

static int x_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **p)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xShmMap(f->real, page, size, extend, p);
}

static int x_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	struct vfs_file *f = (struct vfs_file *)file;

	if (flags & SQLITE_SHM_UNLOCK) {
		int rc = flush_wal(f);

		if (rc != SQLITE_OK)
			return rc;
	}
	return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

static void x_shm_barrier(sqlite3_file *file)
{
	struct vfs_file *f = (struct vfs_file *)file;

	/* Nothing is gathered here in practice: the commit frame has been
	 * written by then. A failure here could not be reported. */
	(void)flush_wal(f);
	f->real->pMethods->xShmBarrier(f->real);
}

static int x_shm_unmap(sqlite3_file *file, int delete_flag)
{
	struct vfs_file *f = (struct vfs_file *)file;

	(void)flush_wal(f);
	return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

static int x_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **p)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xFetch(f->real, off, amt, p);
}

static int x_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
	struct vfs_file *f = (struct vfs_file *)file;

	return f->real->pMethods->xUnfetch(f->real, off, p);
}

/* Two tables: the default VFS gives version 3 files (shared memory and
 * memory mapping); a version 1 file gets the methods it has. */
static const sqlite3_io_methods methods_v3 = {
	3, x_close, x_read, x_write, x_truncate, x_sync, x_file_size, x_lock, x_unlock,
	x_check_reserved, x_file_control, x_sector_size, x_device_characteristics,
	x_shm_map, x_shm_lock, x_shm_barrier, x_shm_unmap, x_fetch, x_unfetch,
};

static const sqlite3_io_methods methods_v1 = {
	1, x_close, x_read, x_write, x_truncate, x_sync, x_file_size, x_lock, x_unlock,
	x_check_reserved, x_file_control, x_sector_size, x_device_characteristics,
	NULL, NULL, NULL, NULL, NULL, NULL,
};

/* ---- the VFS ------------------------------------------------------------- */

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
	struct vfs_file *f = (struct vfs_file *)file;
	int rc;

	(void)vfs;
	memset(f, 0, sizeof(*f));
	f->wb_fd = -1;
	f->real = (sqlite3_file *)(f + 1);
	rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK || !f->real->pMethods) {
		if (f->real->pMethods)
			f->real->pMethods->xClose(f->real);
		f->base.pMethods = NULL;
		return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
	}
	f->base.pMethods = f->real->pMethods->iVersion >= 3 ? &methods_v3 : &methods_v1;
	if ((flags & SQLITE_OPEN_WAL) && name) {
		struct vfs_file *db = (struct vfs_file *)sqlite3_database_file_object(name);

		f->is_wal = true;
		f->path = name;   /* valid until xClose */
		if (db && db->base.pMethods == &methods_v3) {
			f->db = db;
			db->wal = f;
		}
	}
	return SQLITE_OK;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void *v_dl_open(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return real_vfs->xDlOpen(real_vfs, name);
}

static void v_dl_error(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	real_vfs->xDlError(real_vfs, n, msg);
}

static void (*v_dl_sym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return real_vfs->xDlSym(real_vfs, h, sym);
}

static void v_dl_close(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	real_vfs->xDlClose(real_vfs, h);
}

static int v_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int v_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return real_vfs->xSleep(real_vfs, us);
}

static int v_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, n, out) : 0;
}

static int v_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	double d;
	int rc;

	(void)vfs;
	if (real_vfs->iVersion >= 2 && real_vfs->xCurrentTimeInt64)
		return real_vfs->xCurrentTimeInt64(real_vfs, out);
	rc = real_vfs->xCurrentTime(real_vfs, &d);
	*out = (sqlite3_int64)(d * 86400000.0);
	return rc;
}

static sqlite3_vfs vfs = {
	.iVersion = 2,
	.zName = STORE_VFS,
	.xOpen = v_open,
	.xDelete = v_delete,
	.xAccess = v_access,
	.xFullPathname = v_full_pathname,
	.xDlOpen = v_dl_open,
	.xDlError = v_dl_error,
	.xDlSym = v_dl_sym,
	.xDlClose = v_dl_close,
	.xRandomness = v_randomness,
	.xSleep = v_sleep,
	.xCurrentTime = v_current_time,
	.xGetLastError = v_last_error,
	.xCurrentTimeInt64 = v_current_time_int64,
};

int store_vfs_register(void)
{
	if (real_vfs)
		return SQLITE_OK;
	if (!(real_vfs = sqlite3_vfs_find(NULL)))
		return SQLITE_ERROR;
	vfs.szOsFile = (int)sizeof(struct vfs_file) + real_vfs->szOsFile;
	vfs.mxPathname = real_vfs->mxPathname;
	return sqlite3_vfs_register(&vfs, 0);
}
