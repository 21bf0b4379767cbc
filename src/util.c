/* util.c: see util.h. */
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

void *igm_xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (!p) {
    igm_error("out of memory");
    abort();
  }
  return p;
}

void *igm_xrealloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (!q) {
    igm_error("out of memory");
    abort();
  }
  return q;
}

char *igm_strndup(const char *s, size_t n)
{
  char *d;
  if (!s)
    return NULL;
  d = igm_xmalloc(n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *igm_strdup(const char *s) { return s ? igm_strndup(s, strlen(s)) : NULL; }

char *igm_printf(const char *fmt, ...)
{
  IgmBuf b = {0};
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return igm_strdup("");
  b.cap = (size_t)n + 1;
  b.data = igm_xmalloc(b.cap);
  va_start(ap, fmt);
  vsnprintf(b.data, b.cap, fmt, ap);
  va_end(ap);
  return b.data;
}

static void buf_reserve(IgmBuf *b, size_t extra)
{
  if (b->len + extra + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
      cap *= 2;
    b->data = igm_xrealloc(b->data, cap);
    b->cap = cap;
  }
}

void igm_buf_put(IgmBuf *b, const char *s, size_t n)
{
  buf_reserve(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void igm_buf_puts(IgmBuf *b, const char *s) { igm_buf_put(b, s, strlen(s)); }

void igm_buf_putc(IgmBuf *b, char c) { igm_buf_put(b, &c, 1); }

void igm_buf_printf(IgmBuf *b, const char *fmt, ...)
{
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  buf_reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void igm_buf_free(IgmBuf *b)
{
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *igm_buf_take(IgmBuf *b)
{
  char *d = b->data ? b->data : igm_strdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return d;
}

char *igm_read_file(const char *path, size_t *len_out)
{
  FILE *fh = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  IgmBuf b = {0};
  char chunk[65536];
  size_t n;
  if (!fh)
    return NULL;
  while ((n = fread(chunk, 1, sizeof chunk, fh)) > 0)
    igm_buf_put(&b, chunk, n);
  if (ferror(fh)) {
    int e = errno ? errno : EIO;
    if (fh != stdin)
      fclose(fh);
    igm_buf_free(&b);
    errno = e;
    return NULL;
  }
  if (fh != stdin)
    fclose(fh);
  if (len_out)
    *len_out = b.len;
  return igm_buf_take(&b);
}

char *igm_file_uri(const char *path)
{
  static const char hex[] = "0123456789ABCDEF";
  IgmBuf b = {0};
  char *abs = NULL;
  const unsigned char *p;
  if (path[0] == '/') {
    abs = igm_strdup(path);
  } else {
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
      strcpy(cwd, "/");
    abs = igm_printf("%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd, path);
  }
  igm_buf_puts(&b, "file://");
  for (p = (const unsigned char *)abs; *p; p++) {
    unsigned char c = *p;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        strchr("/-._~!$&'()*+,;=:@", c)) {
      igm_buf_putc(&b, (char)c);
    } else {
      igm_buf_putc(&b, '%');
      igm_buf_putc(&b, hex[c >> 4]);
      igm_buf_putc(&b, hex[c & 15]);
    }
  }
  free(abs);
  return igm_buf_take(&b);
}

char *igm_path_stem(const char *path)
{
  const char *base = strrchr(path, '/');
  const char *dot;
  base = base ? base + 1 : path;
  dot = strrchr(base, '.');
  if (!dot || dot == base)
    return igm_strdup(base);
  return igm_strndup(base, (size_t)(dot - base));
}

int igm_is_dir(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int igm_mkdir_p(const char *path)
{
  char *tmp = igm_strdup(path);
  char *p;
  int rc = 0;
  for (p = tmp + 1; *p; p++) {
    if (*p == '/') {
      *p = '\0';
      if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
        rc = -1;
        break;
      }
      *p = '/';
    }
  }
  if (rc == 0 && mkdir(tmp, 0777) != 0 && errno != EEXIST)
    rc = -1;
  free(tmp);
  return rc;
}

int igm_close_stdout(int report)
{
  int failed = 0;
  if (fflush(stdout) != 0 || ferror(stdout))
    failed = 1;
  if (fclose(stdout) != 0)
    failed = 1;
  if (failed && report) {
    igm_error("cannot write to standard output: %s", strerror(errno ? errno : EIO));
  }
  return failed ? -1 : 0;
}

int igm_strptr_cmp(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}
