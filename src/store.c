/* store.c: --store specs, the librdf world and its logger, loading files, the prefix table.
 * The only file that knows storage names and options. */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>
#include <stdint.h>
#include <raptor2.h>

#include "derive.h"
#include "diag.h"
#include "store_lmdb.h"
#include "util.h"

struct IgmStore {
  librdf_world *world;
  librdf_storage *storage;
  librdf_model *model;
  IgmStoreKind kind;
  char *location;
  int writing;   /* a transaction is open */
  int in_txn;    /* the storage supports transactions and one was started */
  int lock_fd;   /* hashes: our own writer lock */
  IgmPrefix *prefixes;
  size_t nprefixes;
  int prefixes_dirty;
  char **cleared; /* graphs emptied by this write so far: a load replaces each graph once */
  size_t ncleared;
  IgmProgress progress;
};

/* ---- logging: every librdf / raptor / rasqal message goes through igm_diag ---- */

static const char *current_source; /* the file being parsed, for messages without a locator */
static int parse_failed;

static void report_locator(IgmDiagLevel level, raptor_locator *loc, const char *msg)
{
  const char *file = current_source;
  long line = 0, col = 0;
  if (loc) {
    line = raptor_locator_line(loc);
    col = raptor_locator_column(loc);
  }
  igm_diag(level, file, line, col, "%s", msg ? msg : "unknown error");
}

static int librdf_log_handler(void *ud, librdf_log_message *m)
{
  librdf_log_level lvl = librdf_log_message_level(m);
  (void)ud;
  if (lvl < LIBRDF_LOG_ERROR)
    return 1; /* rasqal's warnings are noise (redland-notes C4): swallow them */
  parse_failed = 1;
  report_locator(IGM_DIAG_ERROR, librdf_log_message_locator(m), librdf_log_message_message(m));
  return 1;
}

static void raptor_log_cb(void *ud, raptor_log_message *m)
{
  (void)ud;
  if (m->level < RAPTOR_LOG_LEVEL_ERROR)
    return;
  parse_failed = 1;
  report_locator(IGM_DIAG_ERROR, m->locator, m->text);
}

/* ---- the project's prefixes (ontology.md) ---- */

static const char *const builtin_prefixes[][2] = {
    {"al", IGM_NS_BASE "def/wsis-action-line/"},
    {"btype", IGM_NS_BASE "def/body-type/"},
    {"chr", IGM_NS_BASE "def/characteristic/"},
    {"dcterms", "http://purl.org/dc/terms/"},
    {"eli", "http://data.europa.eu/eli/ontology#"},
    {"graph", IGM_GRAPH_NS},
    {"id", IGM_NS_BASE "id/"},
    {"ig", IGM_NS_BASE "def/ig#"},
    {"issue", IGM_NS_BASE "def/issue/"},
    {"org", "http://www.w3.org/ns/org#"},
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"prov", "http://www.w3.org/ns/prov#"},
    {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    {"role", IGM_NS_BASE "def/role/"},
    {"schema", "http://schema.org/"},
    {"sh", "http://www.w3.org/ns/shacl#"},
    {"skos", "http://www.w3.org/2004/02/skos/core#"},
    {"status", IGM_NS_BASE "def/status/"},
    {"vann", "http://purl.org/vocab/vann/"},
    {"xsd", "http://www.w3.org/2001/XMLSchema#"},
};

static int prefix_cmp(const void *a, const void *b)
{
  return strcmp(((const IgmPrefix *)a)->prefix, ((const IgmPrefix *)b)->prefix);
}

static IgmPrefix *prefix_find(IgmStore *s, const char *prefix)
{
  IgmPrefix key;
  key.prefix = (char *)(uintptr_t)prefix;
  key.iri = NULL;
  if (!s->nprefixes)
    return NULL;
  return bsearch(&key, s->prefixes, s->nprefixes, sizeof *s->prefixes, prefix_cmp);
}

static int iri_has_prefix_value(IgmStore *s, const char *iri)
{
  size_t i;
  for (i = 0; i < s->nprefixes; i++)
    if (strcmp(s->prefixes[i].iri, iri) == 0)
      return 1;
  return 0;
}

/* Adds a prefix unless the name or the IRI is already taken; returns 1 if added. */
static int prefix_add(IgmStore *s, const char *prefix, const char *iri)
{
  if (!prefix || !*prefix || !iri || !*iri)
    return 0;
  if (prefix_find(s, prefix) || iri_has_prefix_value(s, iri))
    return 0;
  s->prefixes = igm_xrealloc(s->prefixes, (s->nprefixes + 1) * sizeof *s->prefixes);
  s->prefixes[s->nprefixes].prefix = igm_strdup(prefix);
  s->prefixes[s->nprefixes].iri = igm_strdup(iri);
  s->nprefixes++;
  qsort(s->prefixes, s->nprefixes, sizeof *s->prefixes, prefix_cmp);
  return 1;
}

