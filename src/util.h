/* util.h: small helpers shared by every module: owned strings, a growable buffer, paths.
 * Ownership: every char* returned is malloc'd and freed by the caller with free(). */
#ifndef IGMAP_UTIL_H
#define IGMAP_UTIL_H

#include <stddef.h>
#include <stdio.h>

char *igm_strdup(const char *s);                /* NULL-safe; aborts on out of memory */
char *igm_strndup(const char *s, size_t n);
void *igm_xmalloc(size_t n);                    /* aborts on out of memory */
void *igm_xrealloc(void *p, size_t n);
char *igm_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

typedef struct IgmBuf {
  char *data; /* NUL-terminated when non-NULL */
  size_t len, cap;
} IgmBuf;
void igm_buf_put(IgmBuf *b, const char *s, size_t n);
void igm_buf_puts(IgmBuf *b, const char *s);
void igm_buf_putc(IgmBuf *b, char c);
void igm_buf_printf(IgmBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void igm_buf_free(IgmBuf *b);
char *igm_buf_take(IgmBuf *b); /* returns data ("" if empty) and resets the buffer */

/* Reads a whole file ("-" = stdin) into a NUL-terminated buffer; NULL with errno set. */
char *igm_read_file(const char *path, size_t *len_out);
/* file:///absolute/path for a path (made absolute against the cwd), percent-encoded. */
char *igm_file_uri(const char *path);
/* The file name without directory and without its last extension ("data/x.ttl" -> "x"). */
char *igm_path_stem(const char *path);
int igm_is_dir(const char *path);
int igm_mkdir_p(const char *path);

/* Closes stdout; a failure (e.g. /dev/full) is reported as an error when `report` is set.
 * Returns 0 on success. */
int igm_close_stdout(int report);

/* Compare for qsort on an array of char*. */
int igm_strptr_cmp(const void *a, const void *b);

#endif
