/* store_lmdb.c: the librdf storage module "lmdb" (see store_lmdb.h).
 *
 * Layout, one LMDB environment per store directory:
 *   n2i   hash64(node encoding) -> id          (DUPSORT: hash collisions keep several ids)
 *   i2n   id (8 bytes big-endian) -> node encoding
 *   spog, posg, ospg, gspo: first id -> the other three ids (DUPSORT|DUPFIXED, 24 bytes),
 *         so every pattern is a range of one key's sorted duplicates
 *   stats 'T' -> total; 'P'+id -> quads, distinct subjects, distinct objects; 'G'+id -> quads
 *   meta  string -> string (igmap's own table)
 *   info  "format" -> store format tag
 * Node encodings: 'U' IRI | 'B' blank id | 'L' lang NUL datatype NUL value. Id 0 is the default
 * graph, never a node. Ids are big-endian so byte order is numeric order. */
#include "store_lmdb.h"

#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

enum {
  IGM_DB_SPOG,
  IGM_DB_POSG,
  IGM_DB_OSPG,
  IGM_DB_GSPO,
  IGM_DB_N2I,
  IGM_DB_I2N,
  IGM_DB_STATS,
  IGM_DB_META,
  IGM_DB_INFO,
  IGM_DB_COUNT
};

static const char *const igm_lmdb_db_names[IGM_DB_COUNT] = {"spog", "posg", "ospg", "gspo", "n2i",
                                                           "i2n",  "stats", "meta", "info"};

/* Quad positions in each index: index component i is quad part order[i] (0 S, 1 P, 2 O, 3 G). */
static const int igm_lmdb_order[4][4] = {{0, 1, 2, 3}, {1, 2, 0, 3}, {2, 0, 1, 3}, {3, 0, 1, 2}};

#define IGM_LMDB_FORMAT "igmap-lmdb 1"
#define IGM_LMDB_MAX_META_KEY 500
#define IGM_LMDB_ENC_CACHE 65536u
#define IGM_LMDB_DEC_CACHE 8192u

/* ---------------------------------------------------------------- errors */

static int igm_lmdb_errcode = IGM_LMDB_OK;
static char igm_lmdb_errmsg[512] = "";

static void igm_lmdb_set_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void igm_lmdb_set_error(int code, const char *fmt, ...)
{
  va_list ap;
  igm_lmdb_errcode = code;
  va_start(ap, fmt);
  vsnprintf(igm_lmdb_errmsg, sizeof igm_lmdb_errmsg, fmt, ap);
  va_end(ap);
}

static void igm_lmdb_clear_error(void)
{
  igm_lmdb_errcode = IGM_LMDB_OK;
  igm_lmdb_errmsg[0] = '\0';
}

int igm_lmdb_last_error(const char **message)
{
  if (message)
    *message = igm_lmdb_errmsg[0] ? igm_lmdb_errmsg : "no error";
  return igm_lmdb_errcode;
}

/* Record an LMDB or errno failure rc of operation what. Returns -1 for convenience. */
static int igm_lmdb_fail(int rc, const char *what)
{
  switch (rc) {
  case ENOSPC:
  case EDQUOT:
  case EFBIG:
    igm_lmdb_set_error(IGM_LMDB_NOSPC, "no space left on device while %s", what);
    break;
  case MDB_MAP_FULL:
    igm_lmdb_set_error(IGM_LMDB_NOSPC, "store map is full while %s", what);
    break;
  case ENOMEM:
    igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory while %s", what);
    break;
  case MDB_CORRUPTED:
  case MDB_PAGE_NOTFOUND:
  case MDB_INVALID:
  case MDB_VERSION_MISMATCH:
  case MDB_INCOMPATIBLE:
    igm_lmdb_set_error(IGM_LMDB_CORRUPT, "store is damaged or not an igmap store (%s) while %s",
                       mdb_strerror(rc), what);
    break;
  case EACCES:
  case EROFS:
  case EPERM:
    igm_lmdb_set_error(IGM_LMDB_IO, "permission denied while %s", what);
    break;
  default: {
    const char *m = mdb_strerror(rc);
    char low[200];
    size_t i;
    for (i = 0; m[i] && i + 1 < sizeof low; i++)
      low[i] = (m[i] >= 'A' && m[i] <= 'Z' && i == 0) ? (char)(m[i] - 'A' + 'a') : m[i];
    low[i] = '\0';
    igm_lmdb_set_error(IGM_LMDB_IO, "%s while %s", low, what);
  }
  }
  return -1;
}

/* ---------------------------------------------------------------- small helpers */

static void igm_put64(unsigned char *p, uint64_t v)
{
  for (int i = 7; i >= 0; i--) {
    p[i] = (unsigned char)(v & 0xffu);
    v >>= 8;
  }
}

static uint64_t igm_get64(const unsigned char *p)
{
  uint64_t v = 0;
  for (int i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return v;
}

static uint64_t igm_rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static uint64_t igm_fmix(uint64_t k)
{
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

static uint64_t igm_lmdb_hash(const unsigned char *p, size_t n)
{
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)n * 0x87c37b91114253d5ULL);
  while (n >= 8) {
    uint64_t k;
    memcpy(&k, p, 8);
    k *= 0x87c37b91114253d5ULL;
    k = igm_rotl(k, 31);
    k *= 0x4cf5ad432745937fULL;
    h ^= k;
    h = igm_rotl(h, 27) * 5 + 0x52dce729;
    p += 8;
    n -= 8;
  }
  if (n) {
    uint64_t k = 0;
    memcpy(&k, p, n);
    k *= 0x4cf5ad432745937fULL;
    k = igm_rotl(k, 33);
    k *= 0x87c37b91114253d5ULL;
    h ^= k;
  }
  return igm_fmix(h);
}

typedef struct IgmBuf {
  unsigned char *data;
  size_t len;
  size_t cap;
} IgmBuf;

static int igm_buf_reserve(IgmBuf *b, size_t extra)
{
  if (b->len + extra <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra)
    cap *= 2;
  unsigned char *d = realloc(b->data, cap);
  if (!d)
    return -1;
  b->data = d;
  b->cap = cap;
  return 0;
}

static int igm_buf_add(IgmBuf *b, const void *p, size_t n)
{
  if (igm_buf_reserve(b, n))
    return -1;
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  return 0;
}

/* ---------------------------------------------------------------- environments */

/* One MDB_env per store directory per process: LMDB must not open the same environment twice in
 * one process, so storages on the same directory share it. */
typedef struct IgmLmdbEnv {
  dev_t dev;
  ino_t ino;
  MDB_env *env;
  MDB_dbi dbi[IGM_DB_COUNT];
  pid_t pid; /* an environment inherited through fork is never used again */
  int readonly;
  int refs;
  struct IgmLmdbEnv *next;
} IgmLmdbEnv;

static IgmLmdbEnv *igm_lmdb_envs = NULL;

static void igm_lmdb_env_release(IgmLmdbEnv *e)
{
  if (!e || --e->refs > 0)
    return;
  for (IgmLmdbEnv **pp = &igm_lmdb_envs; *pp; pp = &(*pp)->next) {
    if (*pp == e) {
      *pp = e->next;
      break;
    }
  }
  mdb_env_close(e->env);
  free(e);
}

/* ---------------------------------------------------------------- instance */

typedef struct IgmEncEntry {
  uint64_t hash;
  uint64_t id;
  size_t len;
  unsigned char *bytes;
} IgmEncEntry;

typedef struct IgmDecEntry {
  uint64_t id;
  librdf_node *node;
} IgmDecEntry;

typedef struct IgmDelta {
  uint64_t key; /* id * 2, plus 1 for a predicate (0 for a graph) */
  int used;
  int64_t d[3];
} IgmDelta;

struct IgmLmdbScan;

typedef struct IgmLmdbInstance {
  librdf_world *world;
  librdf_storage *storage;
  IgmLmdbEnv *e;
  char *dir;
  int writable;
  int lock_fd;
  int lock_held;
  MDB_txn *rtxn;   /* read-only storage: one snapshot for its life */
  MDB_txn *wtxn;   /* the write transaction, explicit or automatic */
  int explicit_txn;
  MDB_cursor *wcur[IGM_DB_COUNT];
  uint64_t next_id;
  int64_t total_delta;
  IgmDelta *deltas;
  size_t delta_cap;
  size_t delta_used;
  IgmEncEntry *enc;
  IgmDecEntry *dec;
  IgmBuf buf;
  struct IgmLmdbScan *live; /* scans whose cursor belongs to wtxn */
  struct IgmLmdbInstance *next_instance;
} IgmLmdbInstance;

static IgmLmdbInstance *igm_lmdb_instances = NULL;

static IgmLmdbInstance *igm_inst(librdf_storage *storage)
{
  return (IgmLmdbInstance *)librdf_storage_get_instance(storage);
}

/* Transaction to read from: the write transaction, the storage snapshot, or a new read
 * transaction (*owned set; abort it when done). NULL on error. */
static MDB_txn *igm_lmdb_read_txn(IgmLmdbInstance *in, int *owned)
{
  *owned = 0;
  if (in->wtxn)
    return in->wtxn;
  if (in->rtxn)
    return in->rtxn;
  MDB_txn *t = NULL;
  int rc = mdb_txn_begin(in->e->env, NULL, MDB_RDONLY, &t);
  if (rc == MDB_MAP_RESIZED) {
    mdb_env_set_mapsize(in->e->env, 0);
    rc = mdb_txn_begin(in->e->env, NULL, MDB_RDONLY, &t);
  }
  if (rc) {
    igm_lmdb_fail(rc, "starting a read transaction");
    return NULL;
  }
  *owned = 1;
  return t;
}

/* ---------------------------------------------------------------- caches */

static void igm_lmdb_caches_clear(IgmLmdbInstance *in)
{
  if (in->enc) {
    for (size_t i = 0; i < IGM_LMDB_ENC_CACHE; i++) {
      free(in->enc[i].bytes);
      in->enc[i].bytes = NULL;
      in->enc[i].id = 0;
    }
  }
  if (in->dec) {
    for (size_t i = 0; i < IGM_LMDB_DEC_CACHE; i++) {
      if (in->dec[i].node)
        librdf_free_node(in->dec[i].node);
      in->dec[i].node = NULL;
      in->dec[i].id = 0;
    }
  }
}

/* ---------------------------------------------------------------- node encoding */

/* Encode node into in->buf. 0 on success. */
/* The encoding of node into b (replacing what b held): 0, -1 out of memory, -2 not a node. */
static int igm_encode_into(IgmBuf *b, librdf_node *node)
{
  b->len = 0;
  switch (librdf_node_get_type(node)) {
  case LIBRDF_NODE_TYPE_RESOURCE: {
    size_t n = 0;
    unsigned char *s = librdf_uri_as_counted_string(librdf_node_get_uri(node), &n);
    return igm_buf_add(b, "U", 1) || igm_buf_add(b, s, n) ? -1 : 0;
  }
  case LIBRDF_NODE_TYPE_BLANK: {
    size_t n = 0;
    unsigned char *s = librdf_node_get_counted_blank_identifier(node, &n);
    return igm_buf_add(b, "B", 1) || igm_buf_add(b, s, n) ? -1 : 0;
  }
  case LIBRDF_NODE_TYPE_LITERAL: {
    size_t n = 0;
    unsigned char *v = librdf_node_get_literal_value_as_counted_string(node, &n);
    const char *lang = librdf_node_get_literal_value_language(node);
    librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(node);
    size_t dn = 0;
    unsigned char *ds = dt ? librdf_uri_as_counted_string(dt, &dn) : NULL;
    return igm_buf_add(b, "L", 1) || (lang && igm_buf_add(b, lang, strlen(lang))) ||
                   igm_buf_add(b, "", 1) || (ds && igm_buf_add(b, ds, dn)) ||
                   igm_buf_add(b, "", 1) ||
                   igm_buf_add(b, v ? v : (unsigned char *)"", v ? n : 0)
               ? -1
               : 0;
  }
  case LIBRDF_NODE_TYPE_UNKNOWN:
  default:
    return -2;
  }
}

/* The encoding of node into b, with the last error set on failure. */
static int igm_lmdb_encode_buf(IgmBuf *b, librdf_node *node)
{
  int rc = igm_encode_into(b, node);
  if (rc == -2)
    igm_lmdb_set_error(IGM_LMDB_USAGE, "node of unknown type");
  else if (rc)
    igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory while encoding a node");
  return rc ? -1 : 0;
}

static int igm_lmdb_encode(IgmLmdbInstance *in, librdf_node *node)
{
  return igm_lmdb_encode_buf(&in->buf, node);
}

static librdf_node *igm_lmdb_decode(librdf_world *world, const unsigned char *p, size_t n)
{
  if (n < 1)
    return NULL;
  switch (p[0]) {
  case 'U':
    return librdf_new_node_from_counted_uri_string(world, p + 1, n - 1);
  case 'B':
    return librdf_new_node_from_counted_blank_identifier(world, p + 1, n - 1);
  case 'L': {
    const unsigned char *lang = p + 1, *end = p + n;
    const unsigned char *z1 = memchr(lang, 0, (size_t)(end - lang));
    if (!z1)
      return NULL;
    const unsigned char *dt = z1 + 1;
    const unsigned char *z2 = memchr(dt, 0, (size_t)(end - dt));
    if (!z2)
      return NULL;
    const unsigned char *val = z2 + 1;
    librdf_uri *dturi = NULL;
    if (z2 > dt) {
      dturi = librdf_new_uri2(world, dt, (size_t)(z2 - dt));
      if (!dturi)
        return NULL;
    }
    size_t langlen = (size_t)(z1 - lang);
    librdf_node *node = librdf_new_node_from_typed_counted_literal(
        world, val, (size_t)(end - val), langlen ? (const char *)lang : NULL, langlen, dturi);
    if (dturi)
      librdf_free_uri(dturi);
    return node;
  }
  default:
    return NULL;
  }
}

/* The id of the node encoded as bytes[0..len), hash its hash, through the n2i cursor c of txn:
 * *id = 0 if absent. 0 on success. */
static int igm_n2i_find(IgmLmdbInstance *in, MDB_txn *txn, MDB_cursor *c, uint64_t hash,
                        const unsigned char *bytes, size_t len, uint64_t *id)
{
  unsigned char hk[8];
  int rc;
  *id = 0;
  memcpy(hk, &hash, 8);
  MDB_val k = {8, hk}, v;
  for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY); rc == 0;
       rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP)) {
    if (v.mv_size != 8)
      continue;
    unsigned char ik[8];
    memcpy(ik, v.mv_data, 8);
    MDB_val ikv = {8, ik}, nv;
    int r2 = mdb_get(txn, in->e->dbi[IGM_DB_I2N], &ikv, &nv);
    if (r2 == MDB_NOTFOUND)
      continue;
    if (r2)
      return igm_lmdb_fail(r2, "reading the node dictionary");
    if (nv.mv_size == len && memcmp(nv.mv_data, bytes, len) == 0) {
      *id = igm_get64(ik);
      return 0;
    }
  }
  if (rc && rc != MDB_NOTFOUND)
    return igm_lmdb_fail(rc, "reading the node dictionary");
  return 0;
}

