/* extract.h: a document's plain text in, the triples of its provisions out.
 *
 * igm_extract() reads the text of one document (any bytes: invalid UTF-8 becomes U+FFFD, NUL
 * and other control bytes become spaces) and reports, through a callback, the triples of
 * ontology.md: the document, its numbered provisions (paragraphs, sub-items, "2 bis"), their
 * numbers, sort keys, sections, cleaned texts, raw line ranges, what they cite and which bodies
 * they mention. It knows nothing of librdf; the callback decides what a triple becomes.
 *
 * Ownership: every string passed to the callback lives only for the duration of that call.
 * The caller keeps ownership of everything it passes in (options, aliases, bodies).
 * IgmExtractAliases is owned by whoever created it and freed with igm_extract_aliases_free. */
#ifndef IGMAP_EXTRACT_H
#define IGMAP_EXTRACT_H

#include <stddef.h>

#include "status.h"

#define IGM_EXTRACT_ID_BASE "https://w3id.org/igmap/id/"

/* The object of a triple: an IRI, or a literal with an optional language tag or datatype. */
typedef struct IgmExtractTerm {
  int is_iri;           /* 1: value is an IRI; 0: value is a literal's lexical form */
  const char *value;    /* NUL-terminated, valid UTF-8 */
  const char *lang;     /* literal only: language tag, or NULL */
  const char *datatype; /* literal only: datatype IRI, or NULL (plain string) */
} IgmExtractTerm;

/* Called once per triple, subject and predicate are IRIs. Returning anything but IGM_OK stops
 * the extraction, and igm_extract returns that status. */
typedef IgmStatus (*IgmExtractSink)(void *ctx, const char *subject, const char *predicate,
                                    const IgmExtractTerm *object);

/* A body whose names the text may mention: one entry per (IRI, name) pair; a body with a label
 * and an acronym appears twice. Names of one to three characters, and names in capitals, match
 * case-sensitively; longer names match case-insensitively; all match on word boundaries. */
typedef struct IgmExtractBody {
  const char *iri;
  const char *name;
} IgmExtractBody;

/* The table of document names: which key a name ("Tunis Agenda", "A/RES/70/125") stands for. */
typedef struct IgmExtractAliases IgmExtractAliases;

/* Parses the TSV table of data/document-aliases.tsv: one "KEY<TAB>NAME" per line; '#' starts a
 * comment line; KEY "." is the document being extracted ("the present report"). On a malformed
 * line, returns IGM_ESYNTAX and sets *err_line (1-based). *out is set only on success. */
IgmStatus igm_extract_aliases_parse(const char *tsv, size_t len, IgmExtractAliases **out,
                                    long *err_line);
/* An empty table (no names): citations then resolve to the document itself. */
IgmStatus igm_extract_aliases_new(IgmExtractAliases **out);
/* Adds one name for KEY (copied). */
IgmStatus igm_extract_aliases_add(IgmExtractAliases *a, const char *key, const char *name);
void igm_extract_aliases_free(IgmExtractAliases *a); /* NULL is a no-op */

typedef struct IgmExtractOptions {
  const char *doc_key;                /* required: lowercase key, e.g. "wgec-2018-chair-draft" */
  const char *title;                  /* NULL or the document's title (dcterms:title) */
  const char *lang;                   /* language tag of texts and labels; NULL means "en" */
  const IgmExtractAliases *aliases;   /* NULL: no document names known */
  const IgmExtractBody *bodies;       /* may be NULL when nbodies is 0 */
  size_t nbodies;
} IgmExtractOptions;

/* Returns 1 when key is a valid document key: [a-z0-9] first, then [a-z0-9._-], at most 200. */
int igm_extract_key_valid(const char *key);

/* Extracts the text [text, text+len) (it need not be NUL-terminated, may hold any bytes).
 * Returns IGM_OK, IGM_EUSAGE for an invalid doc_key, IGM_EINTERNAL when memory runs out, or
 * whatever the sink returned. Triples come in document order; the same input and options always
 * give the same triples in the same order. */
IgmStatus igm_extract(const char *text, size_t len, const IgmExtractOptions *opt,
                      IgmExtractSink sink, void *ctx);

#endif