static int meta_prefix_cb(const char *key, const char *value, void *ud)
{
  prefix_add(ud, key + strlen("prefix:"), value);
  return 0;
}

static void prefixes_init(IgmStore *s)
{
  size_t i;
  for (i = 0; i < sizeof builtin_prefixes / sizeof builtin_prefixes[0]; i++)
    prefix_add(s, builtin_prefixes[i][0], builtin_prefixes[i][1]);
  if (s->kind == IGM_STORE_LMDB)
    igm_lmdb_meta_foreach(s->storage, "prefix:", meta_prefix_cb, s);
}

static IgmStatus prefixes_save(IgmStore *s)
{
  size_t i;
  if (s->kind != IGM_STORE_LMDB || !s->prefixes_dirty)
    return IGM_OK;
  for (i = 0; i < s->nprefixes; i++) {
    char *key = igm_printf("prefix:%s", s->prefixes[i].prefix);
    int rc = igm_lmdb_meta_put(s->storage, key, s->prefixes[i].iri);
    free(key);
    if (rc)
      return IGM_EIO;
  }
  s->prefixes_dirty = 0;
  return IGM_OK;
}

size_t igm_store_prefixes(IgmStore *store, const IgmPrefix **out)
{
  *out = store->prefixes;
  return store->nprefixes;
}

char *igm_store_expand(IgmStore *store, const char *pname)
{
  const char *colon = strchr(pname, ':');
  char *prefix;
  IgmPrefix *p;
  if (!colon)
    return NULL;
  prefix = igm_strndup(pname, (size_t)(colon - pname));
  p = prefix_find(store, prefix);
  free(prefix);
  if (!p)
    return NULL;
  return igm_printf("%s%s", p->iri, colon + 1);
}

/* A local name we can print after "pfx:": letters, digits, _ - and inner dots, plus '/' when
 * slashes are allowed (written as "\/" in Turtle). */
static int safe_local(const char *l, int slash)
{
  size_t n = strlen(l), i;
  if (n == 0)
    return 1;
  for (i = 0; i < n; i++) {
    char c = l[i];
    int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             c == '_' || c == '-' || (c == '.' && i > 0 && i + 1 < n) ||
             (slash && c == '/' && i > 0 && i + 1 < n && l[i - 1] != '/');
    if (!ok)
      return 0;
  }
  return l[0] != '-' && l[0] != '.';
}

char *igm_store_shorten_as(IgmStore *store, const char *iri, int turtle)
{
  size_t i, best = (size_t)-1, best_len = 0;
  IgmBuf b = {0};
  const char *l;
  for (i = 0; i < store->nprefixes; i++) {
    size_t n = strlen(store->prefixes[i].iri);
    if (n > best_len && strncmp(iri, store->prefixes[i].iri, n) == 0 && safe_local(iri + n, 1)) {
      best = i;
      best_len = n;
    }
  }
  if (best == (size_t)-1)
    return NULL;
  igm_buf_printf(&b, "%s:", store->prefixes[best].prefix);
  for (l = iri + best_len; *l; l++) {
    if (*l == '/' && turtle)
      igm_buf_putc(&b, '\\');
    igm_buf_putc(&b, *l);
  }
  return igm_buf_take(&b);
}

char *igm_store_shorten(IgmStore *store, const char *iri)
{
  return igm_store_shorten_as(store, iri, 0);
}

/* ---- opening ---- */

const char *igm_home_dir(void)
{
  const char *h = getenv("IGMAP_HOME");
  return h && *h ? h : IGMAP_SOURCE_DIR;
}

static char *default_store_dir(void)
{
  const char *env = getenv("IGMAP_STORE");
  const char *xdg = getenv("XDG_DATA_HOME");
  const char *home = getenv("HOME");
  if (env && *env)
    return igm_strdup(env);
  if (xdg && *xdg)
    return igm_printf("%s/igmap/store", xdg);
  return igm_printf("%s/.local/share/igmap/store", home && *home ? home : ".");
}

static char *absolute_path(const char *path)
{
  char cwd[4096];
  if (path[0] == '/')
    return igm_strdup(path);
  if (!getcwd(cwd, sizeof cwd))
    return igm_strdup(path);
  return igm_printf("%s/%s", cwd, path);
}

static unsigned char *gen_bnodeid(void *ud, unsigned char *user_id);

librdf_world *igm_world_new(void)
{
  librdf_world *w = librdf_new_world();
  librdf_world_open(w);
  librdf_world_set_logger(w, NULL, librdf_log_handler);
  raptor_world_set_log_handler(librdf_world_get_raptor(w), NULL, raptor_log_cb);
  raptor_world_set_generate_bnodeid_handler(librdf_world_get_raptor(w), NULL, gen_bnodeid);
  return w;
}

