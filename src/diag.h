/* diag.h: every diagnostic igmap prints goes through here, as
 *   igmap: FILE:LINE:COL: error: message
 * (place parts are left out when unknown: "igmap: FILE: error: ...", "igmap: error: ..."). */
#ifndef IGMAP_DIAG_H
#define IGMAP_DIAG_H

#include <stdarg.h>

typedef enum IgmDiagLevel { IGM_DIAG_ERROR, IGM_DIAG_WARNING, IGM_DIAG_NOTE } IgmDiagLevel;

/* file may be NULL; line/col <= 0 mean unknown. Printed to stderr. */
void igm_diag(IgmDiagLevel level, const char *file, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void igm_vdiag(IgmDiagLevel level, const char *file, long line, long col, const char *fmt,
               va_list ap) __attribute__((format(printf, 5, 0)));

/* Shorthand for an error without a place. */
void igm_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* -q: suppress notes and progress (errors and warnings still print). */
void igm_diag_set_quiet(int quiet);
int igm_diag_quiet(void);

/* Count of errors printed so far in this process. */
unsigned igm_diag_error_count(void);

#endif
