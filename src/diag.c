/* diag.c: the one place diagnostics are formatted. */
#include "diag.h"

#include <stdio.h>

static int quiet_flag;
static unsigned error_count;

void igm_diag_set_quiet(int quiet) { quiet_flag = quiet; }
int igm_diag_quiet(void) { return quiet_flag; }
unsigned igm_diag_error_count(void) { return error_count; }

void igm_vdiag(IgmDiagLevel level, const char *file, long line, long col, const char *fmt,
               va_list ap)
{
  static const char *const names[] = {"error", "warning", "note"};
  if (level == IGM_DIAG_NOTE && quiet_flag)
    return;
  if (level == IGM_DIAG_ERROR)
    error_count++;
  fputs("igmap: ", stderr);
  if (file) {
    fputs(file, stderr);
    if (line > 0) {
      fprintf(stderr, ":%ld", line);
      if (col > 0)
        fprintf(stderr, ":%ld", col);
    }
    fputs(": ", stderr);
  }
  fprintf(stderr, "%s: ", names[level]);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
}

void igm_diag(IgmDiagLevel level, const char *file, long line, long col, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  igm_vdiag(level, file, line, col, fmt, ap);
  va_end(ap);
}

void igm_error(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  igm_vdiag(IGM_DIAG_ERROR, NULL, 0, 0, fmt, ap);
  va_end(ap);
}