void igm_set_message_source(const char *name) { current_source = name; }

/* Blank nodes: raptor names anonymous ones genid1, genid2... per parse (reset for each file),
 * and load_statement prefixes every blank label with a hash of the file's graph, so that the
 * same file always gives the same labels and two files never share one. */
static unsigned long genid_counter;

static unsigned char *gen_bnodeid(void *ud, unsigned char *user_id)
{
  char buf[48];
  size_t n;
  unsigned char *id;
  (void)ud;
  if (user_id)
    return user_id;
  n = (size_t)snprintf(buf, sizeof buf, "genid%lu", ++genid_counter);
  id = malloc(n + 1);
  if (id)
    memcpy(id, buf, n + 1);
  return id;
}

static IgmStore *store_alloc(void)
{
  IgmStore *s = igm_xmalloc(sizeof *s);
  memset(s, 0, sizeof *s);
  s->lock_fd = -1;
  s->world = igm_world_new();
  igm_lmdb_register(s->world);
  return s;
}

static IgmStatus open_model(IgmStore *s)
{
  s->model = librdf_new_model(s->world, s->storage, NULL);
  if (!s->model) {
    igm_error("cannot open a model over store '%s'", s->location);
    return IGM_EIO;
  }
  if (!librdf_model_supports_contexts(s->model)) {
    igm_error("store '%s' does not support named graphs", s->location);
    return IGM_EIO;
  }
  return IGM_OK;
}

static IgmStatus open_lmdb(IgmStore *s, const char *dir, IgmOpenMode mode, int force,
                           double wait)
{
  char *esc = NULL, *opts;
  const char *msg = NULL;
  int err;
  if (strchr(dir, '\'')) {
    igm_error("store path '%s' must not contain a quote", dir);
    return IGM_EUSAGE;
  }
  /* Never new='yes': the module would empty the store outside any transaction, and a crash
   * before the commit would lose it. init --force clears the graphs inside its transaction. */
  (void)force;
  esc = igm_strdup(dir);
  opts = igm_printf("dir='%s',new='no',write='%s',wait='%g'", esc,
                    mode == IGM_OPEN_READ ? "no" : "yes", wait);
  s->storage = librdf_new_storage(s->world, "lmdb", "igmap", opts);
  free(opts);
  free(esc);
  if (!s->storage) {
    err = igm_lmdb_last_error(&msg);
    igm_error("store '%s': %s", dir, msg ? msg : "cannot open");
    (void)err;
    return IGM_EIO;
  }
  return open_model(s);
}

static IgmStatus lock_hashes(IgmStore *s, const char *dir, double wait)
{
  char *path = igm_printf("%s/igmap-write.lock", dir);
  struct timespec start, now;
  s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  free(path);
  if (s->lock_fd < 0) {
    igm_error("store '%s': cannot create lock file: %s", dir, strerror(errno));
    return IGM_EIO;
  }
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
    double waited;
    struct timespec nap = {0, 50 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &now);
    waited = (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
    if (waited >= wait) {
      igm_error("store '%s': store is locked by another writer", dir);
      return IGM_EIO;
    }
    nanosleep(&nap, NULL);
  }
  return IGM_OK;
}

static IgmStatus open_hashes(IgmStore *s, const char *dir, IgmOpenMode mode, int force,
                             double wait)
{
  char *opts;
  int create = !igm_is_dir(dir) || (mode == IGM_OPEN_CREATE && force);
  if (!igm_is_dir(dir) && igm_mkdir_p(dir) != 0) {
    igm_error("cannot create store directory '%s': %s", dir, strerror(errno));
    return IGM_EIO;
  }
  if (mode != IGM_OPEN_READ)
    IGM_TRY(lock_hashes(s, dir, wait));
  opts = igm_printf("hash-type='bdb',dir='%s',contexts='yes',new='%s',write='%s'", dir,
                    create ? "yes" : "no", mode == IGM_OPEN_READ ? "no" : "yes");
  s->storage = librdf_new_storage(s->world, "hashes", "igmap", opts);
  free(opts);
  if (!s->storage) {
    igm_error("cannot open hashes store in '%s'", dir);
    return IGM_EIO;
  }
  return open_model(s);
}

static IgmStatus open_memory(IgmStore *s)
{
  s->storage = librdf_new_storage(s->world, "hashes", "igmap",
                                  "hash-type='memory',contexts='yes'");
  if (!s->storage) {
    igm_error("cannot create an in-memory store");
    return IGM_EINTERNAL;
  }
  return open_model(s);
}

