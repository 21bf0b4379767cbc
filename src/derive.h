/* derive.h: recomputes graph:inferred (ontology.md "Derived") from every other graph, in C over
 * the store, inside the caller's write transaction. */
#ifndef IGMAP_DERIVE_H
#define IGMAP_DERIVE_H

#include <librdf.h>

#include "status.h"

IgmStatus igm_derive(librdf_world *world, librdf_model *model);

/* Answers whether the current write added or removed a quad with predicate `iri` (graph == 0)
 * or in graph `iri` (graph == 1): non-zero yes (or unknown), 0 no. */
typedef int (*IgmDeriveChanged)(void *ud, int graph, const char *iri);

/* For a store indexed by (predicate, object) (types are then looked up by class). As
 * igm_derive, but does nothing when the write touched none of the predicates the rules read
 * or write (those of owl:inverseOf pairs included) and not graph:inferred itself: the derived
 * graph is then still exact. */
IgmStatus igm_derive_if_changed(librdf_world *world, librdf_model *model, IgmDeriveChanged changed,
                                void *ud);

#endif