/* Look the encoding in in->buf up in txn. *id = 0 if absent. 0 on success. */
static int igm_lmdb_lookup_buf(IgmLmdbInstance *in, MDB_txn *txn, uint64_t hash, uint64_t *id)
{
  MDB_cursor *c = NULL;
  int rc, ret;
  *id = 0;
  rc = mdb_cursor_open(txn, in->e->dbi[IGM_DB_N2I], &c);
  if (rc) {
    igm_lmdb_fail(rc, "reading the node dictionary");
    return -1;
  }
  ret = igm_n2i_find(in, txn, c, hash, in->buf.data, in->buf.len, id) ? -1 : 0;
  mdb_cursor_close(c);
  return ret;
}

/* The id of node in txn; with create (write txn only), add it if absent. *id = 0 if absent.
 * 0 on success. */
static int igm_lmdb_node_id(IgmLmdbInstance *in, MDB_txn *txn, librdf_node *node, int create,
                            uint64_t *id)
{
  *id = 0;
  if (igm_lmdb_encode(in, node))
    return -1;
  uint64_t h = igm_lmdb_hash(in->buf.data, in->buf.len);
  IgmEncEntry *ce = NULL;
  if (in->enc) {
    ce = &in->enc[h & (IGM_LMDB_ENC_CACHE - 1)];
    if (ce->bytes && ce->hash == h && ce->len == in->buf.len &&
        memcmp(ce->bytes, in->buf.data, ce->len) == 0) {
      *id = ce->id;
      return 0;
    }
  }
  if (igm_lmdb_lookup_buf(in, txn, h, id))
    return -1;
  if (!*id && create) {
    unsigned char ik[8], hk[8];
    uint64_t nid = in->next_id++;
    igm_put64(ik, nid);
    memcpy(hk, &h, 8);
    MDB_val k = {8, ik}, v = {in->buf.len, in->buf.data};
    int rc = mdb_put(txn, in->e->dbi[IGM_DB_I2N], &k, &v, MDB_APPEND);
    if (rc)
      return igm_lmdb_fail(rc, "adding to the node dictionary");
    MDB_val hk2 = {8, hk}, iv = {8, ik};
    rc = mdb_put(txn, in->e->dbi[IGM_DB_N2I], &hk2, &iv, MDB_NODUPDATA);
    if (rc && rc != MDB_KEYEXIST)
      return igm_lmdb_fail(rc, "adding to the node dictionary");
    *id = nid;
  }
  if (*id && ce) {
    unsigned char *copy = malloc(in->buf.len ? in->buf.len : 1);
    if (copy) {
      memcpy(copy, in->buf.data, in->buf.len);
      free(ce->bytes);
      ce->bytes = copy;
      ce->hash = h;
      ce->len = in->buf.len;
      ce->id = *id;
    }
  }
  return 0;
}

/* A new node for id (caller frees), or NULL on error. */
static librdf_node *igm_lmdb_id_node(IgmLmdbInstance *in, MDB_txn *txn, uint64_t id)
{
  IgmDecEntry *ce = &in->dec[id & (IGM_LMDB_DEC_CACHE - 1)];
  if (ce->node && ce->id == id)
    return librdf_new_node_from_node(ce->node);
  unsigned char ik[8];
  igm_put64(ik, id);
  MDB_val k = {8, ik}, v;
  int rc = mdb_get(txn, in->e->dbi[IGM_DB_I2N], &k, &v);
  if (rc) {
    if (rc == MDB_NOTFOUND)
      igm_lmdb_set_error(IGM_LMDB_CORRUPT, "store is damaged: node %llu is missing",
                         (unsigned long long)id);
    else
      igm_lmdb_fail(rc, "reading the node dictionary");
    return NULL;
  }
  librdf_node *node = igm_lmdb_decode(in->world, v.mv_data, v.mv_size);
  if (!node) {
    igm_lmdb_set_error(IGM_LMDB_CORRUPT, "store is damaged: node %llu cannot be decoded",
                       (unsigned long long)id);
    return NULL;
  }
  if (ce->node)
    librdf_free_node(ce->node);
  ce->node = librdf_new_node_from_node(node);
  ce->id = ce->node ? id : 0;
  return node;
}

/* ---------------------------------------------------------------- statistics deltas */

static IgmDelta *igm_delta_slot(IgmLmdbInstance *in, uint64_t key)
{
  if (in->delta_used * 2 >= in->delta_cap) {
    size_t ncap = in->delta_cap ? in->delta_cap * 2 : 256;
    IgmDelta *nd = calloc(ncap, sizeof *nd);
    if (!nd)
      return NULL;
    for (size_t i = 0; i < in->delta_cap; i++) {
      if (!in->deltas[i].used)
        continue;
      size_t j = (size_t)igm_fmix(in->deltas[i].key) & (ncap - 1);
      while (nd[j].used)
        j = (j + 1) & (ncap - 1);
      nd[j] = in->deltas[i];
    }
    free(in->deltas);
    in->deltas = nd;
    in->delta_cap = ncap;
  }
  size_t j = (size_t)igm_fmix(key) & (in->delta_cap - 1);
  while (in->deltas[j].used && in->deltas[j].key != key)
    j = (j + 1) & (in->delta_cap - 1);
  if (!in->deltas[j].used) {
    in->deltas[j].used = 1;
    in->deltas[j].key = key;
    in->deltas[j].d[0] = in->deltas[j].d[1] = in->deltas[j].d[2] = 0;
    in->delta_used++;
  }
  return &in->deltas[j];
}

static const IgmDelta *igm_delta_find(const IgmLmdbInstance *in, uint64_t key)
{
  if (!in->delta_cap)
    return NULL;
  size_t j = (size_t)igm_fmix(key) & (in->delta_cap - 1);
  while (in->deltas[j].used) {
    if (in->deltas[j].key == key)
      return &in->deltas[j];
    j = (j + 1) & (in->delta_cap - 1);
  }
  return NULL;
}

static void igm_delta_reset(IgmLmdbInstance *in)
{
  if (in->deltas)
    memset(in->deltas, 0, in->delta_cap * sizeof *in->deltas);
  in->delta_used = 0;
  in->total_delta = 0;
}

static int igm_stats_get(IgmLmdbInstance *in, MDB_txn *txn, unsigned char kind, uint64_t id,
                         uint64_t vals[3])
{
  unsigned char kb[9];
  kb[0] = kind;
  igm_put64(kb + 1, id);
  MDB_val k = {kind == 'T' ? 1u : 9u, kb}, v;
  vals[0] = vals[1] = vals[2] = 0;
  int rc = mdb_get(txn, in->e->dbi[IGM_DB_STATS], &k, &v);
  if (rc == MDB_NOTFOUND)
    return 0;
  if (rc)
    return igm_lmdb_fail(rc, "reading statistics");
  for (size_t i = 0; i < 3 && (i + 1) * 8 <= v.mv_size; i++)
    vals[i] = igm_get64((const unsigned char *)v.mv_data + i * 8);
  return 0;
}

static int igm_stats_set(IgmLmdbInstance *in, MDB_txn *txn, unsigned char kind, uint64_t id,
                         const uint64_t vals[3], size_t nvals)
{
  unsigned char kb[9], vb[24];
  kb[0] = kind;
  igm_put64(kb + 1, id);
  MDB_val k = {kind == 'T' ? 1u : 9u, kb};
  int rc;
  if (vals[0] == 0) {
    rc = mdb_del(txn, in->e->dbi[IGM_DB_STATS], &k, NULL);
    if (rc == MDB_NOTFOUND)
      rc = 0;
  } else {
    for (size_t i = 0; i < nvals; i++)
      igm_put64(vb + i * 8, vals[i]);
    MDB_val v = {nvals * 8, vb};
    rc = mdb_put(txn, in->e->dbi[IGM_DB_STATS], &k, &v, 0);
  }
  if (rc)
    return igm_lmdb_fail(rc, "writing statistics");
  return 0;
}

static uint64_t igm_add_signed(uint64_t a, int64_t d)
{
  if (d < 0 && (uint64_t)(-d) > a)
    return 0;
  return d < 0 ? a - (uint64_t)(-d) : a + (uint64_t)d;
}

/* Write the pending statistics deltas into the write transaction. */
static int igm_lmdb_flush_stats(IgmLmdbInstance *in)
{
  uint64_t vals[3];
  if (!in->wtxn)
    return 0;
  for (size_t i = 0; i < in->delta_cap; i++) {
    IgmDelta *d = &in->deltas[i];
    if (!d->used || (d->d[0] == 0 && d->d[1] == 0 && d->d[2] == 0))
      continue;
    unsigned char kind = (d->key & 1) ? 'P' : 'G';
    uint64_t id = d->key >> 1;
    if (igm_stats_get(in, in->wtxn, kind, id, vals))
      return -1;
    for (int j = 0; j < 3; j++)
      vals[j] = igm_add_signed(vals[j], d->d[j]);
    if (kind == 'P' && vals[0] == 0)
      vals[1] = vals[2] = 0;
    if (igm_stats_set(in, in->wtxn, kind, id, vals, kind == 'P' ? 3 : 1))
      return -1;
  }
  if (in->total_delta) {
    if (igm_stats_get(in, in->wtxn, 'T', 0, vals))
      return -1;
    vals[0] = igm_add_signed(vals[0], in->total_delta);
    if (igm_stats_set(in, in->wtxn, 'T', 0, vals, 1))
      return -1;
  }
  /* keep the keys: they tell what this transaction touched (igm_lmdb_predicate_touched) */
  for (size_t i = 0; i < in->delta_cap; i++)
    in->deltas[i].d[0] = in->deltas[i].d[1] = in->deltas[i].d[2] = 0;
  in->total_delta = 0;
  return 0;
}

/* ---------------------------------------------------------------- scans */

/* A range scan over one index: the quads whose leading components equal the prefix and whose
 * other bound parts equal the filter. Bound to a transaction. */
typedef struct IgmLmdbScan {
  IgmLmdbInstance *in;
  MDB_txn *txn;
  int own_txn;
  int on_wtxn;
  MDB_cursor *cur;
  int index;
  int prefix;              /* leading components fixed, 0..4 */
  unsigned char key[8];    /* component 0 when prefix >= 1 */
  unsigned char data[24];  /* components 1..3 (prefix parts, zero after) */
  uint64_t want[4];        /* bound values by quad part */
  int bound[4];
  int nodup_keys;          /* iterate distinct first components only */
  int started;
  int ended;
  uint64_t q[4];           /* current quad by part */
  struct IgmLmdbScan *next_live;
} IgmLmdbScan;

static void igm_scan_unlink(IgmLmdbScan *sc)
{
  if (!sc->on_wtxn)
    return;
  for (IgmLmdbScan **pp = &sc->in->live; *pp; pp = &(*pp)->next_live) {
    if (*pp == sc) {
      *pp = sc->next_live;
      break;
    }
  }
  sc->on_wtxn = 0;
}

static void igm_scan_free(IgmLmdbScan *sc)
{
  if (!sc)
    return;
  if (sc->on_wtxn) {
    if (sc->cur)
      mdb_cursor_close(sc->cur);
    igm_scan_unlink(sc);
  } else {
    if (sc->cur)
      mdb_cursor_close(sc->cur);
    if (sc->own_txn && sc->txn)
      mdb_txn_abort(sc->txn);
  }
  free(sc);
}

/* End every scan on the write transaction (it is about to end and free their cursors). */
static void igm_lmdb_end_live_scans(IgmLmdbInstance *in)
{
  for (IgmLmdbScan *sc = in->live; sc;) {
    IgmLmdbScan *next = sc->next_live;
    if (sc->cur)
      mdb_cursor_close(sc->cur);
    sc->cur = NULL;
    sc->ended = 1;
    sc->on_wtxn = 0;
    sc->txn = NULL;
    sc->next_live = NULL;
    sc = next;
  }
  in->live = NULL;
}

static void igm_scan_decode(IgmLmdbScan *sc, const MDB_val *k, const MDB_val *v)
{
  const int *ord = igm_lmdb_order[sc->index];
  const unsigned char *d = v->mv_data;
  sc->q[ord[0]] = igm_get64(k->mv_data);
  sc->q[ord[1]] = igm_get64(d);
  sc->q[ord[2]] = igm_get64(d + 8);
  sc->q[ord[3]] = igm_get64(d + 16);
}

/* Does the cursor's record (k, v) still lie in the prefix range? */
static int igm_scan_in_range(const IgmLmdbScan *sc, const MDB_val *k, const MDB_val *v)
{
  if (sc->prefix >= 1 && memcmp(k->mv_data, sc->key, 8) != 0)
    return 0;
  if (sc->prefix >= 2 && memcmp(v->mv_data, sc->data, (size_t)(sc->prefix - 1) * 8) != 0)
    return 0;
  return 1;
}

static int igm_scan_filter_ok(const IgmLmdbScan *sc)
{
  for (int i = 0; i < 4; i++)
    if (sc->bound[i] && sc->q[i] != sc->want[i])
      return 0;
  return 1;
}

/* Move to the next matching quad (the first one on the first call). Sets ended at the end.
 * 0 on success (also at the end), -1 on error. */
static int igm_scan_step(IgmLmdbScan *sc)
{
  MDB_val k, v;
  int rc;
  if (sc->ended)
    return 0;
  if (!sc->cur) {
    sc->ended = 1;
    return 0;
  }
  for (;;) {
    if (!sc->started) {
      sc->started = 1;
      if (sc->prefix == 0) {
        rc = mdb_cursor_get(sc->cur, &k, &v, MDB_FIRST);
      } else if (sc->prefix == 1) {
        k.mv_size = 8;
        k.mv_data = sc->key;
        rc = mdb_cursor_get(sc->cur, &k, &v, MDB_SET_KEY);
      } else {
        k.mv_size = 8;
        k.mv_data = sc->key;
        v.mv_size = 24;
        v.mv_data = sc->data;
        rc = mdb_cursor_get(sc->cur, &k, &v, MDB_GET_BOTH_RANGE);
      }
    } else if (sc->nodup_keys) {
      rc = mdb_cursor_get(sc->cur, &k, &v, MDB_NEXT_NODUP);
    } else {
      rc = mdb_cursor_get(sc->cur, &k, &v, sc->prefix == 0 ? MDB_NEXT : MDB_NEXT_DUP);
    }
    if (rc == MDB_NOTFOUND) {
      sc->ended = 1;
      return 0;
    }
    if (rc) {
      sc->ended = 1;
      return igm_lmdb_fail(rc, "reading an index");
    }
    if (k.mv_size != 8 || v.mv_size != 24) {
      sc->ended = 1;
      igm_lmdb_set_error(IGM_LMDB_CORRUPT, "store is damaged: bad index record");
      return -1;
    }
    if (!igm_scan_in_range(sc, &k, &v)) {
      sc->ended = 1;
      return 0;
    }
    igm_scan_decode(sc, &k, &v);
    if (igm_scan_filter_ok(sc))
      return 0;
  }
}

/* Pick the index for the bound parts: the longest bound prefix; ties by index order, except
 * predicate+graph, which uses the smaller of the two ranges. */
static int igm_lmdb_plan(IgmLmdbInstance *in, MDB_txn *txn, const int bound[4],
                         const uint64_t want[4], int *prefix_out)
{
  int best = IGM_DB_GSPO, bestlen = -1;
  for (int x = 0; x < 4; x++) {
    int len = 0;
    while (len < 4 && bound[igm_lmdb_order[x][len]])
      len++;
    if (len > bestlen) {
      best = x;
      bestlen = len;
    }
  }
  if (bestlen == 0) {
    best = IGM_DB_GSPO;
  } else if (bestlen == 1 && best == IGM_DB_POSG && bound[3] && !bound[0] && !bound[2]) {
    uint64_t pv[3], gv[3];
    if (igm_stats_get(in, txn, 'P', want[1], pv) == 0 &&
        igm_stats_get(in, txn, 'G', want[3], gv) == 0 && gv[0] < pv[0])
      best = IGM_DB_GSPO;
  }
  *prefix_out = bestlen;
  return best;
}

