/* strmap.c: see strmap.h. */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static uint64_t hash_str(const char *s)
{
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ULL;
  }
  return h;
}

static size_t slot_of(const IgmStrMap *m, const char *key)
{
  size_t i = (size_t)(hash_str(key) & (m->cap - 1));
  while (m->keys[i] && strcmp(m->keys[i], key) != 0)
    i = (i + 1) & (m->cap - 1);
  return i;
}

static void grow(IgmStrMap *m)
{
  IgmStrMap n;
  size_t i;
  n.cap = m->cap ? m->cap * 2 : 64;
  n.count = m->count;
  n.keys = igm_xmalloc(n.cap * sizeof *n.keys);
  n.vals = igm_xmalloc(n.cap * sizeof *n.vals);
  memset(n.keys, 0, n.cap * sizeof *n.keys);
  for (i = 0; i < m->cap; i++) {
    if (m->keys[i]) {
      size_t j = slot_of(&n, m->keys[i]);
      n.keys[j] = m->keys[i];
      n.vals[j] = m->vals[i];
    }
  }
  free(m->keys);
  free(m->vals);
  *m = n;
}

int igm_strmap_get(const IgmStrMap *m, const char *key, size_t *val)
{
  size_t i;
  if (!m->cap)
    return 0;
  i = slot_of(m, key);
  if (!m->keys[i])
    return 0;
  if (val)
    *val = m->vals[i];
  return 1;
}

size_t igm_strmap_intern(IgmStrMap *m, const char *key, size_t val, int *added)
{
  size_t i;
  if ((m->count + 1) * 2 > m->cap)
    grow(m);
  i = slot_of(m, key);
  if (m->keys[i]) {
    if (added)
      *added = 0;
    return m->vals[i];
  }
  m->keys[i] = igm_strdup(key);
  m->vals[i] = val;
  m->count++;
  if (added)
    *added = 1;
  return val;
}

void igm_strmap_put(IgmStrMap *m, const char *key, size_t val)
{
  size_t i;
  if ((m->count + 1) * 2 > m->cap)
    grow(m);
  i = slot_of(m, key);
  if (!m->keys[i]) {
    m->keys[i] = igm_strdup(key);
    m->count++;
  }
  m->vals[i] = val;
}

void igm_strmap_free(IgmStrMap *m)
{
  size_t i;
  for (i = 0; i < m->cap; i++)
    free(m->keys[i]);
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}
