/* derive.h: recomputes graph:inferred (ontology.md "Derived") from every other graph, in C over
 * the store, inside the caller's write transaction. */
#ifndef IGMAP_DERIVE_H
#define IGMAP_DERIVE_H

#include <librdf.h>

#include "status.h"

IgmStatus igm_derive(librdf_world *world, librdf_model *model);

#endif