/* Start a scan for the bound parts (want[i] valid where bound[i]). NULL on error. */
/* txn comes from igm_lmdb_read_txn; when owned, the scan takes it over (also on failure). */
static IgmLmdbScan *igm_scan_new(IgmLmdbInstance *in, MDB_txn *txn, int owned, const int bound[4],
                                 const uint64_t want[4], int force_index)
{
  IgmLmdbScan *sc = calloc(1, sizeof *sc);
  if (!sc) {
    if (owned)
      mdb_txn_abort(txn);
    igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
    return NULL;
  }
  sc->in = in;
  sc->txn = txn;
  sc->own_txn = owned;
  for (int i = 0; i < 4; i++) {
    sc->bound[i] = bound[i];
    sc->want[i] = bound[i] ? want[i] : 0;
  }
  if (force_index >= 0) {
    sc->index = force_index;
    int len = 0;
    while (len < 4 && bound[igm_lmdb_order[force_index][len]])
      len++;
    sc->prefix = len;
  } else {
    sc->index = igm_lmdb_plan(in, sc->txn, bound, want, &sc->prefix);
  }
  const int *ord = igm_lmdb_order[sc->index];
  if (sc->prefix >= 1)
    igm_put64(sc->key, want[ord[0]]);
  for (int i = 1; i < sc->prefix; i++)
    igm_put64(sc->data + (i - 1) * 8, want[ord[i]]);
  int rc = mdb_cursor_open(sc->txn, in->e->dbi[sc->index], &sc->cur);
  if (rc) {
    igm_lmdb_fail(rc, "opening an index");
    sc->cur = NULL;
    igm_scan_free(sc);
    return NULL;
  }
  if (sc->txn == in->wtxn) {
    sc->on_wtxn = 1;
    sc->next_live = in->live;
    in->live = sc;
  }
  return sc;
}

/* Resolve statement parts and context to ids for a search: bound[]/want[]. *absent = 1 when a
 * bound node is not in the store (nothing can match). 0 on success. */
static int igm_lmdb_pattern(IgmLmdbInstance *in, MDB_txn *txn, librdf_node *const parts[3],
                            librdf_node *context, int graph_bound, int bound[4], uint64_t want[4],
                            int *absent)
{
  *absent = 0;
  for (int i = 0; i < 3; i++) {
    bound[i] = parts[i] != NULL;
    want[i] = 0;
    if (parts[i]) {
      if (igm_lmdb_node_id(in, txn, parts[i], 0, &want[i]))
        return -1;
      if (!want[i])
        *absent = 1;
    }
  }
  bound[3] = graph_bound;
  want[3] = 0;
  if (graph_bound && context) {
    if (igm_lmdb_node_id(in, txn, context, 0, &want[3]))
      return -1;
    if (!want[3])
      *absent = 1;
  }
  return 0;
}

/* ---------------------------------------------------------------- streams and iterators */

typedef struct IgmLmdbStream {
  librdf_storage *storage;
  IgmLmdbScan *sc;
  librdf_statement *st;  /* current statement, shared with the caller */
  librdf_node *ctx;      /* current context, shared with the caller */
  int have_current;
  int want;              /* for iterators: quad part returned, or 3 for contexts */
  librdf_node *node;     /* current iterator node */
} IgmLmdbStream;

static void igm_lmdb_stream_reset_current(IgmLmdbStream *s)
{
  if (s->st)
    librdf_free_statement(s->st);
  s->st = NULL;
  if (s->ctx)
    librdf_free_node(s->ctx);
  s->ctx = NULL;
  if (s->node)
    librdf_free_node(s->node);
  s->node = NULL;
  s->have_current = 0;
}

static int igm_lmdb_stream_is_end(void *ctx)
{
  IgmLmdbStream *s = ctx;
  return s->sc->ended;
}

static int igm_lmdb_stream_next(void *ctx)
{
  IgmLmdbStream *s = ctx;
  igm_lmdb_stream_reset_current(s);
  if (igm_scan_step(s->sc))
    return 1;
  return s->sc->ended;
}

/* Decode the current quad's context node into s->ctx (NULL for the default graph). */
static int igm_lmdb_stream_load_ctx(IgmLmdbStream *s)
{
  IgmLmdbScan *sc = s->sc;
  if (sc->q[3] && !s->ctx) {
    s->ctx = igm_lmdb_id_node(sc->in, sc->txn, sc->q[3]);
    if (!s->ctx)
      return -1;
  }
  return 0;
}

static void *igm_lmdb_stream_get(void *ctx, int flags)
{
  IgmLmdbStream *s = ctx;
  IgmLmdbScan *sc = s->sc;
  if (sc->ended || !sc->txn)
    return NULL;
  if (flags == LIBRDF_ITERATOR_GET_METHOD_GET_CONTEXT) {
    if (igm_lmdb_stream_load_ctx(s))
      return NULL;
    return s->ctx;
  }
  if (flags != LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT)
    return NULL;
  if (!s->have_current) {
    librdf_node *n[3] = {NULL, NULL, NULL};
    for (int i = 0; i < 3; i++) {
      n[i] = igm_lmdb_id_node(sc->in, sc->txn, sc->q[i]);
      if (!n[i]) {
        for (int j = 0; j < i; j++)
          librdf_free_node(n[j]);
        return NULL;
      }
    }
    s->st = librdf_new_statement_from_nodes(sc->in->world, n[0], n[1], n[2]);
    if (!s->st)
      return NULL;
    s->have_current = 1;
  }
  return s->st;
}

static void igm_lmdb_stream_finished(void *ctx)
{
  IgmLmdbStream *s = ctx;
  igm_lmdb_stream_reset_current(s);
  igm_scan_free(s->sc);
  if (s->storage)
    librdf_storage_remove_reference(s->storage);
  free(s);
}

static IgmLmdbStream *igm_lmdb_stream_wrap(librdf_storage *storage, IgmLmdbScan *sc)
{
  IgmLmdbStream *s = calloc(1, sizeof *s);
  if (!s) {
    igm_scan_free(sc);
    igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
    return NULL;
  }
  s->sc = sc;
  s->storage = storage;
  librdf_storage_add_reference(storage);
  if (igm_scan_step(sc)) {
    igm_lmdb_stream_finished(s);
    return NULL;
  }
  return s;
}

/* A stream over the quads matching st (NULL parts unbound) in context (graph_bound) . */
static librdf_stream *igm_lmdb_find(librdf_storage *storage, librdf_statement *st,
                                    librdf_node *context, int graph_bound)
{
  IgmLmdbInstance *in = igm_inst(storage);
  int bound[4], absent = 0, owned = 0;
  uint64_t want[4];
  librdf_node *parts[3] = {NULL, NULL, NULL};
  if (st) {
    parts[0] = librdf_statement_get_subject(st);
    parts[1] = librdf_statement_get_predicate(st);
    parts[2] = librdf_statement_get_object(st);
  }
  MDB_txn *txn = igm_lmdb_read_txn(in, &owned);
  if (!txn)
    return NULL;
  int rc = igm_lmdb_pattern(in, txn, parts, context, graph_bound, bound, want, &absent);
  if (rc || absent) {
    if (owned)
      mdb_txn_abort(txn);
    return rc ? NULL : librdf_new_empty_stream(in->world);
  }
  IgmLmdbScan *sc = igm_scan_new(in, txn, owned, bound, want, -1);
  if (!sc)
    return NULL;
  IgmLmdbStream *s = igm_lmdb_stream_wrap(storage, sc);
  if (!s)
    return NULL;
  librdf_stream *stream =
      librdf_new_stream(in->world, s, igm_lmdb_stream_is_end, igm_lmdb_stream_next,
                        igm_lmdb_stream_get, igm_lmdb_stream_finished);
  if (!stream)
    igm_lmdb_stream_finished(s);
  return stream;
}

static void *igm_lmdb_iter_get(void *ctx, int flags)
{
  IgmLmdbStream *s = ctx;
  IgmLmdbScan *sc = s->sc;
  if (sc->ended || !sc->txn)
    return NULL;
  if (flags == LIBRDF_ITERATOR_GET_METHOD_GET_CONTEXT) {
    if (s->want == 3)
      return NULL;
    if (igm_lmdb_stream_load_ctx(s))
      return NULL;
    return s->ctx;
  }
  if (flags != LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT)
    return NULL;
  if (!s->node)
    s->node = igm_lmdb_id_node(sc->in, sc->txn, sc->q[s->want]);
  return s->node;
}

static librdf_iterator *igm_lmdb_iterator(librdf_storage *storage, librdf_node *sn,
                                          librdf_node *pn, librdf_node *on, int want)
{
  IgmLmdbInstance *in = igm_inst(storage);
  librdf_iterator *it = NULL;
  int bound[4], absent = 0, owned = 0;
  uint64_t want_ids[4];
  librdf_node *parts[3] = {sn, pn, on};
  MDB_txn *txn = igm_lmdb_read_txn(in, &owned);
  if (!txn)
    return NULL;
  int rc = igm_lmdb_pattern(in, txn, parts, NULL, 0, bound, want_ids, &absent);
  if (rc || absent) {
    if (owned)
      mdb_txn_abort(txn);
    return rc ? NULL : librdf_new_empty_iterator(in->world);
  }
  IgmLmdbScan *sc = igm_scan_new(in, txn, owned, bound, want_ids, -1);
  if (!sc)
    return NULL;
  IgmLmdbStream *s = igm_lmdb_stream_wrap(storage, sc);
  if (!s)
    return NULL;
  s->want = want;
  it = librdf_new_iterator(in->world, s, igm_lmdb_stream_is_end, igm_lmdb_stream_next,
                           igm_lmdb_iter_get, igm_lmdb_stream_finished);
  if (!it)
    igm_lmdb_stream_finished(s);
  return it;
}

/* ---------------------------------------------------------------- writing */

static MDB_cursor *igm_wcur(IgmLmdbInstance *in, int db)
{
  if (!in->wcur[db]) {
    int rc = mdb_cursor_open(in->wtxn, in->e->dbi[db], &in->wcur[db]);
    if (rc) {
      in->wcur[db] = NULL;
      igm_lmdb_fail(rc, "opening an index");
      return NULL;
    }
  }
  return in->wcur[db];
}

static int igm_lmdb_wtxn_begin(IgmLmdbInstance *in)
{
  MDB_txn *t = NULL;
  if (!in->writable) {
    igm_lmdb_set_error(IGM_LMDB_READONLY, "store is open read-only");
    return -1;
  }
  int rc = mdb_txn_begin(in->e->env, NULL, 0, &t);
  if (rc == MDB_MAP_RESIZED) {
    mdb_env_set_mapsize(in->e->env, 0);
    rc = mdb_txn_begin(in->e->env, NULL, 0, &t);
  }
  if (rc)
    return igm_lmdb_fail(rc, "starting a write transaction");
  MDB_cursor *c = NULL;
  MDB_val k, v;
  rc = mdb_cursor_open(t, in->e->dbi[IGM_DB_I2N], &c);
  if (rc == 0) {
    rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
    in->next_id = (rc == 0 && k.mv_size == 8) ? igm_get64(k.mv_data) + 1 : 1;
    if (rc == MDB_NOTFOUND)
      rc = 0;
    mdb_cursor_close(c);
  }
  if (rc) {
    mdb_txn_abort(t);
    return igm_lmdb_fail(rc, "starting a write transaction");
  }
  in->wtxn = t;
  memset(in->wcur, 0, sizeof in->wcur);
  igm_delta_reset(in);
  return 0;
}

static void igm_lmdb_wtxn_forget(IgmLmdbInstance *in)
{
  igm_lmdb_end_live_scans(in);
  for (int i = 0; i < IGM_DB_COUNT; i++) {
    if (in->wcur[i])
      mdb_cursor_close(in->wcur[i]);
    in->wcur[i] = NULL;
  }
  in->wtxn = NULL;
  in->explicit_txn = 0;
}

/* LMDB reports a short write as EIO: when the disk or the file size limit is (nearly) full,
 * call it what it is. */
static int igm_lmdb_fail_write(IgmLmdbInstance *in, int rc, const char *what)
{
  if (rc == EIO) {
    struct statvfs vs;
    struct rlimit rl;
    struct stat sb;
    char path[4096];
    snprintf(path, sizeof path, "%s/data.mdb", in->dir);
    if (statvfs(in->dir, &vs) == 0 && (uint64_t)vs.f_bavail * vs.f_frsize < ((uint64_t)64 << 20))
      rc = ENOSPC;
    else if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
             stat(path, &sb) == 0 && (uint64_t)sb.st_size + ((uint64_t)1 << 20) >= rl.rlim_cur)
      rc = EFBIG;
  }
  return igm_lmdb_fail(rc, what);
}

static int igm_lmdb_wtxn_commit(IgmLmdbInstance *in)
{
  if (igm_lmdb_flush_stats(in)) {
    mdb_txn_abort(in->wtxn);
    igm_lmdb_wtxn_forget(in);
    igm_lmdb_caches_clear(in);
    return -1;
  }
  MDB_txn *t = in->wtxn;
  igm_lmdb_wtxn_forget(in);
  int rc = mdb_txn_commit(t);
  if (rc) {
    igm_lmdb_caches_clear(in);
    igm_delta_reset(in);
    return igm_lmdb_fail_write(in, rc, "committing");
  }
  return 0;
}

static void igm_lmdb_wtxn_abort(IgmLmdbInstance *in)
{
  MDB_txn *t = in->wtxn;
  igm_lmdb_wtxn_forget(in);
  if (t)
    mdb_txn_abort(t);
  igm_lmdb_caches_clear(in);
  igm_delta_reset(in);
}

/* Make sure a write transaction is open; *autocommit = 1 if this call opened it. */
static int igm_lmdb_write_begin(IgmLmdbInstance *in, int *autocommit)
{
  *autocommit = 0;
  if (in->wtxn)
    return 0;
  if (igm_lmdb_wtxn_begin(in))
    return -1;
  *autocommit = 1;
  return 0;
}

/* Finish what igm_lmdb_write_begin opened: commit if status is 0, else abort. */
static int igm_lmdb_write_end(IgmLmdbInstance *in, int autocommit, int status)
{
  if (!autocommit)
    return status;
  if (status) {
    igm_lmdb_wtxn_abort(in);
    return status;
  }
  return igm_lmdb_wtxn_commit(in) ? -1 : 0;
}

/* Is there a record under key k in cursor c's database whose data starts with the 8 bytes of
 * id2? *yes set. 0 on success. */
static int igm_has_prefix2(MDB_cursor *c, uint64_t id1, uint64_t id2, int *yes)
{
  unsigned char kb[8], db[24];
  igm_put64(kb, id1);
  memset(db, 0, sizeof db);
  igm_put64(db, id2);
  MDB_val k = {8, kb}, v = {24, db};
  int rc = mdb_cursor_get(c, &k, &v, MDB_GET_BOTH_RANGE);
  *yes = 0;
  if (rc == MDB_NOTFOUND)
    return 0;
  if (rc)
    return igm_lmdb_fail(rc, "reading an index");
  *yes = v.mv_size == 24 && memcmp(v.mv_data, db, 8) == 0;
  return 0;
}