static IgmStatus begin_write(IgmStore *s)
{
  s->writing = 1;
  if (s->kind == IGM_STORE_LMDB) {
    if (librdf_model_transaction_start(s->model) != 0) {
      const char *msg = NULL;
      igm_lmdb_last_error(&msg);
      igm_error("store '%s': cannot start a transaction: %s", s->location,
                msg ? msg : "unknown error");
      return IGM_EIO;
    }
    s->in_txn = 1;
  }
  return IGM_OK;
}

static IgmStatus store_open_spec(const char *spec, IgmOpenMode mode, int force, double wait,
                                 int is_default, IgmStore **out);

IgmStatus igm_store_open(const IgmGlobal *g, IgmOpenMode mode, IgmStore **out)
{
  const char *spec = g->store_spec;
  char *def = NULL;
  IgmStatus st;
  int is_default = 0;
  if (!spec || !*spec) {
    def = default_store_dir();
    spec = def;
    is_default = 1;
  }
  st = store_open_spec(spec, mode, g->force, g->wait_seconds, is_default, out);
  free(def);
  return st;
}

/* Creates a missing directory store: empty, or filled with the bundled data for the default. */
static IgmStatus create_missing(const char *dir, int fill, double wait)
{
  IgmStore *s = NULL;
  IgmStatus st;
  st = store_open_spec(dir, IGM_OPEN_CREATE, 0, wait, 0, &s);
  if (st == IGM_OK && fill)
    st = igm_store_load_bundled(s);
  if (st == IGM_OK)
    st = igm_store_commit(s);
  igm_store_close(s);
  if (st == IGM_OK && fill)
    igm_diag(IGM_DIAG_NOTE, NULL, 0, 0, "created store '%s' with the bundled data", dir);
  return st;
}

static IgmStatus store_open_spec(const char *spec, IgmOpenMode mode, int force, double wait,
                                 int is_default, IgmStore **out)
{
  IgmStore *s;
  IgmStatus st = IGM_OK;
  *out = NULL;
  if (strcmp(spec, "memory:") == 0) {
    s = store_alloc();
    s->kind = IGM_STORE_MEMORY;
    s->location = igm_strdup("memory:");
    st = open_memory(s);
    if (st == IGM_OK) {
      prefixes_init(s);
      st = igm_store_load_bundled(s);
    }
    if (st == IGM_OK)
      st = igm_derive(s->world, s->model);
    if (st == IGM_OK && mode != IGM_OPEN_READ)
      st = begin_write(s);
  } else if (strncmp(spec, "hashes:", 7) == 0) {
    char *dir = absolute_path(spec + 7);
    s = store_alloc();
    s->kind = IGM_STORE_HASHES;
    s->location = igm_strdup(spec);
    st = open_hashes(s, dir, mode, force, wait);
    free(dir);
    if (st == IGM_OK)
      prefixes_init(s);
    if (st == IGM_OK && mode != IGM_OPEN_READ)
      st = begin_write(s);
  } else if (strchr(spec, ':') && !strchr(spec, '/') && spec[0] != '.') {
    igm_error("unknown store '%s' (use a directory, 'memory:' or 'hashes:DIR')", spec);
    return IGM_EUSAGE;
  } else {
    char *dir = absolute_path(spec);
    char *marker = igm_printf("%s/data.mdb", dir);
    struct stat sb;
    int exists = stat(marker, &sb) == 0;
    free(marker);
    if (!exists && mode == IGM_OPEN_READ) {
      st = create_missing(dir, is_default, wait);
      if (st != IGM_OK) {
        free(dir);
        return st;
      }
    } else if (!exists && mode == IGM_OPEN_WRITE && is_default) {
      st = create_missing(dir, 1, wait);
      if (st != IGM_OK) {
        free(dir);
        return st;
      }
    }
    if (mode != IGM_OPEN_READ && !igm_is_dir(dir) && igm_mkdir_p(dir) != 0) {
      igm_error("cannot create store directory '%s': %s", dir, strerror(errno));
      free(dir);
      return IGM_EIO;
    }
    s = store_alloc();
    s->kind = IGM_STORE_LMDB;
    s->location = igm_strdup(spec);
    st = open_lmdb(s, dir, mode, force, wait);
    free(dir);
    if (st == IGM_OK)
      prefixes_init(s);
    if (st == IGM_OK && mode != IGM_OPEN_READ)
      st = begin_write(s);
  }
  if (st != IGM_OK) {
    igm_store_close(s);
    return st;
  }
  *out = s;
  return IGM_OK;
}

IgmStatus igm_store_open_scratch(IgmStore **out)
{
  IgmStore *s = store_alloc();
  IgmStatus st;
  s->kind = IGM_STORE_MEMORY;
  s->location = igm_strdup("memory:");
  st = open_memory(s);
  if (st != IGM_OK) {
    igm_store_close(s);
    *out = NULL;
    return st;
  }
  prefixes_init(s);
  *out = s;
  return IGM_OK;
}

