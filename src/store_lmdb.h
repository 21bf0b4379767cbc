/* store_lmdb.h: igmap's librdf storage module "lmdb", a transactional quad store on LMDB.
 *
 * Register once per world, then open it through librdf as usual:
 *
 *   igm_lmdb_register(world);
 *   s = librdf_new_storage(world, "lmdb", "igmap",
 *                          "dir='/abs/dir',new='no',write='yes',wait='5'");
 *
 * Options: dir (required; the store directory, created when write='yes'), new='yes' (empty an
 * existing store; needs write='yes'), write='no' (read only: never takes the writer lock, never
 * blocks, sees one snapshot for the life of the storage), wait=SECONDS (how long a writer polls
 * for the exclusive writer lock held by another writer; default 0). The writer lock is a POSIX
 * record lock on DIR/writer.lock, held until the storage is freed; the kernel drops it when the
 * process dies, and fork()ed children do not inherit it. One writer per store per process.
 *
 * Semantics, as librdf sees them:
 * - Quads: a statement with its context node (NULL = the default graph). Adding a quad that is
 *   already there changes nothing. find_statements, serialise and the find_sources/arcs/targets
 *   iterators return one result per quad (a triple in two graphs is seen twice), each with its
 *   context through librdf_stream_get_context / librdf_iterator_get_context, as librdf's
 *   hashes store does; GRAPH ?g in rasqal relies on that.
 * - remove_statement and context_remove_statement(NULL, st) remove the triple from the default
 *   graph only; find_statements_in_context(st, NULL) searches every graph; context_as_stream
 *   and context_remove_statements with a NULL context mean the default graph.
 * - Transactions: librdf_model_transaction_start/commit/rollback are one LMDB write
 *   transaction; reads made through the same storage inside it see its writes. A write outside
 *   an explicit transaction commits on its own (a whole add_statements stream is one commit).
 *   Streams and iterators opened inside a transaction end when it ends.
 * - Dictionary ids are never reused within committed data; removing quads does not shrink it.
 *
 * Ownership: nodes and statements passed in stay the caller's; nodes and statements returned by
 * librdf streams and iterators are shared, as everywhere in librdf. Everything else returned
 * here (igm_lmdb_meta_get's string, the arrays and nodes of IgmLmdbStats) belongs to the caller:
 * free() the string, igm_lmdb_stats_clear() the stats. Not thread-safe: one thread per world. */
#ifndef IGMAP_STORE_LMDB_H
#define IGMAP_STORE_LMDB_H

#include <librdf.h>
#include <stddef.h>
#include <stdint.h>

/* Error codes of the last failed operation of this module (per process). */
typedef enum IgmLmdbError {
  IGM_LMDB_OK = 0,
  IGM_LMDB_LOCKED,   /* another writer holds the store */
  IGM_LMDB_IO,       /* I/O or system error */
  IGM_LMDB_NOSPC,    /* disk (or file size limit) full */
  IGM_LMDB_CORRUPT,  /* not an igmap store, or damaged */
  IGM_LMDB_READONLY, /* a write on a storage opened with write='no' */
  IGM_LMDB_NOTFOUND, /* the store directory does not exist (read-only open) */
  IGM_LMDB_USAGE,    /* bad options or arguments, or a transaction misuse */
  IGM_LMDB_NOMEM     /* out of memory */
} IgmLmdbError;

/* Register the factory "lmdb" with world (call once, after librdf_world_open). 0 on success. */
int igm_lmdb_register(librdf_world *world);

/* The last error: returns its IgmLmdbError and, if message is not NULL, points it at a static
 * lowercase message without a full stop (valid until the next call into this module). */
int igm_lmdb_last_error(const char **message);

/* Statistics, exact, from the same transaction as the data (the open write transaction if
 * there is one, else the storage's snapshot). */
typedef struct IgmLmdbGraphStat {
  librdf_node *graph; /* NULL for the default graph */
  uint64_t quads;
} IgmLmdbGraphStat;

typedef struct IgmLmdbPredicateStat {
  librdf_node *predicate; /* NULL when filled by igm_lmdb_predicate_stats */
  uint64_t quads;         /* quads with this predicate, all graphs */
  uint64_t subjects;      /* distinct subjects with this predicate, all graphs */
  uint64_t objects;       /* distinct objects with this predicate, all graphs */
} IgmLmdbPredicateStat;