static int igm_lmdb_delta(IgmLmdbInstance *in, const uint64_t q[4], int sign, int sp_changed,
                          int po_changed)
{
  IgmDelta *dp = igm_delta_slot(in, (q[1] << 1) | 1u);
  if (!dp)
    goto nomem;
  dp->d[0] += sign;
  dp->d[1] += sp_changed ? sign : 0;
  dp->d[2] += po_changed ? sign : 0;
  IgmDelta *dg = igm_delta_slot(in, q[3] << 1); /* may move dp: not used after this */
  if (!dg)
    goto nomem;
  dg->d[0] += sign;
  in->total_delta += sign;
  return 0;
nomem:
  igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
  return -1;
}

/* Add quad q (ids) in the write transaction; duplicates are ignored. */
static int igm_lmdb_add_quad(IgmLmdbInstance *in, const uint64_t q[4])
{
  unsigned char kb[8], db[24];
  int sp_exists = 0, po_exists = 0;
  MDB_cursor *c = igm_wcur(in, IGM_DB_SPOG);
  if (!c || igm_has_prefix2(c, q[0], q[1], &sp_exists))
    return -1;
  if (sp_exists) {
    igm_put64(kb, q[0]);
    igm_put64(db, q[1]);
    igm_put64(db + 8, q[2]);
    igm_put64(db + 16, q[3]);
    MDB_val k = {8, kb}, v = {24, db};
    int rc = mdb_cursor_get(c, &k, &v, MDB_GET_BOTH);
    if (rc == 0)
      return 0; /* already there */
    if (rc != MDB_NOTFOUND)
      return igm_lmdb_fail(rc, "reading an index");
  }
  MDB_cursor *cp = igm_wcur(in, IGM_DB_POSG);
  if (!cp || igm_has_prefix2(cp, q[1], q[2], &po_exists))
    return -1;
  for (int x = 0; x < 4; x++) {
    const int *ord = igm_lmdb_order[x];
    MDB_cursor *cx = igm_wcur(in, x);
    if (!cx)
      return -1;
    igm_put64(kb, q[ord[0]]);
    igm_put64(db, q[ord[1]]);
    igm_put64(db + 8, q[ord[2]]);
    igm_put64(db + 16, q[ord[3]]);
    MDB_val k = {8, kb}, v = {24, db};
    int rc = mdb_cursor_put(cx, &k, &v, MDB_NODUPDATA);
    if (rc == MDB_KEYEXIST) {
      igm_lmdb_set_error(IGM_LMDB_CORRUPT, "store is damaged: indexes disagree");
      return -1;
    }
    if (rc)
      return igm_lmdb_fail_write(in, rc, "adding a statement");
  }
  return igm_lmdb_delta(in, q, +1, !sp_exists, !po_exists);
}

/* Remove quad q if present. */
static int igm_lmdb_remove_quad(IgmLmdbInstance *in, const uint64_t q[4])
{
  unsigned char kb[8], db[24];
  int sp_exists = 0, po_exists = 0;
  for (int x = 0; x < 4; x++) {
    const int *ord = igm_lmdb_order[x];
    igm_put64(kb, q[ord[0]]);
    igm_put64(db, q[ord[1]]);
    igm_put64(db + 8, q[ord[2]]);
    igm_put64(db + 16, q[ord[3]]);
    MDB_val k = {8, kb}, v = {24, db};
    int rc = mdb_del(in->wtxn, in->e->dbi[x], &k, &v);
    if (rc == MDB_NOTFOUND && x == 0)
      return 0; /* not there */
    if (rc == MDB_NOTFOUND) {
      igm_lmdb_set_error(IGM_LMDB_CORRUPT, "store is damaged: indexes disagree");
      return -1;
    }
    if (rc)
      return igm_lmdb_fail(rc, "removing a statement");
  }
  MDB_cursor *c = igm_wcur(in, IGM_DB_SPOG);
  MDB_cursor *cp = igm_wcur(in, IGM_DB_POSG);
  if (!c || !cp || igm_has_prefix2(c, q[0], q[1], &sp_exists) ||
      igm_has_prefix2(cp, q[1], q[2], &po_exists))
    return -1;
  return igm_lmdb_delta(in, q, -1, !sp_exists, !po_exists);
}

static int igm_lmdb_statement_ok(librdf_statement *st)
{
  librdf_node *s = librdf_statement_get_subject(st), *p = librdf_statement_get_predicate(st),
              *o = librdf_statement_get_object(st);
  return s && p && o && (librdf_node_is_resource(s) || librdf_node_is_blank(s)) &&
         librdf_node_is_resource(p);
}

/* Add st in context (NULL = default graph) inside the write transaction. Returns 0, -1 on
 * error, 1 if the statement is not legal RDF. */
static int igm_lmdb_add_one(IgmLmdbInstance *in, librdf_node *context, librdf_statement *st)
{
  uint64_t q[4] = {0, 0, 0, 0};
  if (!igm_lmdb_statement_ok(st))
    return 1;
  if (igm_lmdb_node_id(in, in->wtxn, librdf_statement_get_subject(st), 1, &q[0]) ||
      igm_lmdb_node_id(in, in->wtxn, librdf_statement_get_predicate(st), 1, &q[1]) ||
      igm_lmdb_node_id(in, in->wtxn, librdf_statement_get_object(st), 1, &q[2]) ||
      (context && igm_lmdb_node_id(in, in->wtxn, context, 1, &q[3])))
    return -1;
  return igm_lmdb_add_quad(in, q);
}

static int igm_lmdb_remove_one(IgmLmdbInstance *in, librdf_node *context, librdf_statement *st)
{
  uint64_t q[4] = {0, 0, 0, 0};
  librdf_node *parts[3] = {librdf_statement_get_subject(st), librdf_statement_get_predicate(st),
                           librdf_statement_get_object(st)};
  for (int i = 0; i < 3; i++) {
    if (!parts[i])
      return 1;
    if (igm_lmdb_node_id(in, in->wtxn, parts[i], 0, &q[i]))
      return -1;
    if (!q[i])
      return 0;
  }
  if (context) {
    if (igm_lmdb_node_id(in, in->wtxn, context, 0, &q[3]))
      return -1;
    if (!q[3])
      return 0;
  }
  return igm_lmdb_remove_quad(in, q);
}

/* ---------------------------------------------------------------- factory methods */

static int igm_lmdb_mkdirs(const char *dir)
{
  char *copy = strdup(dir);
  int ret = -1;
  if (!copy)
    return -1;
  for (char *p = copy + 1; *p; p++) {
    if (*p == '/') {
      *p = '\0';
      if (mkdir(copy, 0777) && errno != EEXIST)
        goto done;
      *p = '/';
    }
  }
  if (mkdir(copy, 0777) && errno != EEXIST)
    goto done;
  ret = 0;
done:
  free(copy);
  return ret;
}

/* Writer locks held by this process: fcntl locks are per process, so a second writer in the same
 * process is refused here. (fcntl rather than flock: a fork()ed child does not inherit it, and
 * the kernel drops it when the process dies.) */
typedef struct IgmLmdbLock {
  dev_t dev;
  ino_t ino;
  pid_t pid;
  struct IgmLmdbLock *next;
} IgmLmdbLock;

static IgmLmdbLock *igm_lmdb_locks = NULL;

static void igm_lmdb_drop_lock(IgmLmdbInstance *in)
{
  struct stat sb;
  if (in->lock_fd < 0)
    return;
  if (in->lock_held && fstat(in->lock_fd, &sb) == 0) {
    for (IgmLmdbLock **pp = &igm_lmdb_locks; *pp; pp = &(*pp)->next) {
      IgmLmdbLock *l = *pp;
      if (l->dev == sb.st_dev && l->ino == sb.st_ino && l->pid == getpid()) {
        *pp = l->next;
        free(l);
        break;
      }
    }
  }
  close(in->lock_fd); /* releases the fcntl lock */
  in->lock_fd = -1;
  in->lock_held = 0;
}

static int igm_lmdb_take_lock(IgmLmdbInstance *in, double wait)
{
  char path[4096];
  struct stat sb;
  snprintf(path, sizeof path, "%s/writer.lock", in->dir);
  in->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (in->lock_fd < 0 || fstat(in->lock_fd, &sb) != 0) {
    igm_lmdb_fail(errno, "opening the writer lock");
    return -1;
  }
  for (IgmLmdbLock *l = igm_lmdb_locks; l; l = l->next) {
    if (l->dev == sb.st_dev && l->ino == sb.st_ino && l->pid == getpid()) {
      igm_lmdb_set_error(IGM_LMDB_LOCKED, "store is locked by another writer");
      return -1;
    }
  }
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(in->lock_fd, F_SETLK, &fl) == 0)
      break;
    if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
      igm_lmdb_fail(errno, "taking the writer lock");
      return -1;
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    double elapsed = (double)(now.tv_sec - start.tv_sec) +
                     (double)(now.tv_nsec - start.tv_nsec) / 1e9;
    if (elapsed >= wait) {
      igm_lmdb_set_error(IGM_LMDB_LOCKED, "store is locked by another writer");
      return -1;
    }
    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, NULL);
  }
  IgmLmdbLock *l = calloc(1, sizeof *l);
  if (!l) {
    igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
    return -1;
  }
  l->dev = sb.st_dev;
  l->ino = sb.st_ino;
  l->pid = getpid();
  l->next = igm_lmdb_locks;
  igm_lmdb_locks = l;
  in->lock_held = 1;
  return 0;
}

/* Open (or share) the environment of in->dir. */
static int igm_lmdb_env_open(IgmLmdbInstance *in, int create)
{
  struct stat sb;
  char path[4096];
  int rc;
  snprintf(path, sizeof path, "%s/data.mdb", in->dir);
  if (stat(path, &sb) != 0) {
    if (!create) {
      igm_lmdb_set_error(IGM_LMDB_NOTFOUND, "store '%s' does not exist", in->dir);
      return -1;
    }
  } else {
    for (IgmLmdbEnv *e = igm_lmdb_envs; e; e = e->next) {
      if (e->dev == sb.st_dev && e->ino == sb.st_ino && e->pid == getpid()) {
        if (e->readonly && in->writable) {
          igm_lmdb_set_error(IGM_LMDB_LOCKED,
                             "store is already open read-only in this process");
          return -1;
        }
        e->refs++;
        in->e = e;
        return 0;
      }
    }
  }
  IgmLmdbEnv *e = calloc(1, sizeof *e);
  if (!e) {
    igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
    return -1;
  }
  e->refs = 1;
  e->pid = getpid();
  /* The map is address space only (no MDB_WRITEMAP, the file grows as used): reserve 1 TiB,
   * less if the system refuses. A failed mdb_env_open needs a fresh handle to retry. */
  size_t mapsize = (size_t)1 << 40;
  unsigned flags = MDB_NOTLS | MDB_NORDAHEAD;
  for (;;) {
    rc = mdb_env_create(&e->env);
    if (rc) {
      free(e);
      return igm_lmdb_fail(rc, "opening the store");
    }
    mdb_env_set_maxdbs(e->env, IGM_DB_COUNT + 2);
    mdb_env_set_maxreaders(e->env, 1022);
    mdb_env_set_mapsize(e->env, mapsize);
    rc = mdb_env_open(e->env, in->dir, flags, 0666);
    if (rc == 0)
      break;
    mdb_env_close(e->env);
    e->env = NULL;
    if ((rc == EACCES || rc == EROFS) && !in->writable && !(flags & MDB_RDONLY)) {
      flags |= MDB_RDONLY;
      e->readonly = 1;
      continue;
    }
    if ((rc == ENOMEM || rc == EINVAL) && mapsize > ((size_t)1 << 28)) {
      mapsize >>= 1;
      continue;
    }
    free(e);
    return igm_lmdb_fail(rc, "opening the store");
  }
  if (stat(path, &sb) == 0) {
    e->dev = sb.st_dev;
    e->ino = sb.st_ino;
  }
  /* Open (creating if writable) the named databases. */
  MDB_txn *t = NULL;
  rc = mdb_txn_begin(e->env, NULL, in->writable ? 0 : MDB_RDONLY, &t);
  if (rc) {
    mdb_env_close(e->env);
    free(e);
    return igm_lmdb_fail(rc, "opening the store");
  }
  for (int i = 0; i < IGM_DB_COUNT; i++) {
    unsigned f = in->writable ? MDB_CREATE : 0;
    if (i <= IGM_DB_GSPO)
      f |= MDB_DUPSORT | MDB_DUPFIXED;
    else if (i == IGM_DB_N2I)
      f |= MDB_DUPSORT | MDB_DUPFIXED;
    rc = mdb_dbi_open(t, igm_lmdb_db_names[i], f, &e->dbi[i]);
    if (rc)
      break;
  }
  if (rc == MDB_NOTFOUND) {
    mdb_txn_abort(t);
    mdb_env_close(e->env);
    free(e);
    igm_lmdb_set_error(IGM_LMDB_CORRUPT, "'%s' is not an igmap store", in->dir);
    return -1;
  }
  if (rc == 0 && in->writable) {
    /* Tag a new store; check an old one. */
    MDB_val k = {6, (void *)"format"}, v;
    rc = mdb_get(t, e->dbi[IGM_DB_INFO], &k, &v);
    if (rc == MDB_NOTFOUND) {
      v.mv_size = strlen(IGM_LMDB_FORMAT);
      v.mv_data = (void *)IGM_LMDB_FORMAT;
      rc = mdb_put(t, e->dbi[IGM_DB_INFO], &k, &v, 0);
    } else if (rc == 0 && (v.mv_size != strlen(IGM_LMDB_FORMAT) ||
                           memcmp(v.mv_data, IGM_LMDB_FORMAT, v.mv_size) != 0)) {
      mdb_txn_abort(t);
      mdb_env_close(e->env);
      free(e);
      igm_lmdb_set_error(IGM_LMDB_CORRUPT, "'%s' has an unknown store format", in->dir);
      return -1;
    }
  } else if (rc == 0) {
    MDB_val k = {6, (void *)"format"}, v;
    rc = mdb_get(t, e->dbi[IGM_DB_INFO], &k, &v);
    if (rc == 0 && (v.mv_size != strlen(IGM_LMDB_FORMAT) ||
                    memcmp(v.mv_data, IGM_LMDB_FORMAT, v.mv_size) != 0))
      rc = MDB_INVALID;
  }
  if (rc == 0)
    rc = mdb_txn_commit(t);
  else
    mdb_txn_abort(t);
  if (rc) {
    mdb_env_close(e->env);
    free(e);
    if (rc == MDB_NOTFOUND || rc == MDB_INVALID) {
      igm_lmdb_set_error(IGM_LMDB_CORRUPT, "'%s' is not an igmap store", in->dir);
      return -1;
    }
    return igm_lmdb_fail(rc, "opening the store");
  }
  e->next = igm_lmdb_envs;
  igm_lmdb_envs = e;
  in->e = e;
  return 0;
}

static void igm_lmdb_terminate(librdf_storage *storage)
{
  IgmLmdbInstance *in = igm_inst(storage);
  if (!in)
    return;
  if (in->wtxn)
    igm_lmdb_wtxn_abort(in);
  if (in->rtxn)
    mdb_txn_abort(in->rtxn);
  in->rtxn = NULL;
  igm_lmdb_caches_clear(in);
  free(in->enc);
  free(in->dec);
  free(in->deltas);
  free(in->buf.data);
  igm_lmdb_env_release(in->e);
  for (IgmLmdbInstance **pp = &igm_lmdb_instances; *pp; pp = &(*pp)->next_instance) {
    if (*pp == in) {
      *pp = in->next_instance;
      break;
    }
  }
  igm_lmdb_drop_lock(in);
  free(in->dir);
  free(in);
  librdf_storage_set_instance(storage, NULL);
}