void igm_store_close(IgmStore *s)
{
  size_t i;
  if (!s)
    return;
  if (s->in_txn && s->model)
    librdf_model_transaction_rollback(s->model);
  if (s->model)
    librdf_free_model(s->model);
  if (s->storage)
    librdf_free_storage(s->storage);
  if (s->world)
    librdf_free_world(s->world);
  if (s->lock_fd >= 0)
    close(s->lock_fd);
  for (i = 0; i < s->nprefixes; i++) {
    free(s->prefixes[i].prefix);
    free(s->prefixes[i].iri);
  }
  free(s->prefixes);
  igm_strv_free(s->cleared, s->ncleared);
  free(s->location);
  free(s);
}

librdf_world *igm_store_world(IgmStore *s) { return s->world; }
librdf_model *igm_store_model(IgmStore *s) { return s->model; }
IgmStoreKind igm_store_kind(const IgmStore *s) { return s->kind; }
const char *igm_store_location(const IgmStore *s) { return s->location; }

int igm_store_is_empty(IgmStore *s)
{
  librdf_stream *st = librdf_model_as_stream(s->model);
  int empty = !st || librdf_stream_end(st);
  if (st)
    librdf_free_stream(st);
  return empty;
}

/* For igm_derive_if_changed: what this write transaction touched (lmdb keeps count). */
static int write_touched(void *ud, int graph, const char *iri)
{
  IgmStore *s = ud;
  librdf_node *n = librdf_new_node_from_uri_string(s->world, (const unsigned char *)iri);
  int r = !n ? 1 : graph ? igm_lmdb_graph_touched(s->storage, n)
                         : igm_lmdb_predicate_touched(s->storage, n);
  if (n)
    librdf_free_node(n);
  return r;
}

IgmStatus igm_store_commit(IgmStore *s)
{
  IgmStatus st;
  if (!s->writing)
    return IGM_OK;
  if (s->kind == IGM_STORE_LMDB && s->in_txn)
    st = igm_derive_if_changed(s->world, s->model, write_touched, s);
  else
    st = igm_derive(s->world, s->model);
  if (st != IGM_OK)
    return st;
  IGM_TRY(prefixes_save(s));
  if (s->in_txn) {
    s->in_txn = 0;
    if (librdf_model_transaction_commit(s->model) != 0) {
      const char *msg = NULL;
      igm_lmdb_last_error(&msg);
      igm_error("store '%s': cannot commit: %s", s->location, msg ? msg : "unknown error");
      return IGM_EIO;
    }
  } else if (librdf_model_sync(s->model) != 0) {
    igm_error("store '%s': cannot write to disk", s->location);
    return IGM_EIO;
  }
  s->writing = 0;
  return IGM_OK;
}

IgmStatus igm_store_clear(IgmStore *s)
{
  char **graphs = NULL;
  size_t n = 0, i;
  IgmStatus st = igm_store_graphs(s, &graphs, &n);
  if (st != IGM_OK)
    return st;
  for (i = 0; i < n && st == IGM_OK; i++) {
    librdf_node *ctx = librdf_new_node_from_uri_string(s->world, (const unsigned char *)graphs[i]);
    if (librdf_model_context_remove_statements(s->model, ctx) != 0) {
      igm_error("store '%s': cannot remove graph <%s>", s->location, graphs[i]);
      st = IGM_EIO;
    }
    librdf_free_node(ctx);
  }
  igm_strv_free(graphs, n);
  return st;
}

IgmStatus igm_store_graphs(IgmStore *s, char ***out, size_t *count)
{
  librdf_iterator *it = librdf_model_get_contexts(s->model);
  char **v = NULL;
  size_t n = 0;
  *out = NULL;
  *count = 0;
  if (!it)
    return IGM_OK;
  while (!librdf_iterator_end(it)) {
    librdf_node *ctx = librdf_iterator_get_object(it);
    if (ctx && librdf_node_is_resource(ctx)) {
      v = igm_xrealloc(v, (n + 1) * sizeof *v);
      v[n++] = igm_strdup((const char *)librdf_uri_as_string(librdf_node_get_uri(ctx)));
    }
    librdf_iterator_next(it);
  }
  librdf_free_iterator(it);
  if (n)
    qsort(v, n, sizeof *v, igm_strptr_cmp);
  *out = v;
  *count = n;
  return IGM_OK;
}

