/* answers.h: what the ready-made answers (gaps, matrix, show) share: running one SELECT over the
 * store through query_exec, reading its cells as strings, and writing csv/tsv/json/html text.
 * Ownership: *out results are freed with igm_results_free; strings returned by the cell readers
 * are borrowed from the results; every char* returned otherwise is malloc'd. */
#ifndef IGMAP_ANSWERS_H
#define IGMAP_ANSWERS_H

#include <stddef.h>

#include "results.h"
#include "status.h"
#include "store.h"
#include "util.h"

/* The PREFIX lines every answer query starts with. */
extern const char igm_answer_prefixes[];

/* Runs `body` (SPARQL after the prefixes) over the store's default graph (the union of all its
 * graphs); `name` names the query in diagnostics. */
IgmStatus igm_answer_select(IgmStore *store, const char *name, const char *body, IgmResults **out);

/* Column index of var, or (size_t)-1. */
size_t igm_answer_col(const IgmResults *r, const char *var);
/* The IRI, literal text or blank node id of a cell; NULL when unbound. Borrowed. */
const char *igm_answer_str(const IgmResults *r, size_t row, size_t col);

/* A prefixed name for an IRI when one fits, else <iri>. */
char *igm_answer_short(IgmStore *store, const char *iri);

/* Text escapers appending to a buffer. */
void igm_answer_csv(IgmBuf *b, const char *s);  /* RFC 4180 field */
void igm_answer_tsv(IgmBuf *b, const char *s);  /* tabs and line breaks become spaces */
void igm_answer_json(IgmBuf *b, const char *s); /* a JSON string with quotes */
void igm_answer_html(IgmBuf *b, const char *s); /* &, <, >, " escaped */

/* Writes the buffer to stdout; IGM_EIO (with a message) if stdout fails. */
IgmStatus igm_answer_emit(IgmBuf *b);

#endif