static int igm_lmdb_init(librdf_storage *storage, const char *name, librdf_hash *options)
{
  IgmLmdbInstance *in = NULL;
  char *dir = NULL, *waits = NULL;
  int ret = 1, is_new, write;
  double wait = 0;
  (void)name;
  igm_lmdb_clear_error();
  if (!options) {
    igm_lmdb_set_error(IGM_LMDB_USAGE, "the lmdb store needs a dir option");
    goto done;
  }
  dir = librdf_hash_get(options, "dir");
  waits = librdf_hash_get(options, "wait");
  is_new = librdf_hash_get_as_boolean(options, "new");
  write = librdf_hash_get_as_boolean(options, "write");
  if (is_new < 0)
    is_new = 0;
  if (write < 0)
    write = 1;
  if (waits) {
    char *end = NULL;
    wait = strtod(waits, &end);
    if (!end || *end || wait < 0) {
      igm_lmdb_set_error(IGM_LMDB_USAGE, "bad wait option '%s'", waits);
      goto done;
    }
  }
  if (!dir || !*dir) {
    igm_lmdb_set_error(IGM_LMDB_USAGE, "the lmdb store needs a dir option");
    goto done;
  }
  if (is_new && !write) {
    igm_lmdb_set_error(IGM_LMDB_USAGE, "new='yes' needs write='yes'");
    goto done;
  }
  in = calloc(1, sizeof *in);
  if (!in) {
    igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
    goto done;
  }
  in->lock_fd = -1;
  in->world = librdf_storage_get_world(storage);
  in->storage = storage;
  in->writable = write;
  in->dir = strdup(dir);
  in->next_instance = igm_lmdb_instances;
  igm_lmdb_instances = in;
  in->dec = calloc(IGM_LMDB_DEC_CACHE, sizeof *in->dec);
  if (write)
    in->enc = calloc(IGM_LMDB_ENC_CACHE, sizeof *in->enc);
  librdf_storage_set_instance(storage, in);
  if (!in->dir || !in->dec || (write && !in->enc)) {
    igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
    goto done;
  }
  if (write) {
    struct stat sb;
    if (igm_lmdb_mkdirs(in->dir)) {
      igm_lmdb_fail(errno, "creating the store directory");
      goto done;
    }
    if (stat(in->dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
      igm_lmdb_set_error(IGM_LMDB_IO, "'%s' is not a directory", in->dir);
      goto done;
    }
    if (igm_lmdb_take_lock(in, wait))
      goto done;
  }
  if (igm_lmdb_env_open(in, write))
    goto done;
  if (write) {
    mdb_reader_check(in->e->env, NULL);
    if (is_new) {
      if (igm_lmdb_wtxn_begin(in))
        goto done;
      for (int i = 0; i < IGM_DB_COUNT; i++) {
        if (i == IGM_DB_INFO)
          continue;
        int rc = mdb_drop(in->wtxn, in->e->dbi[i], 0);
        if (rc) {
          igm_lmdb_fail(rc, "emptying the store");
          igm_lmdb_wtxn_abort(in);
          goto done;
        }
      }
      if (igm_lmdb_wtxn_commit(in))
        goto done;
    }
  } else {
    int rc = mdb_txn_begin(in->e->env, NULL, MDB_RDONLY, &in->rtxn);
    if (rc == MDB_MAP_RESIZED) {
      mdb_env_set_mapsize(in->e->env, 0);
      rc = mdb_txn_begin(in->e->env, NULL, MDB_RDONLY, &in->rtxn);
    }
    if (rc) {
      in->rtxn = NULL;
      igm_lmdb_fail(rc, "starting a read transaction");
      goto done;
    }
  }
  ret = 0;
done:
  free(dir);
  free(waits);
  if (options)
    librdf_free_hash(options);
  if (ret && in) {
    int code = igm_lmdb_errcode;
    char msg[sizeof igm_lmdb_errmsg];
    memcpy(msg, igm_lmdb_errmsg, sizeof msg);
    igm_lmdb_terminate(storage);
    igm_lmdb_errcode = code;
    memcpy(igm_lmdb_errmsg, msg, sizeof msg);
  }
  return ret;
}

static int igm_lmdb_open(librdf_storage *storage, librdf_model *model)
{
  (void)storage;
  (void)model;
  return 0;
}

static int igm_lmdb_close(librdf_storage *storage)
{
  (void)storage;
  return 0;
}

static int igm_lmdb_size(librdf_storage *storage)
{
  IgmLmdbInstance *in = igm_inst(storage);
  uint64_t vals[3];
  int owned = 0;
  MDB_txn *txn = igm_lmdb_read_txn(in, &owned);
  if (!txn)
    return -1;
  int rc = igm_stats_get(in, txn, 'T', 0, vals);
  if (owned)
    mdb_txn_abort(txn);
  if (rc)
    return -1;
  uint64_t n = igm_add_signed(vals[0], in->wtxn ? in->total_delta : 0);
  return n > (uint64_t)0x7fffffff ? 0x7fffffff : (int)n;
}

static int igm_lmdb_context_add_statement(librdf_storage *storage, librdf_node *context,
                                          librdf_statement *st)
{
  IgmLmdbInstance *in = igm_inst(storage);
  int autoc;
  if (igm_lmdb_write_begin(in, &autoc))
    return -1;
  int rc = igm_lmdb_add_one(in, context, st);
  return igm_lmdb_write_end(in, autoc, rc < 0 ? -1 : 0) ? -1 : rc;
}

static int igm_lmdb_add_statement(librdf_storage *storage, librdf_statement *st)
{
  return igm_lmdb_context_add_statement(storage, NULL, st);
}

/* Bulk adds: a batch of quads (ids) is applied one index at a time, each in its own key order,
 * so the B+tree work is nearly sequential. Same result as igm_lmdb_add_quad one by one. */
typedef struct IgmBatchQuad {
  uint64_t k[4]; /* the quad in the order of the index being applied */
  uint64_t q[4]; /* by part: S P O G */
  int sp_new;
  int po_new;
  int dup;
} IgmBatchQuad;

static int igm_batch_cmp(const void *a, const void *b)
{
  const IgmBatchQuad *x = a, *y = b;
  for (int i = 0; i < 4; i++)
    if (x->k[i] != y->k[i])
      return x->k[i] < y->k[i] ? -1 : 1;
  return 0;
}

/* Sorting a batch: when every id fits in 32 bits, a quad's key in an index packs into two
 * 64-bit words, sorted here with the comparison inlined (glibc's qsort spends most of its time
 * in calls and in moving 80-byte records); the records are then gathered once. */
typedef struct IgmSortKey {
  uint64_t hi, lo;
  size_t i;
} IgmSortKey;

static int igm_key_less(const IgmSortKey *a, const IgmSortKey *b)
{
  return a->hi < b->hi || (a->hi == b->hi && a->lo < b->lo);
}

static void igm_key_swap(IgmSortKey *a, IgmSortKey *b)
{
  IgmSortKey t = *a;
  *a = *b;
  *b = t;
}

static int igm_key_cmp(const void *a, const void *b)
{
  const IgmSortKey *x = a, *y = b;
  return igm_key_less(x, y) ? -1 : igm_key_less(y, x);
}

static void igm_key_sort(IgmSortKey *v, size_t n, int depth)
{
  while (n > 16) {
    if (depth-- == 0) {
      qsort(v, n, sizeof *v, igm_key_cmp);
      return;
    }
    size_t mid = n / 2, i = 0, j = n - 1;
    if (igm_key_less(&v[mid], &v[0]))
      igm_key_swap(&v[mid], &v[0]);
    if (igm_key_less(&v[n - 1], &v[0]))
      igm_key_swap(&v[n - 1], &v[0]);
    if (igm_key_less(&v[n - 1], &v[mid]))
      igm_key_swap(&v[n - 1], &v[mid]);
    IgmSortKey pivot = v[mid];
    for (;;) {
      while (igm_key_less(&v[i], &pivot))
        i++;
      while (igm_key_less(&pivot, &v[j]))
        j--;
      if (i >= j)
        break;
      igm_key_swap(&v[i], &v[j]);
      i++;
      j--;
    }
    /* [0, j] <= pivot <= [j + 1, n): recurse on the smaller side */
    if (j + 1 < n - j - 1) {
      igm_key_sort(v, j + 1, depth);
      v += j + 1;
      n -= j + 1;
    } else {
      igm_key_sort(v + j + 1, n - j - 1, depth);
      n = j + 1;
    }
  }
  for (size_t i = 1; i < n; i++) {
    IgmSortKey t = v[i];
    size_t j = i;
    for (; j > 0 && igm_key_less(&t, &v[j - 1]); j--)
      v[j] = v[j - 1];
    v[j] = t;
  }
}

static void igm_batch_order(IgmBatchQuad *b, size_t n, int index)
{
  const int *ord = igm_lmdb_order[index];
  uint64_t all = 0;
  for (size_t i = 0; i < n; i++)
    for (int j = 0; j < 4; j++)
      all |= b[i].k[j] = b[i].q[ord[j]];
  IgmSortKey *keys = n > 1 && all <= 0xffffffffu ? malloc(n * sizeof *keys) : NULL;
  IgmBatchQuad *tmp = keys ? malloc(n * sizeof *tmp) : NULL;
  if (!tmp) {
    free(keys);
    qsort(b, n, sizeof *b, igm_batch_cmp);
    return;
  }
  int sorted = 1;
  for (size_t i = 0; i < n; i++) {
    keys[i].hi = b[i].k[0] << 32 | b[i].k[1];
    keys[i].lo = b[i].k[2] << 32 | b[i].k[3];
    keys[i].i = i;
    if (i && sorted && igm_key_less(&keys[i], &keys[i - 1]))
      sorted = 0;
  }
  if (!sorted) {
    igm_key_sort(keys, n, 64);
    for (size_t i = 0; i < n; i++)
      tmp[i] = b[keys[i].i];
    memcpy(b, tmp, n * sizeof *b);
  }
  free(tmp);
  free(keys);
}

/* One key's run of a sorted batch in one index: whether the key is stored and its greatest
 * duplicate. Keys above the index's last key (new ids) need no lookup and are appended with
 * MDB_APPEND; duplicates above a key's greatest one go in with MDB_APPENDDUP, so pages filled in
 * order are left full instead of split in half. */
typedef struct IgmRun {
  uint64_t key;
  int exists;             /* the key has at least one duplicate in the index now */
  int existed;            /* ... before this batch */
  unsigned char last[24]; /* its greatest duplicate, when it exists */
} IgmRun;

typedef struct IgmIndexEnd {
  int any;       /* the index held a key when the pass began */
  uint64_t last; /* its greatest key then */
} IgmIndexEnd;

static int igm_index_end(MDB_cursor *c, IgmIndexEnd *end)
{
  MDB_val k, v;
  int rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
  end->any = 0;
  end->last = 0;
  if (rc == MDB_NOTFOUND)
    return 0;
  if (rc || k.mv_size != 8)
    return igm_lmdb_fail(rc ? rc : MDB_CORRUPTED, "reading an index");
  end->any = 1;
  end->last = igm_get64(k.mv_data);
  return 0;
}

static int igm_run_enter(MDB_cursor *c, const IgmIndexEnd *end, IgmRun *r, uint64_t key)
{
  unsigned char kb[8];
  r->key = key;
  r->exists = r->existed = 0;
  if (!end->any || key > end->last)
    return 0;
  igm_put64(kb, key);
  MDB_val k = {8, kb}, v;
  int rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
  if (rc == MDB_NOTFOUND)
    return 0;
  if (rc == 0)
    rc = mdb_cursor_get(c, &k, &v, MDB_LAST_DUP);
  if (rc || v.mv_size != 24)
    return igm_lmdb_fail(rc ? rc : MDB_CORRUPTED, "reading an index");
  memcpy(r->last, v.mv_data, 24);
  r->exists = r->existed = 1;
  return 0;
}

static void igm_quad_data(const IgmBatchQuad *e, unsigned char d[24])
{
  igm_put64(d, e->k[1]);
  igm_put64(d + 8, e->k[2]);
  igm_put64(d + 16, e->k[3]);
}

static int igm_run_put(IgmLmdbInstance *in, MDB_cursor *c, const IgmIndexEnd *end, IgmRun *r,
                       const unsigned char d[24])
{
  unsigned char kb[8];
  unsigned flags;
  int above = !r->exists || memcmp(d, r->last, 24) > 0;
  if (!r->exists)
    flags = (!end->any || r->key > end->last) ? MDB_APPEND : MDB_NODUPDATA;
  else
    flags = above ? MDB_APPENDDUP : MDB_NODUPDATA;
  igm_put64(kb, r->key);
  MDB_val kv = {8, kb}, dv = {24, (void *)d};
  int rc = mdb_cursor_put(c, &kv, &dv, flags);
  if (rc == MDB_KEYEXIST) {
    igm_lmdb_set_error(IGM_LMDB_CORRUPT, "store is damaged: indexes disagree");
    return -1;
  }
  if (rc)
    return igm_lmdb_fail_write(in, rc, "adding a statement");
  if (above)
    memcpy(r->last, d, 24);
  r->exists = 1;
  return 0;
}

/* Is there a duplicate of run r (already entered) whose first 8 bytes equal those of d, given
 * that d is not in the index and prev (NULL or the previous quad added in this run) precedes it?
 * *yes set. 0 on success. */
static int igm_run_has_prefix(MDB_cursor *c, const IgmRun *r, const unsigned char d[24],
                              const unsigned char *prev, int *yes)
{
  *yes = 0;
  if (prev && memcmp(prev, d, 8) == 0) {
    *yes = 1;
    return 0;
  }
  if (!r->existed)
    return 0;
  if (memcmp(d, r->last, 24) > 0) {
    *yes = memcmp(r->last, d, 8) == 0;
    return 0;
  }
  return igm_has_prefix2(c, r->key, igm_get64(d), yes);
}

static int igm_batch_apply(IgmLmdbInstance *in, IgmBatchQuad *b, size_t n)
{
  unsigned char d[24], prev[24];
  size_t kept = 0;
  IgmIndexEnd end;
  IgmRun run = {0, 0, 0, {0}};
  int have_prev = 0;
  if (n == 0)
    return 0;
  /* SPOG: duplicates (in the batch or stored), distinct subject per predicate, insert */
  igm_batch_order(b, n, IGM_DB_SPOG);
  MDB_cursor *c = igm_wcur(in, IGM_DB_SPOG);
  if (!c || igm_index_end(c, &end))
    return -1;
  for (size_t i = 0; i < n; i++) {
    b[i].dup = i > 0 && igm_batch_cmp(&b[i], &b[i - 1]) == 0;
    if (b[i].dup)
      continue;
    if (i == 0 || b[i].k[0] != run.key) {
      if (igm_run_enter(c, &end, &run, b[i].k[0]))
        return -1;
      have_prev = 0;
    }
    igm_quad_data(&b[i], d);
    if (run.existed && memcmp(d, run.last, 24) <= 0) {
      unsigned char kb[8];
      igm_put64(kb, run.key);
      MDB_val kv = {8, kb}, dv = {24, d};
      int rc = mdb_cursor_get(c, &kv, &dv, MDB_GET_BOTH);
      if (rc == 0) {
        b[i].dup = 1;
        continue;
      }
      if (rc != MDB_NOTFOUND)
        return igm_lmdb_fail(rc, "reading an index");
    }
    int sp_exists = 0;
    if (igm_run_has_prefix(c, &run, d, have_prev ? prev : NULL, &sp_exists))
      return -1;
    b[i].sp_new = !sp_exists;
    if (igm_run_put(in, c, &end, &run, d))
      return -1;
    memcpy(prev, d, 24);
    have_prev = 1;
  }
  for (size_t i = 0; i < n; i++)
    if (!b[i].dup)
      b[kept++] = b[i];
  n = kept;
  if (n == 0)
    return 0;
  /* POSG: distinct object per predicate, insert */
  igm_batch_order(b, n, IGM_DB_POSG);
  c = igm_wcur(in, IGM_DB_POSG);
  if (!c || igm_index_end(c, &end))
    return -1;
  for (size_t i = 0; i < n; i++) {
    int po_exists = 0;
    if (i == 0 || b[i].k[0] != run.key) {
      if (igm_run_enter(c, &end, &run, b[i].k[0]))
        return -1;
      have_prev = 0;
    }
    igm_quad_data(&b[i], d);
    if (igm_run_has_prefix(c, &run, d, have_prev ? prev : NULL, &po_exists))
      return -1;
    b[i].po_new = !po_exists;
    if (igm_run_put(in, c, &end, &run, d))
      return -1;
    memcpy(prev, d, 24);
    have_prev = 1;
    if (igm_lmdb_delta(in, b[i].q, +1, b[i].sp_new, b[i].po_new))
      return -1;
  }
  for (int x = IGM_DB_OSPG; x <= IGM_DB_GSPO; x++) {
    igm_batch_order(b, n, x);
    c = igm_wcur(in, x);
    if (!c || igm_index_end(c, &end))
      return -1;
    for (size_t i = 0; i < n; i++) {
      if ((i == 0 || b[i].k[0] != run.key) && igm_run_enter(c, &end, &run, b[i].k[0]))
        return -1;
      igm_quad_data(&b[i], d);
      if (igm_run_put(in, c, &end, &run, d))
        return -1;
    }
  }
  return 0;
}

#define IGM_LMDB_BATCH 65536u

static int igm_lmdb_context_add_statements(librdf_storage *storage, librdf_node *context,
                                           librdf_stream *stream)
{
  IgmLmdbInstance *in = igm_inst(storage);
  int autoc, status = -1;
  uint64_t g = 0;
  size_t n = 0;
  IgmBatchQuad *b = NULL;
  if (igm_lmdb_write_begin(in, &autoc))
    return 1;
  b = malloc(IGM_LMDB_BATCH * sizeof *b);
  if (!b) {
    igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
    goto done;
  }
  if (context && igm_lmdb_node_id(in, in->wtxn, context, 1, &g))
    goto done;
  while (!librdf_stream_end(stream)) {
    librdf_statement *st = librdf_stream_get_object(stream);
    if (!st) {
      igm_lmdb_set_error(IGM_LMDB_IO, "statement stream failed");
      goto done;
    }
    if (igm_lmdb_statement_ok(st)) {
      IgmBatchQuad *e = &b[n];
      memset(e, 0, sizeof *e);
      e->q[3] = g;
      if (igm_lmdb_node_id(in, in->wtxn, librdf_statement_get_subject(st), 1, &e->q[0]) ||
          igm_lmdb_node_id(in, in->wtxn, librdf_statement_get_predicate(st), 1, &e->q[1]) ||
          igm_lmdb_node_id(in, in->wtxn, librdf_statement_get_object(st), 1, &e->q[2]))
        goto done;
      if (++n == IGM_LMDB_BATCH) {
        if (igm_batch_apply(in, b, n))
          goto done;
        n = 0;
      }
    }
    librdf_stream_next(stream);
  }
  if (igm_batch_apply(in, b, n))
    goto done;
  status = 0;
done:
  free(b);
  return igm_lmdb_write_end(in, autoc, status) ? 1 : 0;
}

static int igm_lmdb_add_statements(librdf_storage *storage, librdf_stream *stream)
{
  return igm_lmdb_context_add_statements(storage, NULL, stream);
}

static int igm_lmdb_context_remove_statement(librdf_storage *storage, librdf_node *context,
                                             librdf_statement *st)
{
  IgmLmdbInstance *in = igm_inst(storage);
  int autoc;
  if (igm_lmdb_write_begin(in, &autoc))
    return 1;
  int rc = igm_lmdb_remove_one(in, context, st);
  return igm_lmdb_write_end(in, autoc, rc < 0 ? -1 : 0) ? 1 : rc;
}

static int igm_lmdb_remove_statement(librdf_storage *storage, librdf_statement *st)
{
  return igm_lmdb_context_remove_statement(storage, NULL, st);
}

static int igm_lmdb_context_remove_statements(librdf_storage *storage, librdf_node *context)
{
  IgmLmdbInstance *in = igm_inst(storage);
  int autoc, status = -1;
  uint64_t g = 0, *qs = NULL;
  size_t n = 0, cap = 0;
  IgmLmdbScan *sc = NULL;
  if (igm_lmdb_write_begin(in, &autoc))
    return 1;
  if (context) {
    if (igm_lmdb_node_id(in, in->wtxn, context, 0, &g))
      goto done;
    if (!g) {
      status = 0;
      goto done;
    }
  }
  int bound[4] = {0, 0, 0, 1};
  uint64_t want[4] = {0, 0, 0, g};
  sc = igm_scan_new(in, in->wtxn, 0, bound, want, IGM_DB_GSPO);
  if (!sc)
    goto done;
  for (;;) {
    if (igm_scan_step(sc))
      goto done;
    if (sc->ended)
      break;
    if (n == cap) {
      size_t ncap = cap ? cap * 2 : 1024;
      uint64_t *nq = realloc(qs, ncap * 4 * sizeof *nq);
      if (!nq) {
        igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
        goto done;
      }
      qs = nq;
      cap = ncap;
    }
    memcpy(qs + n * 4, sc->q, 4 * sizeof *qs);
    n++;
  }
  igm_scan_free(sc);
  sc = NULL;
  for (size_t i = 0; i < n; i++)
    if (igm_lmdb_remove_quad(in, qs + i * 4))
      goto done;
  status = 0;
done:
  igm_scan_free(sc);
  free(qs);
  return igm_lmdb_write_end(in, autoc, status) ? 1 : 0;
}

static int igm_lmdb_contains_statement(librdf_storage *storage, librdf_statement *st)
{
  librdf_stream *s = igm_lmdb_find(storage, st, NULL, 0);
  if (!s)
    return 0;
  int found = !librdf_stream_end(s);
  librdf_free_stream(s);
  return found;
}

static librdf_stream *igm_lmdb_serialise(librdf_storage *storage)
{
  return igm_lmdb_find(storage, NULL, NULL, 0);
}

static librdf_stream *igm_lmdb_find_statements(librdf_storage *storage, librdf_statement *st)
{
  return igm_lmdb_find(storage, st, NULL, 0);
}

static librdf_stream *igm_lmdb_find_statements_in_context(librdf_storage *storage,
                                                          librdf_statement *st,
                                                          librdf_node *context)
{
  return igm_lmdb_find(storage, st, context, context != NULL);
}

static librdf_stream *igm_lmdb_context_serialise(librdf_storage *storage, librdf_node *context)
{
  return igm_lmdb_find(storage, NULL, context, 1);
}

static librdf_iterator *igm_lmdb_find_sources(librdf_storage *storage, librdf_node *arc,
                                              librdf_node *target)
{
  return igm_lmdb_iterator(storage, NULL, arc, target, 0);
}

static librdf_iterator *igm_lmdb_find_arcs(librdf_storage *storage, librdf_node *source,
                                           librdf_node *target)
{
  return igm_lmdb_iterator(storage, source, NULL, target, 1);
}

static librdf_iterator *igm_lmdb_find_targets(librdf_storage *storage, librdf_node *source,
                                              librdf_node *arc)
{
  return igm_lmdb_iterator(storage, source, arc, NULL, 2);
}

static librdf_iterator *igm_lmdb_get_arcs_in(librdf_storage *storage, librdf_node *node)
{
  return igm_lmdb_iterator(storage, NULL, NULL, node, 1);
}

static librdf_iterator *igm_lmdb_get_arcs_out(librdf_storage *storage, librdf_node *node)
{
  return igm_lmdb_iterator(storage, node, NULL, NULL, 1);
}

static int igm_lmdb_has_arc(librdf_storage *storage, librdf_node *s, librdf_node *p,
                            librdf_node *o)
{
  librdf_iterator *it = igm_lmdb_iterator(storage, s, p, o, s ? 2 : 0);
  if (!it)
    return 0;
  int found = !librdf_iterator_end(it);
  librdf_free_iterator(it);
  return found;
}

static int igm_lmdb_has_arc_in(librdf_storage *storage, librdf_node *node, librdf_node *property)
{
  return igm_lmdb_has_arc(storage, NULL, property, node);
}

static int igm_lmdb_has_arc_out(librdf_storage *storage, librdf_node *node,
                                librdf_node *property)
{
  return igm_lmdb_has_arc(storage, node, property, NULL);
}

static librdf_iterator *igm_lmdb_get_contexts(librdf_storage *storage)
{
  IgmLmdbInstance *in = igm_inst(storage);
  int bound[4] = {0, 0, 0, 0};
  uint64_t want[4] = {0, 0, 0, 0};
  int owned = 0;
  MDB_txn *txn = igm_lmdb_read_txn(in, &owned);
  if (!txn)
    return NULL;
  IgmLmdbScan *sc = igm_scan_new(in, txn, owned, bound, want, IGM_DB_GSPO);
  if (!sc)
    return NULL;
  sc->nodup_keys = 1;
  IgmLmdbStream *s = igm_lmdb_stream_wrap(storage, sc);
  if (!s)
    return NULL;
  s->want = 3;
  /* skip the default graph (id 0 sorts first) */
  if (!sc->ended && sc->q[3] == 0)
    igm_lmdb_stream_next(s);
  librdf_iterator *it = librdf_new_iterator(in->world, s, igm_lmdb_stream_is_end,
                                            igm_lmdb_stream_next, igm_lmdb_iter_get,
                                            igm_lmdb_stream_finished);
  if (!it)
    igm_lmdb_stream_finished(s);
  return it;
}

static librdf_node *igm_lmdb_get_feature(librdf_storage *storage, librdf_uri *feature)
{
  IgmLmdbInstance *in = igm_inst(storage);
  if (!feature)
    return NULL;
  const char *u = (const char *)librdf_uri_as_string(feature);
  if (u && strcmp(u, LIBRDF_MODEL_FEATURE_CONTEXTS) == 0)
    return librdf_new_node_from_typed_literal(in->world, (const unsigned char *)"1", NULL, NULL);
  return NULL;
}

static int igm_lmdb_set_feature(librdf_storage *storage, librdf_uri *feature, librdf_node *value)
{
  (void)storage;
  (void)feature;
  (void)value;
  return -1;
}

static int igm_lmdb_sync(librdf_storage *storage)
{
  IgmLmdbInstance *in = igm_inst(storage);
  if (!in->writable)
    return 0;
  int rc = mdb_env_sync(in->e->env, 1);
  if (rc) {
    igm_lmdb_fail(rc, "syncing");
    return 1;
  }
  return 0;
}

static int igm_lmdb_transaction_start(librdf_storage *storage)
{
  IgmLmdbInstance *in = igm_inst(storage);
  if (in->wtxn) {
    igm_lmdb_set_error(IGM_LMDB_USAGE, "a transaction is already active");
    return 1;
  }
  if (igm_lmdb_wtxn_begin(in))
    return 1;
  in->explicit_txn = 1;
  return 0;
}

static int igm_lmdb_transaction_commit(librdf_storage *storage)
{
  IgmLmdbInstance *in = igm_inst(storage);
  if (!in->wtxn || !in->explicit_txn) {
    igm_lmdb_set_error(IGM_LMDB_USAGE, "no transaction is active");
    return 1;
  }
  return igm_lmdb_wtxn_commit(in) ? 1 : 0;
}

static int igm_lmdb_transaction_rollback(librdf_storage *storage)
{
  IgmLmdbInstance *in = igm_inst(storage);
  if (!in->wtxn || !in->explicit_txn) {
    igm_lmdb_set_error(IGM_LMDB_USAGE, "no transaction is active");
    return 1;
  }
  igm_lmdb_wtxn_abort(in);
  return 0;
}

static void *igm_lmdb_transaction_get_handle(librdf_storage *storage)
{
  IgmLmdbInstance *in = igm_inst(storage);
  return in->explicit_txn ? in->wtxn : NULL;
}

static void igm_lmdb_factory(librdf_storage_factory *f)
{
  f->version = LIBRDF_STORAGE_INTERFACE_VERSION;
  f->init = igm_lmdb_init;
  f->terminate = igm_lmdb_terminate;
  f->open = igm_lmdb_open;
  f->close = igm_lmdb_close;
  f->size = igm_lmdb_size;
  f->add_statement = igm_lmdb_add_statement;
  f->add_statements = igm_lmdb_add_statements;
  f->remove_statement = igm_lmdb_remove_statement;
  f->contains_statement = igm_lmdb_contains_statement;
  f->has_arc_in = igm_lmdb_has_arc_in;
  f->has_arc_out = igm_lmdb_has_arc_out;
  f->serialise = igm_lmdb_serialise;
  f->find_statements = igm_lmdb_find_statements;
  f->find_sources = igm_lmdb_find_sources;
  f->find_arcs = igm_lmdb_find_arcs;
  f->find_targets = igm_lmdb_find_targets;
  f->get_arcs_in = igm_lmdb_get_arcs_in;
  f->get_arcs_out = igm_lmdb_get_arcs_out;
  f->context_add_statement = igm_lmdb_context_add_statement;
  f->context_remove_statement = igm_lmdb_context_remove_statement;
  f->context_serialise = igm_lmdb_context_serialise;
  f->sync = igm_lmdb_sync;
  f->context_add_statements = igm_lmdb_context_add_statements;
  f->context_remove_statements = igm_lmdb_context_remove_statements;
  f->find_statements_in_context = igm_lmdb_find_statements_in_context;
  f->get_contexts = igm_lmdb_get_contexts;
  f->get_feature = igm_lmdb_get_feature;
  f->set_feature = igm_lmdb_set_feature;
  f->transaction_start = igm_lmdb_transaction_start;
  f->transaction_commit = igm_lmdb_transaction_commit;
  f->transaction_rollback = igm_lmdb_transaction_rollback;
  f->transaction_get_handle = igm_lmdb_transaction_get_handle;
}

int igm_lmdb_register(librdf_world *world)
{
  return librdf_storage_register_factory(world, "lmdb", "igmap LMDB quad store", igm_lmdb_factory)
             ? -1
             : 0;
}

/* ---------------------------------------------------------------- igmap's own API */

/* The instance of storage if it is an open lmdb storage, else NULL. */
static IgmLmdbInstance *igm_lmdb_find_instance(librdf_storage *storage)
{
  for (IgmLmdbInstance *in = igm_lmdb_instances; in; in = in->next_instance)
    if (in->storage == storage)
      return in;
  return NULL;
}

/* The same, setting an error when it is not. */
static IgmLmdbInstance *igm_lmdb_checked(librdf_storage *storage)
{
  IgmLmdbInstance *in = storage ? igm_lmdb_find_instance(storage) : NULL;
  if (!in)
    igm_lmdb_set_error(IGM_LMDB_USAGE, "not an lmdb storage");
  return in;
}

int igm_lmdb_in_transaction(librdf_storage *storage)
{
  IgmLmdbInstance *in = storage ? igm_lmdb_find_instance(storage) : NULL;
  return in && in->explicit_txn;
}

void igm_lmdb_stats_clear(IgmLmdbStats *stats)
{
  if (!stats)
    return;
  for (size_t i = 0; i < stats->graph_count; i++)
    if (stats->graphs[i].graph)
      librdf_free_node(stats->graphs[i].graph);
  for (size_t i = 0; i < stats->predicate_count; i++)
    if (stats->predicates[i].predicate)
      librdf_free_node(stats->predicates[i].predicate);
  free(stats->graphs);
  free(stats->predicates);
  memset(stats, 0, sizeof *stats);
}

int igm_lmdb_stats(librdf_storage *storage, IgmLmdbStats *out)
{
  IgmLmdbInstance *in = igm_lmdb_checked(storage);
  MDB_cursor *c = NULL;
  MDB_txn *txn = NULL;
  int owned = 0, ret = -1, rc;
  size_t gcap = 0, pcap = 0;
  memset(out, 0, sizeof *out);
  if (!in)
    return -1;
  if (in->wtxn && igm_lmdb_flush_stats(in))
    return -1;
  txn = igm_lmdb_read_txn(in, &owned);
  if (!txn)
    return -1;
  rc = mdb_cursor_open(txn, in->e->dbi[IGM_DB_STATS], &c);
  if (rc) {
    igm_lmdb_fail(rc, "reading statistics");
    goto done;
  }
  MDB_val k, v;
  for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
       rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
    const unsigned char *kb = k.mv_data, *vb = v.mv_data;
    if (k.mv_size == 1 && kb[0] == 'T' && v.mv_size >= 8) {
      out->quads = igm_get64(vb);
    } else if (k.mv_size == 9 && kb[0] == 'G' && v.mv_size >= 8) {
      if (out->graph_count == gcap) {
        size_t ncap = gcap ? gcap * 2 : 16;
        IgmLmdbGraphStat *ng = realloc(out->graphs, ncap * sizeof *ng);
        if (!ng)
          goto nomem;
        out->graphs = ng;
        gcap = ncap;
      }
      IgmLmdbGraphStat *gs = &out->graphs[out->graph_count];
      uint64_t id = igm_get64(kb + 1);
      gs->quads = igm_get64(vb);
      gs->graph = NULL;
      if (id) {
        gs->graph = igm_lmdb_id_node(in, txn, id);
        if (!gs->graph)
          goto done;
      }
      out->graph_count++;
    } else if (k.mv_size == 9 && kb[0] == 'P' && v.mv_size >= 24) {
      if (out->predicate_count == pcap) {
        size_t ncap = pcap ? pcap * 2 : 16;
        IgmLmdbPredicateStat *np = realloc(out->predicates, ncap * sizeof *np);
        if (!np)
          goto nomem;
        out->predicates = np;
        pcap = ncap;
      }
      IgmLmdbPredicateStat *ps = &out->predicates[out->predicate_count];
      ps->quads = igm_get64(vb);
      ps->subjects = igm_get64(vb + 8);
      ps->objects = igm_get64(vb + 16);
      ps->predicate = igm_lmdb_id_node(in, txn, igm_get64(kb + 1));
      if (!ps->predicate)
        goto done;
      out->predicate_count++;
    }
  }
  if (rc != MDB_NOTFOUND) {
    igm_lmdb_fail(rc, "reading statistics");
    goto done;
  }
  ret = 0;
  goto done;
nomem:
  igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
done:
  if (c)
    mdb_cursor_close(c);
  if (owned)
    mdb_txn_abort(txn);
  if (ret)
    igm_lmdb_stats_clear(out);
  return ret;
}

