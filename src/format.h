/* format.h: every output format igmap writes, one {name, kind, writer} entry each.
 * Writers never take ownership of what they are given. All writers return IGM_EIO when the
 * stream reports an error. */
#ifndef IGMAP_FORMAT_H
#define IGMAP_FORMAT_H

#include <librdf.h>
#include <stdio.h>

#include "results.h"
#include "status.h"
#include "store.h"
#include "util.h"

typedef enum IgmFormatKind {
  IGM_FMT_KIND_RESULTS, /* SELECT / ASK answers */
  IGM_FMT_KIND_GRAPH    /* RDF: CONSTRUCT, DESCRIBE, export */
} IgmFormatKind;

/* One quad; graph may be NULL. Borrowed pointers. */
typedef struct IgmQuad {
  librdf_node *s, *p, *o, *g;
} IgmQuad;

typedef struct IgmFormat {
  const char *name;
  IgmFormatKind kind;
  const char *summary;
  /* Exactly one of these is set, by kind. */
  IgmStatus (*write_results)(FILE *out, const IgmResults *r, IgmStore *prefixes);
  IgmStatus (*write_graph)(FILE *out, IgmQuad *quads, size_t n, IgmStore *prefixes);
} IgmFormat;

/* Looks a format up by name and kind; NULL if unknown. */
const IgmFormat *igm_format_find(const char *name, IgmFormatKind kind);
/* Lists the formats of one kind on `out`, one per line ("--format help"). */
void igm_format_list(FILE *out, IgmFormatKind kind);

/* Sorts quads into the deterministic order every writer uses (graph, subject, predicate with
 * rdf:type first, object) and drops exact duplicates (n is updated). */
void igm_quads_sort_unique(IgmQuad *quads, size_t *n, int keep_graphs);

/* Compares two nodes in igmap's total order: IRIs < blank nodes < literals, then by text. */
int igm_node_cmp(librdf_node *a, librdf_node *b);

/* Short readable form for tables: a prefixed name, <iri>, _:b, "text"@lang, 42. malloc'd. */
char *igm_node_display(librdf_node *n, IgmStore *prefixes);
/* Appends s as a "..." string literal with every escape Turtle, N-Triples and SPARQL need. */
void igm_put_quoted(IgmBuf *b, const char *s);
/* Appends s (NULL: empty) as a JSON string. */
void igm_json_string(IgmBuf *b, const char *s);
/* N-Triples form of a node. malloc'd. */
char *igm_node_ntriples(librdf_node *n);

#endif