void igm_strv_free(char **v, size_t n)
{
  size_t i;
  if (!v)
    return;
  for (i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

/* ---- syntaxes ---- */

static const struct {
  const char *name;   /* ours, as in --format */
  const char *raptor; /* raptor's parser name */
} syntaxes[] = {
    {"turtle", "turtle"}, {"ntriples", "ntriples"}, {"nquads", "nquads"},
    {"trig", "trig"},     {"rdfxml", "rdfxml"},
};

const char *igm_syntax_canonical(const char *name)
{
  static const char *const aliases[][2] = {
      {"ttl", "turtle"}, {"nt", "ntriples"}, {"n-triples", "ntriples"}, {"nq", "nquads"},
      {"n-quads", "nquads"}, {"rdf", "rdfxml"}, {"xml", "rdfxml"}, {"rdf/xml", "rdfxml"},
      {"owl", "rdfxml"}};
  size_t i;
  if (!name)
    return NULL;
  for (i = 0; i < sizeof syntaxes / sizeof syntaxes[0]; i++)
    if (strcmp(name, syntaxes[i].name) == 0)
      return syntaxes[i].name;
  for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
    if (strcmp(name, aliases[i][0]) == 0)
      return aliases[i][1];
  return NULL;
}

const char *igm_syntax_for_path(const char *path)
{
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  if (!dot || (slash && dot < slash))
    return NULL;
  return igm_syntax_canonical(dot + 1);
}

/* ---- loading ---- */

void igm_store_set_progress(IgmStore *s, IgmProgress mode) { s->progress = mode; }

/* The progress line: after a second of loading, every second (a quarter second on a terminal,
 * where the line is rewritten in place). */
typedef struct Progress {
  int enabled, tty, shown;
  const char *name;
  struct timespec start;
  double last;
} Progress;

static double seconds_since(const struct timespec *t)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void progress_start(Progress *pg, IgmStore *s, const char *name)
{
  memset(pg, 0, sizeof *pg);
  pg->tty = isatty(STDERR_FILENO);
  pg->enabled = !igm_diag_quiet() && s->progress != IGM_PROGRESS_OFF &&
                (s->progress == IGM_PROGRESS_ON || pg->tty);
  pg->name = name;
  clock_gettime(CLOCK_MONOTONIC, &pg->start);
}

static void progress_print(Progress *pg, unsigned long triples, double t, int final)
{
  double rate = t > 0 ? (double)triples / t : 0;
  fprintf(stderr, "%sigmap: loading %s: %lu triples, %.0f triples/s, %.1f s%s",
          pg->tty ? "\r\033[K" : "", pg->name, triples, rate, t,
          pg->tty && !final ? "" : "\n");
  fflush(stderr);
  pg->shown = 1;
  pg->last = t;
}

static void progress_tick(Progress *pg, unsigned long triples)
{
  double t;
  if (!pg->enabled || (triples & 4095) != 0)
    return;
  t = seconds_since(&pg->start);
  if (t >= 1.0 && t - pg->last >= (pg->tty ? 0.25 : 1.0))
    progress_print(pg, triples, t, 0);
}

/* After the last statement: a final line with the totals when a line was shown. */
static void progress_end(Progress *pg, unsigned long triples)
{
  if (pg->enabled && pg->shown)
    progress_print(pg, triples, seconds_since(&pg->start), 1);
}

typedef struct LoadCtx {
  IgmStore *store;
  librdf_node *graph;     /* default graph of this file */
  char bnode_prefix[24];  /* from a hash of the graph IRI */
  unsigned long triples;
  int touched;            /* the file wrote at least one statement */
  int failed;
  IgmLmdbBulk *bulk;      /* the lmdb store's bulk path, inside the write transaction */
  Progress progress;
} LoadCtx;

static int clear_graph_once(LoadCtx *lc, librdf_node *g)
{
  IgmStore *s = lc->store;
  const char *iri = (const char *)librdf_uri_as_string(librdf_node_get_uri(g));
  size_t i;
  lc->touched = 1;
  for (i = 0; i < s->ncleared; i++)
    if (strcmp(s->cleared[i], iri) == 0)
      return 0;
  s->cleared = igm_xrealloc(s->cleared, (s->ncleared + 1) * sizeof *s->cleared);
  s->cleared[s->ncleared++] = igm_strdup(iri);
  if (s->kind == IGM_STORE_MEMORY && igm_store_is_empty(s))
    return 0;
  if (lc->bulk && igm_lmdb_bulk_flush(lc->bulk) != 0)
    return 1;
  return librdf_model_context_remove_statements(s->model, g);
}

static raptor_term *relabel(LoadCtx *lc, raptor_term *t)
{
  char *id = igm_printf("%s%s", lc->bnode_prefix, (const char *)t->value.blank.string);
  raptor_term *n = raptor_new_term_from_blank(t->world, (const unsigned char *)id);
  free(id);
  return n ? n : raptor_term_copy(t);
}

static void load_statement(void *ud, raptor_statement *rs)
{
  LoadCtx *lc = ud;
  raptor_statement tmp;
  int rc;
  librdf_node *ctx = lc->graph;
  if (lc->failed)
    return;
  if (rs->graph) {
    if (rs->graph->type != RAPTOR_TERM_TYPE_URI) {
      lc->failed = 1;
      igm_diag(IGM_DIAG_ERROR, current_source, 0, 0, "a graph name must be an IRI");
      return;
    }
    ctx = rs->graph;
  }
  if (clear_graph_once(lc, ctx) != 0) {
    lc->failed = 1;
    igm_diag(IGM_DIAG_ERROR, current_source, 0, 0, "cannot replace graph in the store");
    return;
  }
  tmp = *rs;
  tmp.graph = NULL;
  if (rs->subject->type == RAPTOR_TERM_TYPE_BLANK)
    tmp.subject = relabel(lc, rs->subject);
  if (rs->object->type == RAPTOR_TERM_TYPE_BLANK)
    tmp.object = relabel(lc, rs->object);
  if (lc->bulk)
    rc = igm_lmdb_bulk_add(lc->bulk, tmp.subject, tmp.predicate, tmp.object, ctx);
  else
    rc = librdf_model_context_add_statement(lc->store->model, ctx, &tmp);
  if (tmp.subject != rs->subject)
    raptor_free_term(tmp.subject);
  if (tmp.object != rs->object)
    raptor_free_term(tmp.object);
  if (rc != 0) {
    const char *msg = NULL;
    lc->failed = 1;
    if (lc->store->kind == IGM_STORE_LMDB)
      igm_lmdb_last_error(&msg);
    igm_diag(IGM_DIAG_ERROR, current_source, 0, 0, "cannot add a statement to the store: %s",
             msg ? msg : "store error");
    return;
  }
  lc->triples++;
  progress_tick(&lc->progress, lc->triples);
}

static void load_namespace(void *ud, raptor_namespace *ns)
{
  LoadCtx *lc = ud;
  const unsigned char *pfx = raptor_namespace_get_prefix(ns);
  raptor_uri *uri = raptor_namespace_get_uri(ns);
  if (pfx && uri && prefix_add(lc->store, (const char *)pfx, (const char *)raptor_uri_as_string(uri)))
    lc->store->prefixes_dirty = 1;
}

static IgmStatus parse_into(IgmStore *s, const char *path, const char *syntax,
                            librdf_node *graph, unsigned long *count)
{
  raptor_world *rw = librdf_world_get_raptor(s->world);
  raptor_parser *p = NULL;
  raptor_uri *base = NULL;
  FILE *fh = NULL;
  char *base_str = NULL;
  LoadCtx lc;
  IgmStatus st = IGM_OK;
  int rc;

  memset(&lc, 0, sizeof lc);
  lc.store = s;
  lc.graph = graph;
  {
    const char *g = graph ? (const char *)librdf_uri_as_string(librdf_node_get_uri(graph)) : path;
    unsigned long h = 5381;
    for (; *g; g++)
      h = h * 33 + (unsigned char)*g;
    snprintf(lc.bnode_prefix, sizeof lc.bnode_prefix, "b%08lx", h & 0xffffffffUL);
  }
  genid_counter = 0;
  if (strcmp(path, "-") == 0) {
    fh = stdin;
    base_str = igm_file_uri("stdin");
  } else {
    if (igm_is_dir(path)) {
      igm_diag(IGM_DIAG_ERROR, path, 0, 0, "is a directory");
      return IGM_EIO;
    }
    fh = fopen(path, "rb");
    if (!fh) {
      igm_diag(IGM_DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
      return IGM_EIO;
    }
    base_str = igm_file_uri(path);
  }
  p = raptor_new_parser(rw, syntax);
  if (!p) {
    igm_diag(IGM_DIAG_ERROR, path, 0, 0, "no parser for syntax '%s'", syntax);
    st = IGM_EINTERNAL;
    goto done;
  }
  raptor_parser_set_option(p, RAPTOR_OPTION_NO_NET, NULL, 1);
  raptor_parser_set_option(p, RAPTOR_OPTION_NO_FILE, NULL, 1);
  raptor_parser_set_option(p, RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, NULL, 0);
  raptor_parser_set_statement_handler(p, &lc, load_statement);
  raptor_parser_set_namespace_handler(p, &lc, load_namespace);
  base = raptor_new_uri(rw, (const unsigned char *)base_str);
  current_source = strcmp(path, "-") == 0 ? "<stdin>" : path;
  parse_failed = 0;
  if (s->kind == IGM_STORE_LMDB && s->in_txn) {
    lc.bulk = igm_lmdb_bulk_new(s->storage);
    if (!lc.bulk) {
      const char *msg = NULL;
      igm_lmdb_last_error(&msg);
      igm_diag(IGM_DIAG_ERROR, current_source, 0, 0, "cannot load into the store: %s", msg);
      st = IGM_EIO;
      goto done;
    }
  }
  progress_start(&lc.progress, s, current_source);
  rc = raptor_parser_parse_file_stream(p, fh, NULL, base);
  if (rc == 0 && !parse_failed && !lc.failed && lc.bulk && igm_lmdb_bulk_flush(lc.bulk) != 0) {
    const char *msg = NULL;
    igm_lmdb_last_error(&msg);
    igm_diag(IGM_DIAG_ERROR, current_source, 0, 0, "cannot add a statement to the store: %s",
             msg);
    lc.failed = 1;
  }
  progress_end(&lc.progress, lc.triples);
  if (rc != 0 || parse_failed || lc.failed) {
    if (!parse_failed && !lc.failed)
      igm_diag(IGM_DIAG_ERROR, current_source, 0, 0, "cannot parse as %s", syntax);
    st = lc.failed && !parse_failed ? IGM_EIO : IGM_ESYNTAX;
  }
  if (st == IGM_OK && ferror(fh)) {
    igm_diag(IGM_DIAG_ERROR, current_source, 0, 0, "read error: %s", strerror(errno));
    st = IGM_EIO;
  }
  current_source = NULL;
  if (st == IGM_OK && !lc.touched && graph) {
    /* an empty file still replaces its graph */
    if (clear_graph_once(&lc, graph) != 0)
      st = IGM_EIO;
  }
  if (count)
    *count = lc.triples;
done:
  current_source = NULL;
  igm_lmdb_bulk_free(lc.bulk);
  if (base)
    raptor_free_uri(base);
  if (p)
    raptor_free_parser(p);
  if (fh && fh != stdin)
    fclose(fh);
  free(base_str);
  return st;
}

IgmStatus igm_store_load_file(IgmStore *s, const char *path, const char *format,
                              const char *graph_iri)
{
  const char *syntax = format ? igm_syntax_canonical(format) : igm_syntax_for_path(path);
  librdf_node *g;
  char *iri = NULL;
  IgmStatus st;
  unsigned long n = 0;
  if (!syntax) {
    if (format)
      igm_error("unknown RDF syntax '%s' (use turtle, ntriples, nquads, trig or rdfxml)", format);
    else
      igm_diag(IGM_DIAG_ERROR, path, 0, 0,
               "cannot tell the syntax from the file name; use --format");
    return IGM_EUSAGE;
  }
  if (graph_iri) {
    iri = igm_strdup(graph_iri);
  } else {
    char *stem = strcmp(path, "-") == 0 ? igm_strdup("stdin") : igm_path_stem(path);
    iri = igm_printf("%s%s", IGM_GRAPH_NS, stem);
    free(stem);
  }
  g = librdf_new_node_from_uri_string(s->world, (const unsigned char *)iri);
  st = parse_into(s, path, syntax, g, &n);
  if (st == IGM_OK)
    igm_diag(IGM_DIAG_NOTE, NULL, 0, 0, "loaded %lu triples from %s into <%s>", n,
             strcmp(path, "-") == 0 ? "<stdin>" : path, iri);
  librdf_free_node(g);
  free(iri);
  return st;
}

IgmStatus igm_store_load_as_file_graph(IgmStore *s, const char *path, char **graph_out)
{
  const char *syntax = igm_syntax_for_path(path);
  char *iri = igm_file_uri(path);
  librdf_node *g;
  IgmStatus st;
  if (!syntax)
    syntax = "turtle";
  g = librdf_new_node_from_uri_string(s->world, (const unsigned char *)iri);
  st = parse_into(s, path, syntax, g, NULL);
  librdf_free_node(g);
  if (st == IGM_OK && graph_out)
    *graph_out = iri;
  else
    free(iri);
  return st;
}

static IgmStatus load_dir(IgmStore *s, const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, i;
  IgmStatus st = IGM_OK;
  if (!d)
    return IGM_OK; /* nothing bundled there */
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || !igm_syntax_for_path(e->d_name))
      continue;
    names = igm_xrealloc(names, (n + 1) * sizeof *names);
    names[n++] = igm_printf("%s/%s", dir, e->d_name);
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, igm_strptr_cmp);
  for (i = 0; i < n && st == IGM_OK; i++)
    st = igm_store_load_file(s, names[i], NULL, NULL);
  igm_strv_free(names, n);
  return st;
}

IgmStatus igm_store_load_bundled(IgmStore *s)
{
  char *onto = igm_printf("%s/ontology", igm_home_dir());
  char *data = igm_printf("%s/data", igm_home_dir());
  int quiet = igm_diag_quiet();
  IgmStatus st;
  igm_diag_set_quiet(1);
  st = load_dir(s, onto);
  if (st == IGM_OK)
    st = load_dir(s, data);
  igm_diag_set_quiet(quiet);
  free(onto);
  free(data);
  return st;
}