int igm_lmdb_predicate_stats(librdf_storage *storage, librdf_node *predicate,
                             IgmLmdbPredicateStat *out)
{
  IgmLmdbInstance *in = igm_lmdb_checked(storage);
  int owned = 0, ret = -1;
  uint64_t id = 0, vals[3] = {0, 0, 0};
  memset(out, 0, sizeof *out);
  if (!in || !predicate)
    return -1;
  MDB_txn *txn = igm_lmdb_read_txn(in, &owned);
  if (!txn)
    return -1;
  if (igm_lmdb_node_id(in, txn, predicate, 0, &id))
    goto done;
  if (id && igm_stats_get(in, txn, 'P', id, vals))
    goto done;
  if (id && in->wtxn) {
    const IgmDelta *d = igm_delta_find(in, (id << 1) | 1u);
    if (d)
      for (int i = 0; i < 3; i++)
        vals[i] = igm_add_signed(vals[i], d->d[i]);
  }
  out->quads = vals[0];
  out->subjects = vals[1];
  out->objects = vals[2];
  ret = 0;
done:
  if (owned)
    mdb_txn_abort(txn);
  return ret;
}

int igm_lmdb_graph_size(librdf_storage *storage, librdf_node *graph, uint64_t *out)
{
  IgmLmdbInstance *in = igm_lmdb_checked(storage);
  int owned = 0, ret = -1;
  uint64_t id = 0, vals[3] = {0, 0, 0};
  *out = 0;
  if (!in)
    return -1;
  MDB_txn *txn = igm_lmdb_read_txn(in, &owned);
  if (!txn)
    return -1;
  if (graph) {
    if (igm_lmdb_node_id(in, txn, graph, 0, &id))
      goto done;
    if (!id) {
      ret = 0;
      goto done;
    }
  }
  if (igm_stats_get(in, txn, 'G', id, vals))
    goto done;
  if (in->wtxn) {
    const IgmDelta *d = igm_delta_find(in, id << 1);
    if (d)
      vals[0] = igm_add_signed(vals[0], d->d[0]);
  }
  *out = vals[0];
  ret = 0;
done:
  if (owned)
    mdb_txn_abort(txn);
  return ret;
}

