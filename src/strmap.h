/* strmap.h: a string -> size_t hash map (open addressing). The map copies its keys and frees
 * them in igm_strmap_free. */
#ifndef IGMAP_STRMAP_H
#define IGMAP_STRMAP_H

#include <stddef.h>

typedef struct IgmStrMap {
  char **keys;
  size_t *vals;
  size_t cap, count;
} IgmStrMap;

/* Returns 1 and sets *val if key is present. */
int igm_strmap_get(const IgmStrMap *m, const char *key, size_t *val);
/* Inserts or replaces. */
void igm_strmap_put(IgmStrMap *m, const char *key, size_t val);
/* Returns the existing value, or inserts `val` and returns it (*added = 1). */
size_t igm_strmap_intern(IgmStrMap *m, const char *key, size_t val, int *added);
void igm_strmap_free(IgmStrMap *m);

#endif