typedef struct IgmLmdbStats {
  uint64_t quads;
  size_t graph_count;
  IgmLmdbGraphStat *graphs; /* graphs with at least one quad, in id order */
  size_t predicate_count;
  IgmLmdbPredicateStat *predicates; /* predicates with at least one quad, in id order */
} IgmLmdbStats;

/* Fill out (all fields owned by the caller; release with igm_lmdb_stats_clear). 0 on success. */
int igm_lmdb_stats(librdf_storage *storage, IgmLmdbStats *out);
/* Free what igm_lmdb_stats allocated and zero *stats; NULL is a no-op. */
void igm_lmdb_stats_clear(IgmLmdbStats *stats);
/* One predicate's counts in O(log n) (all zero if it is absent). 0 on success. */
int igm_lmdb_predicate_stats(librdf_storage *storage, librdf_node *predicate,
                             IgmLmdbPredicateStat *out);
/* Quads in one graph (NULL = default graph) in O(log n). 0 on success. */
int igm_lmdb_graph_size(librdf_storage *storage, librdf_node *graph, uint64_t *out);

/* Metadata table (string keys of at most 500 bytes, string values), in the same environment and
 * transactions as the data: inside an explicit transaction it is part of it, otherwise each put
 * or delete commits on its own. igmap keeps its prefixes there ("prefix:ig" -> IRI). */
int igm_lmdb_meta_put(librdf_storage *storage, const char *key, const char *value);
/* The value (malloc'd, the caller frees it) or NULL if absent (last error OK) or on error. */
char *igm_lmdb_meta_get(librdf_storage *storage, const char *key);
/* 0 on success, also when the key was absent. */
int igm_lmdb_meta_delete(librdf_storage *storage, const char *key);
/* Call cb for each key starting with key_prefix ("" = all), in byte order; stop early when cb
 * returns non-zero and return that value. 0 when all were visited, -1 on error. */
int igm_lmdb_meta_foreach(librdf_storage *storage, const char *key_prefix,
                          int (*cb)(const char *key, const char *value, void *ud), void *ud);

/* Bulk loading, the fast path for large files: quads are buffered, their nodes resolved through
 * an in-memory dictionary, and written in batches, each index in key order. Use it only inside
 * an explicit transaction (librdf_model_transaction_start) and free it before that transaction
 * ends; reads see a quad only once the batch holding it is flushed (igm_lmdb_bulk_flush, or
 * automatically as batches fill). Adding a quad that is already stored changes nothing.
 * The nodes passed in stay the caller's. */
typedef struct IgmLmdbBulk IgmLmdbBulk;
/* NULL (with the last error set) if storage is not an lmdb storage in a transaction. */
IgmLmdbBulk *igm_lmdb_bulk_new(librdf_storage *storage);
/* Adds (s, p, o) in graph g (NULL = the default graph). 0 on success, 1 if the triple is not
 * legal RDF (a literal subject, a predicate that is not an IRI), -1 on a store error. */
int igm_lmdb_bulk_add(IgmLmdbBulk *bulk, librdf_node *s, librdf_node *p, librdf_node *o,
                      librdf_node *g);
/* Writes every buffered quad. 0 on success. */
int igm_lmdb_bulk_flush(IgmLmdbBulk *bulk);
/* Quads handed to igm_lmdb_bulk_add so far (duplicates included). */
uint64_t igm_lmdb_bulk_count(const IgmLmdbBulk *bulk);
/* Frees bulk, dropping what was not flushed; NULL is a no-op. */
void igm_lmdb_bulk_free(IgmLmdbBulk *bulk);

/* Whether the open write transaction added or removed a quad with this predicate
 * (igm_lmdb_predicate_touched) or in this graph (igm_lmdb_graph_touched; NULL = the default
 * graph): 1 yes, 0 no. Outside a write transaction, on an error, or for a storage that is not
 * lmdb the answer is 1 (callers use it to skip work safely). */
int igm_lmdb_predicate_touched(librdf_storage *storage, librdf_node *predicate);
int igm_lmdb_graph_touched(librdf_storage *storage, librdf_node *graph);

/* 1 if storage is an "lmdb" storage inside an explicit transaction, else 0. */
int igm_lmdb_in_transaction(librdf_storage *storage);

#endif