static int igm_lmdb_meta_key(const char *key, MDB_val *k)
{
  size_t n = key ? strlen(key) : 0;
  if (!key || n == 0 || n > IGM_LMDB_MAX_META_KEY) {
    igm_lmdb_set_error(IGM_LMDB_USAGE, "bad metadata key");
    return -1;
  }
  k->mv_size = n;
  k->mv_data = (void *)(uintptr_t)key;
  return 0;
}

int igm_lmdb_meta_put(librdf_storage *storage, const char *key, const char *value)
{
  IgmLmdbInstance *in = igm_lmdb_checked(storage);
  MDB_val k, v;
  int autoc, status = -1;
  if (!in || igm_lmdb_meta_key(key, &k) || !value) {
    if (in && !value)
      igm_lmdb_set_error(IGM_LMDB_USAGE, "no metadata value");
    return -1;
  }
  if (igm_lmdb_write_begin(in, &autoc))
    return -1;
  v.mv_size = strlen(value);
  v.mv_data = (void *)(uintptr_t)value;
  int rc = mdb_put(in->wtxn, in->e->dbi[IGM_DB_META], &k, &v, 0);
  if (rc)
    igm_lmdb_fail(rc, "writing metadata");
  else
    status = 0;
  return igm_lmdb_write_end(in, autoc, status);
}

char *igm_lmdb_meta_get(librdf_storage *storage, const char *key)
{
  IgmLmdbInstance *in = igm_lmdb_checked(storage);
  MDB_val k, v;
  int owned = 0;
  char *ret = NULL;
  if (!in || igm_lmdb_meta_key(key, &k))
    return NULL;
  MDB_txn *txn = igm_lmdb_read_txn(in, &owned);
  if (!txn)
    return NULL;
  int rc = mdb_get(txn, in->e->dbi[IGM_DB_META], &k, &v);
  if (rc == 0) {
    ret = malloc(v.mv_size + 1);
    if (ret) {
      memcpy(ret, v.mv_data, v.mv_size);
      ret[v.mv_size] = '\0';
      igm_lmdb_clear_error();
    } else {
      igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
    }
  } else if (rc == MDB_NOTFOUND) {
    igm_lmdb_clear_error();
  } else {
    igm_lmdb_fail(rc, "reading metadata");
  }
  if (owned)
    mdb_txn_abort(txn);
  return ret;
}

int igm_lmdb_meta_delete(librdf_storage *storage, const char *key)
{
  IgmLmdbInstance *in = igm_lmdb_checked(storage);
  MDB_val k;
  int autoc, status = -1;
  if (!in || igm_lmdb_meta_key(key, &k))
    return -1;
  if (igm_lmdb_write_begin(in, &autoc))
    return -1;
  int rc = mdb_del(in->wtxn, in->e->dbi[IGM_DB_META], &k, NULL);
  if (rc && rc != MDB_NOTFOUND)
    igm_lmdb_fail(rc, "deleting metadata");
  else
    status = 0;
  return igm_lmdb_write_end(in, autoc, status);
}

int igm_lmdb_meta_foreach(librdf_storage *storage, const char *key_prefix,
                          int (*cb)(const char *key, const char *value, void *ud), void *ud)
{
  IgmLmdbInstance *in = igm_lmdb_checked(storage);
  MDB_cursor *c = NULL;
  MDB_txn *txn = NULL;
  char *kcopy = NULL, *vcopy = NULL;
  int owned = 0, ret = -1, rc;
  size_t plen = key_prefix ? strlen(key_prefix) : 0;
  if (!in || !cb)
    return -1;
  txn = igm_lmdb_read_txn(in, &owned);
  if (!txn)
    return -1;
  rc = mdb_cursor_open(txn, in->e->dbi[IGM_DB_META], &c);
  if (rc) {
    igm_lmdb_fail(rc, "reading metadata");
    goto done;
  }
  MDB_val k = {plen, (void *)(uintptr_t)key_prefix}, v;
  rc = plen ? mdb_cursor_get(c, &k, &v, MDB_SET_RANGE) : mdb_cursor_get(c, &k, &v, MDB_FIRST);
  for (; rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
    if (k.mv_size < plen || memcmp(k.mv_data, key_prefix, plen) != 0)
      break;
    kcopy = malloc(k.mv_size + 1);
    vcopy = malloc(v.mv_size + 1);
    if (!kcopy || !vcopy) {
      igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
      goto done;
    }
    memcpy(kcopy, k.mv_data, k.mv_size);
    kcopy[k.mv_size] = '\0';
    memcpy(vcopy, v.mv_data, v.mv_size);
    vcopy[v.mv_size] = '\0';
    int r = cb(kcopy, vcopy, ud);
    free(kcopy);
    free(vcopy);
    kcopy = vcopy = NULL;
    if (r) {
      ret = r;
      goto done;
    }
  }
  if (rc && rc != MDB_NOTFOUND) {
    igm_lmdb_fail(rc, "reading metadata");
    goto done;
  }
  ret = 0;
done:
  free(kcopy);
  free(vcopy);
  if (c)
    mdb_cursor_close(c);
  if (owned)
    mdb_txn_abort(txn);
  return ret;
}

/* ---------------------------------------------------------------- bulk loading */

/* The bulk path runs in two threads. The caller's thread (the parser's) maps every node to an
 * entry of an in-memory dictionary and fills a batch of quads that refer to entries. A full
 * batch becomes a job: the quads and the bytes of the entries first seen in it. A worker thread
 * takes one job at a time: it looks those entries up in the store's node dictionary (or numbers
 * them), turns the quads' entries into node ids and writes the batch, while the caller fills
 * the next batch. Only the worker touches the transaction while a job runs; the caller waits
 * for the job in flight before it uses the transaction itself (igm_lmdb_bulk_flush), and the
 * transaction stays the caller's to commit. Entry numbers restart when the dictionary is
 * cleared (it keeps at most arena_max bytes across batches); the worker keeps each entry's id
 * in its own array, indexed by entry number. */

typedef struct IgmBulkEntry {
  uint64_t hash;
  size_t off;
  size_t len;
} IgmBulkEntry;

typedef struct IgmBulkNew { /* an entry first seen in a job's batch, for the worker */
  uint64_t hash;
  size_t entry; /* entry number */
  size_t off;   /* in the job's bytes */
  size_t len;
} IgmBulkNew;

typedef struct IgmBulkJob {
  IgmBatchQuad *b; /* q[] hold entry number + 1 */
  size_t n;
  IgmBulkNew *nw;
  size_t nnew, new_cap;
  unsigned char *bytes;
  size_t bytes_len, bytes_cap;
} IgmBulkJob;

#define IGM_BULK_BATCH 32768u            /* quads per batch */
#define IGM_BULK_URIS 4096u              /* IRIs remembered by identity */
#define IGM_BULK_ARENA_MAX (24u << 20)   /* dictionary bytes kept across batches */

struct IgmLmdbBulk {
  librdf_storage *storage;
  IgmLmdbInstance *in;
  /* the caller's side: the dictionary and the batch being filled */
  IgmBulkEntry *ent;
  size_t nent, ent_cap;
  size_t first_new; /* entries from here on are new in the batch being filled */
  size_t *slot;     /* open addressing: entry number + 1, 0 = empty */
  size_t slot_cap;
  unsigned char *arena;
  size_t arena_len, arena_cap;
  IgmBuf enc; /* the caller's encoding buffer (the instance's is the worker's) */
  IgmBatchQuad *b;
  size_t n;
  size_t batch;     /* quads per batch */
  size_t arena_max; /* dictionary bytes kept across batches */
  uint64_t count;
  struct {
    librdf_uri *uri;
    uint64_t ref;
  } uris[IGM_BULK_URIS];
  /* the worker's side */
  uint64_t *eid; /* entry number -> node id */
  size_t eid_cap;
  IgmBulkJob job; /* the job handed over (its batch buffer is swapped with b) */
  pthread_t thread;
  int threaded;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int pending; /* a job is waiting or running */
  int quit;
  int failed;  /* a job failed: the last error says why */
  int sync;    /* mu and cv are initialised */
};

static void igm_bulk_forget_uris(IgmLmdbBulk *bk)
{
  for (size_t i = 0; i < IGM_BULK_URIS; i++) {
    if (bk->uris[i].uri)
      librdf_free_uri(bk->uris[i].uri);
    bk->uris[i].uri = NULL;
  }
}

static void igm_bulk_clear_dict(IgmLmdbBulk *bk)
{
  igm_bulk_forget_uris(bk);
  bk->nent = 0;
  bk->first_new = 0;
  bk->arena_len = 0;
  if (bk->slot)
    memset(bk->slot, 0, bk->slot_cap * sizeof *bk->slot);
}

