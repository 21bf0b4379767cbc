/* params.h: binds --param NAME=VALUE into a query's text, safely: the value becomes exactly
 * one SPARQL term (an IRI for <...> or a known prefixed name, a number for a plain number,
 * else a string literal), written with full escaping, replacing the variable ?NAME / $NAME.
 * In a SELECT projection, ?NAME becomes (TERM AS ?NAME). Never pastes value text as query. */
#ifndef IGMAP_PARAMS_H
#define IGMAP_PARAMS_H

#include <stddef.h>

#include "status.h"
#include "store.h"

typedef struct IgmParam {
  const char *name;
  const char *value;
} IgmParam;

/* Splits "NAME=VALUE"; IGM_EUSAGE with a message if malformed. */
IgmStatus igm_param_parse(const char *arg, IgmParam *out);
/* The SPARQL term for a value (malloc'd); prefixes may be NULL. */
char *igm_param_term(const char *value, IgmStore *prefixes);
/* *out is the new query text (malloc'd). An unused parameter is a usage error. */
IgmStatus igm_params_bind(const char *text, const IgmParam *params, size_t n, IgmStore *prefixes,
                          char **out);

#endif
