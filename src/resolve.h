/* resolve.h: turns what a person types for a term ("cybersecurity", "CSTD", "issue:cybersecurity",
 * "ta:para_69", "Tunis Agenda para 69", <https://...>) into the one IRI of the store it names.
 *
 * The order of the attempts:
 *   1. <IRI>, an absolute IRI, or a prefixed name of the store's prefix table;
 *   2. a key of the identifier conventions ("cybersecurity" -> issue:cybersecurity,
 *      "cstd" -> id:body/cstd, "tunis-agenda-2005/para_69" -> id:doc/...), matched exactly;
 *   3. a label, compared without regard to ASCII case and runs of spaces: rdfs:label,
 *      skos:prefLabel, skos:altLabel (acronyms), schema:name, skos:notation, dcterms:identifier,
 *      ig:alias.
 * The first attempt that finds terms of the wanted kind decides. No term: "unknown", with close
 * candidates; several: "ambiguous", listing them. Both are usage errors (exit 2), printed on stderr.
 *
 * Ownership: *iri_out is malloc'd; the caller frees it. */
#ifndef IGMAP_RESOLVE_H
#define IGMAP_RESOLVE_H

#include "params.h"
#include "status.h"
#include "store.h"

typedef enum IgmTermKind {
  IGM_TERM_ANY,       /* "iri": any node of the store */
  IGM_TERM_ISSUE,     /* ig:Issue or ig:ActionLine */
  IGM_TERM_BODY,      /* ig:Body */
  IGM_TERM_PROVISION, /* ig:Provision */
  IGM_TERM_PROPOSAL,  /* ig:Proposal (recommendations included) */
  IGM_TERM_DOCUMENT,  /* ig:Document */
  IGM_TERM_LITERAL    /* not resolved: the value is bound as it is */
} IgmTermKind;

/* "iri", "issue", "body", "provision", "proposal", "document", "literal"; 0 if unknown. */
int igm_term_kind_parse(const char *name, IgmTermKind *out);
const char *igm_term_kind_name(IgmTermKind kind);

/* Resolves `value` to one IRI of kind `kind`. On IGM_EUSAGE the error and the candidates have
 * been printed; IGM_EIO if the store cannot be read. */
IgmStatus igm_resolve(IgmStore *store, const char *value, IgmTermKind kind, char **iri_out);

/* A person's name for a node: its rdfs:label, else skos:prefLabel, else schema:name (malloc'd),
 * or NULL if it has none. */
char *igm_resolve_label(IgmStore *store, const char *iri);

/* For a canned query whose header declares "# param NAME: TYPE, what it is": checks that every
 * declared parameter not described as "optional..." is given, and replaces the value of each
 * given parameter of a resolvable TYPE by "<IRI>". *owned receives the strings the changed
 * params now point into (n entries, NULL where unchanged); free them with igm_strv_free(*owned, n)
 * after the params are no longer used, whatever the status. */
IgmStatus igm_resolve_query_params(const char *text, IgmParam *params, size_t n, IgmStore *store,
                                   char ***owned);

#endif