static int igm_bulk_entry_cmp(const void *a, const void *b)
{
  const IgmBulkNew *x = a, *y = b;
  return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static int igm_bulk_new_cmp(const void *a, const void *b)
{
  const IgmBulkNew *x = a, *y = b;
  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* The worker: gives every new entry of the job its id (found in the node dictionary, looked up
 * in hash order; or new, numbered in the order first seen), then writes the batch. */
static int igm_bulk_run_job(IgmLmdbBulk *bk, IgmBulkJob *j)
{
  IgmLmdbInstance *in = bk->in;
  MDB_cursor *cn, *ci;
  size_t i, need = 0;
  int rc;
  for (i = 0; i < j->nnew; i++)
    if (j->nw[i].entry + 1 > need)
      need = j->nw[i].entry + 1;
  if (need > bk->eid_cap) {
    size_t cap = bk->eid_cap ? bk->eid_cap : 65536;
    while (cap < need)
      cap *= 2;
    uint64_t *ne = realloc(bk->eid, cap * sizeof *ne);
    if (!ne) {
      igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
      return -1;
    }
    bk->eid = ne;
    bk->eid_cap = cap;
  }
  if (j->nnew) {
    IgmIndexEnd n2i_end;
    cn = igm_wcur(in, IGM_DB_N2I);
    ci = igm_wcur(in, IGM_DB_I2N);
    if (!cn || !ci || igm_index_end(cn, &n2i_end))
      return -1;
    for (i = 0; i < j->nnew; i++)
      bk->eid[j->nw[i].entry] = 0;
    /* the new entries are in first-seen order: number the unknown ones in that order */
    qsort(j->nw, j->nnew, sizeof *j->nw, igm_bulk_new_cmp);
    if (n2i_end.any) {
      for (i = 0; i < j->nnew; i++) {
        const IgmBulkNew *e = &j->nw[i];
        if (igm_n2i_find(in, in->wtxn, cn, e->hash, j->bytes + e->off, e->len,
                         &bk->eid[e->entry]))
          return -1;
      }
    }
    {
      /* new ids in first-seen order (entry order), appended to i2n; then n2i in hash order */
      uint64_t first_id = in->next_id;
      qsort(j->nw, j->nnew, sizeof *j->nw, igm_bulk_entry_cmp);
      for (i = 0; i < j->nnew; i++) {
        const IgmBulkNew *e = &j->nw[i];
        unsigned char ik[8];
        uint64_t id;
        if (bk->eid[e->entry])
          continue;
        id = in->next_id++;
        bk->eid[e->entry] = id;
        igm_put64(ik, id);
        MDB_val k = {8, ik}, v = {e->len, j->bytes + e->off};
        rc = mdb_cursor_put(ci, &k, &v, MDB_APPEND);
        if (rc)
          return igm_lmdb_fail_write(in, rc, "adding to the node dictionary");
      }
      qsort(j->nw, j->nnew, sizeof *j->nw, igm_bulk_new_cmp);
      for (i = 0; i < j->nnew; i++) {
        const IgmBulkNew *e = &j->nw[i];
        unsigned char hk[8], ik[8];
        uint64_t id = bk->eid[e->entry];
        if (id < first_id)
          continue; /* found in the dictionary */
        memcpy(hk, &e->hash, 8);
        igm_put64(ik, id);
        MDB_val k = {8, hk}, v = {8, ik};
        rc = mdb_cursor_put(cn, &k, &v, MDB_NODUPDATA);
        if (rc && rc != MDB_KEYEXIST)
          return igm_lmdb_fail_write(in, rc, "adding to the node dictionary");
      }
    }
  }
  for (i = 0; i < j->n; i++) {
    uint64_t *q = j->b[i].q;
    for (int k = 0; k < 4; k++)
      if (q[k])
        q[k] = bk->eid[q[k] - 1];
  }
  rc = igm_batch_apply(in, j->b, j->n);
  j->n = 0;
  j->nnew = 0;
  j->bytes_len = 0;
  return rc ? -1 : 0;
}

static void *igm_bulk_worker(void *arg)
{
  IgmLmdbBulk *bk = arg;
  pthread_mutex_lock(&bk->mu);
  for (;;) {
    while (!bk->pending && !bk->quit)
      pthread_cond_wait(&bk->cv, &bk->mu);
    if (!bk->pending && bk->quit)
      break;
    pthread_mutex_unlock(&bk->mu);
    int rc = bk->failed ? -1 : igm_bulk_run_job(bk, &bk->job);
    pthread_mutex_lock(&bk->mu);
    if (rc)
      bk->failed = 1;
    bk->pending = 0;
    pthread_cond_broadcast(&bk->cv);
  }
  pthread_mutex_unlock(&bk->mu);
  return NULL;
}

/* Waits for the job in flight. 0, or -1 if a job failed. */
static int igm_bulk_wait(IgmLmdbBulk *bk)
{
  int failed;
  if (!bk->threaded)
    return bk->failed ? -1 : 0;
  pthread_mutex_lock(&bk->mu);
  while (bk->pending)
    pthread_cond_wait(&bk->cv, &bk->mu);
  failed = bk->failed;
  pthread_mutex_unlock(&bk->mu);
  return failed ? -1 : 0;
}

/* Hands the batch being filled to the worker (after the job before it is done). */
static int igm_bulk_handoff(IgmLmdbBulk *bk)
{
  IgmBulkJob *j = &bk->job;
  size_t i, nnew = bk->nent - bk->first_new, bytes = 0;
  if (igm_bulk_wait(bk))
    return -1;
  if (bk->n == 0 && nnew == 0)
    return 0;
  for (i = bk->first_new; i < bk->nent; i++)
    bytes += bk->ent[i].len;
  if (nnew > j->new_cap) {
    IgmBulkNew *nn = realloc(j->nw, nnew * sizeof *nn);
    if (!nn)
      goto nomem;
    j->nw = nn;
    j->new_cap = nnew;
  }
  if (bytes > j->bytes_cap) {
    unsigned char *nb = realloc(j->bytes, bytes);
    if (!nb)
      goto nomem;
    j->bytes = nb;
    j->bytes_cap = bytes;
  }
  j->nnew = 0;
  j->bytes_len = 0;
  for (i = bk->first_new; i < bk->nent; i++) {
    const IgmBulkEntry *e = &bk->ent[i];
    IgmBulkNew *w = &j->nw[j->nnew++];
    w->hash = e->hash;
    w->entry = i;
    w->off = j->bytes_len;
    w->len = e->len;
    memcpy(j->bytes + j->bytes_len, bk->arena + e->off, e->len);
    j->bytes_len += e->len;
  }
  {
    IgmBatchQuad *t = j->b;
    j->b = bk->b;
    j->n = bk->n;
    bk->b = t;
    bk->n = 0;
  }
  bk->first_new = bk->nent;
  if (bk->threaded) {
    pthread_mutex_lock(&bk->mu);
    bk->pending = 1;
    pthread_cond_broadcast(&bk->cv);
    pthread_mutex_unlock(&bk->mu);
  } else if (igm_bulk_run_job(bk, j)) {
    bk->failed = 1;
    return -1;
  }
  /* entry numbers restart after a cleared dictionary: the job in flight has its copies */
  if (bk->arena_len > bk->arena_max)
    igm_bulk_clear_dict(bk);
  return 0;
nomem:
  igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
  return -1;
}

IgmLmdbBulk *igm_lmdb_bulk_new(librdf_storage *storage)
{
  IgmLmdbInstance *in = igm_lmdb_checked(storage);
  IgmLmdbBulk *bk;
  if (!in)
    return NULL;
  if (!in->wtxn || !in->explicit_txn) {
    igm_lmdb_set_error(IGM_LMDB_USAGE, "bulk loading needs a transaction");
    return NULL;
  }
  bk = calloc(1, sizeof *bk);
  if (bk) {
    const char *env = getenv("IGMAP_BULK_BATCH");
    bk->storage = storage;
    bk->in = in;
    bk->batch = IGM_BULK_BATCH;
    bk->arena_max = IGM_BULK_ARENA_MAX;
    if (env && *env) {
      /* tests: small batches (and a dictionary cleared after 64 bytes a quad) on small files */
      unsigned long v = strtoul(env, NULL, 10);
      if (v >= 1 && v < IGM_BULK_BATCH) {
        bk->batch = v;
        bk->arena_max = v * 64;
      }
    }
    bk->slot_cap = 1u << 16;
    bk->slot = calloc(bk->slot_cap, sizeof *bk->slot);
    bk->b = malloc(bk->batch * sizeof *bk->b);
    bk->job.b = malloc(bk->batch * sizeof *bk->job.b);
  }
  if (!bk || !bk->slot || !bk->b || !bk->job.b) {
    igm_lmdb_bulk_free(bk);
    igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
    return NULL;
  }
  pthread_mutex_init(&bk->mu, NULL);
  pthread_cond_init(&bk->cv, NULL);
  bk->sync = 1;
  /* without a thread the jobs run in the caller's thread, one after the other */
  bk->threaded = pthread_create(&bk->thread, NULL, igm_bulk_worker, bk) == 0;
  return bk;
}

void igm_lmdb_bulk_free(IgmLmdbBulk *bk)
{
  if (!bk)
    return;
  if (bk->threaded) {
    pthread_mutex_lock(&bk->mu);
    while (bk->pending)
      pthread_cond_wait(&bk->cv, &bk->mu);
    bk->quit = 1;
    pthread_cond_broadcast(&bk->cv);
    pthread_mutex_unlock(&bk->mu);
    pthread_join(bk->thread, NULL);
  }
  if (bk->sync) {
    pthread_mutex_destroy(&bk->mu);
    pthread_cond_destroy(&bk->cv);
  }
  free(bk->enc.data);
  igm_bulk_forget_uris(bk);
  free(bk->ent);
  free(bk->slot);
  free(bk->arena);
  free(bk->b);
  free(bk->eid);
  free(bk->job.b);
  free(bk->job.nw);
  free(bk->job.bytes);
  free(bk);
}

uint64_t igm_lmdb_bulk_count(const IgmLmdbBulk *bk) { return bk ? bk->count : 0; }

static int igm_bulk_grow_slots(IgmLmdbBulk *bk)
{
  size_t cap = bk->slot_cap * 2, *ns = calloc(cap, sizeof *ns);
  if (!ns)
    return -1;
  for (size_t i = 0; i < bk->nent; i++) {
    size_t j = (size_t)bk->ent[i].hash & (cap - 1);
    while (ns[j])
      j = (j + 1) & (cap - 1);
    ns[j] = i + 1;
  }
  free(bk->slot);
  bk->slot = ns;
  bk->slot_cap = cap;
  return 0;
}

/* The reference (entry number + 1) of the node encoded in buf. 0 on success. */
static int igm_bulk_ref(IgmLmdbBulk *bk, const IgmBuf *buf, uint64_t *ref)
{
  const unsigned char *p = buf->data;
  size_t len = buf->len, j;
  uint64_t h = igm_lmdb_hash(p, len);
  for (j = (size_t)h & (bk->slot_cap - 1); bk->slot[j]; j = (j + 1) & (bk->slot_cap - 1)) {
    const IgmBulkEntry *e = &bk->ent[bk->slot[j] - 1];
    if (e->hash == h && e->len == len && memcmp(bk->arena + e->off, p, len) == 0) {
      *ref = bk->slot[j];
      return 0;
    }
  }
  if ((bk->nent + 1) * 2 > bk->slot_cap) {
    if (igm_bulk_grow_slots(bk))
      goto nomem;
    for (j = (size_t)h & (bk->slot_cap - 1); bk->slot[j]; j = (j + 1) & (bk->slot_cap - 1))
      ;
  }
  if (bk->nent == bk->ent_cap) {
    size_t cap = bk->ent_cap ? bk->ent_cap * 2 : 65536;
    IgmBulkEntry *ne = realloc(bk->ent, cap * sizeof *ne);
    if (!ne)
      goto nomem;
    bk->ent = ne;
    bk->ent_cap = cap;
  }
  if (bk->arena_len + len > bk->arena_cap) {
    size_t cap = bk->arena_cap ? bk->arena_cap : (1u << 20);
    while (cap < bk->arena_len + len)
      cap *= 2;
    unsigned char *na = realloc(bk->arena, cap);
    if (!na)
      goto nomem;
    bk->arena = na;
    bk->arena_cap = cap;
  }
  IgmBulkEntry *e = &bk->ent[bk->nent];
  e->hash = h;
  e->off = bk->arena_len;
  e->len = len;
  memcpy(bk->arena + bk->arena_len, p, len);
  bk->arena_len += len;
  bk->slot[j] = ++bk->nent;
  *ref = bk->nent;
  return 0;
nomem:
  igm_lmdb_set_error(IGM_LMDB_NOMEM, "out of memory");
  return -1;
}

int igm_lmdb_bulk_flush(IgmLmdbBulk *bk)
{
  if (!bk)
    return -1;
  if (igm_bulk_handoff(bk))
    return -1;
  return igm_bulk_wait(bk);
}

/* The reference of node: by identity for a recent IRI, else through the dictionary. */
static int igm_bulk_node(IgmLmdbBulk *bk, librdf_node *node, uint64_t *ref)
{
  librdf_uri *u = librdf_node_is_resource(node) ? librdf_node_get_uri(node) : NULL;
  size_t k = u ? (size_t)(((uintptr_t)u >> 4) * 0x9e3779b1u) & (IGM_BULK_URIS - 1) : 0;
  if (u && bk->uris[k].uri == u) {
    *ref = bk->uris[k].ref;
    return 0;
  }
  if (igm_lmdb_encode_buf(&bk->enc, node)) /* the caller's buffer: the worker uses in->buf */
    return -1;
  if (igm_bulk_ref(bk, &bk->enc, ref))
    return -1;
  if (u) {
    librdf_uri *held = librdf_new_uri_from_uri(u);
    if (held) {
      if (bk->uris[k].uri)
        librdf_free_uri(bk->uris[k].uri);
      bk->uris[k].uri = held;
      bk->uris[k].ref = *ref;
    }
  }
  return 0;
}

int igm_lmdb_bulk_add(IgmLmdbBulk *bk, librdf_node *s, librdf_node *p, librdf_node *o,
                      librdf_node *g)
{
  IgmLmdbInstance *in = bk->in;
  IgmBatchQuad *e;
  if (!s || !p || !o || !(librdf_node_is_resource(s) || librdf_node_is_blank(s)) ||
      !librdf_node_is_resource(p) || (g && !librdf_node_is_resource(g) && !librdf_node_is_blank(g))) {
    igm_lmdb_set_error(IGM_LMDB_USAGE, "not an RDF statement");
    return 1;
  }
  if (!in->wtxn) {
    igm_lmdb_set_error(IGM_LMDB_USAGE, "no transaction is active");
    return -1;
  }
  e = &bk->b[bk->n];
  memset(e, 0, sizeof *e);
  if (igm_bulk_node(bk, s, &e->q[0]) || igm_bulk_node(bk, p, &e->q[1]) ||
      igm_bulk_node(bk, o, &e->q[2]) || (g && igm_bulk_node(bk, g, &e->q[3])))
    return -1;
  bk->n++;
  bk->count++;
  if (bk->n == bk->batch || bk->arena_len > bk->arena_max)
    return igm_bulk_handoff(bk) ? -1 : 0;
  return 0;
}

static int igm_lmdb_touched(librdf_storage *storage, librdf_node *node, int predicate)
{
  IgmLmdbInstance *in = storage ? igm_lmdb_find_instance(storage) : NULL;
  uint64_t id = 0;
  if (!in || !in->wtxn)
    return 1;
  if (node) {
    if (igm_lmdb_node_id(in, in->wtxn, node, 0, &id))
      return 1;
    if (!id)
      return 0;
  }
  return igm_delta_find(in, predicate ? (id << 1) | 1u : id << 1) != NULL;
}

int igm_lmdb_predicate_touched(librdf_storage *storage, librdf_node *predicate)
{
  return predicate ? igm_lmdb_touched(storage, predicate, 1) : 1;
}

int igm_lmdb_graph_touched(librdf_storage *storage, librdf_node *graph)
{
  return igm_lmdb_touched(storage, graph, 0);
}
