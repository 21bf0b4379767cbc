/* store.h: the only module that knows storage names, options and --store specs.
 *
 * An IgmStore owns one librdf world, one storage and one model. Open it, optionally begin a
 * write, add/replace graphs, then commit (or let igm_store_close roll back what was not
 * committed). Reads see one snapshot.
 *
 * Ownership: functions taking `const char *` copy what they keep; nodes returned by
 * igm_store_* are new and the caller frees them with librdf_free_node; igm_store_close(NULL)
 * is a no-op. */
#ifndef IGMAP_STORE_H
#define IGMAP_STORE_H

#include <librdf.h>
#include <stddef.h>

#include "cli.h"
#include "status.h"

#define IGM_NS_BASE "https://w3id.org/igmap/"
#define IGM_GRAPH_NS IGM_NS_BASE "graph/"
#define IGM_GRAPH_INFERRED IGM_GRAPH_NS "inferred"

typedef enum IgmStoreKind { IGM_STORE_LMDB, IGM_STORE_MEMORY, IGM_STORE_HASHES } IgmStoreKind;

typedef struct IgmStore IgmStore;

typedef enum IgmOpenMode {
  IGM_OPEN_READ,  /* a snapshot; never blocks on a writer */
  IGM_OPEN_WRITE, /* takes the writer lock (waits up to global->wait_seconds) and a transaction */
  IGM_OPEN_CREATE /* as WRITE; creates the store (init); `force` empties an existing one */
} IgmOpenMode;

/* Opens the store of global->store_spec (or $IGMAP_STORE, or the XDG default). A missing
 * default store is created and filled with the bundled data (one note on stderr); `memory:` is
 * filled with the bundled data on every open. */
IgmStatus igm_store_open(const IgmGlobal *global, IgmOpenMode mode, IgmStore **out);
/* A store that holds nothing and persists nothing (for --data/--named files). */
IgmStatus igm_store_open_scratch(IgmStore **out);
void igm_store_close(IgmStore *store); /* rolls back an uncommitted write */

librdf_world *igm_store_world(IgmStore *store);
librdf_model *igm_store_model(IgmStore *store);
IgmStoreKind igm_store_kind(const IgmStore *store);
const char *igm_store_location(const IgmStore *store); /* for messages */
/* 1 if the store holds no statement at all. */
int igm_store_is_empty(IgmStore *store);

/* Writes: one transaction per write command, begun by igm_store_open(WRITE/CREATE). */
IgmStatus igm_store_commit(IgmStore *store); /* recomputes graph:inferred first */
/* Removes every statement (init --force). */
IgmStatus igm_store_clear(IgmStore *store);

/* Parses FILE ("-" = stdin) with syntax `format` (NULL: by extension) into graph `graph_iri`
 * (NULL: graph: + file stem; quads keep their own graphs). Each graph the file writes is emptied
 * first (reloading replaces). Diagnostics name the file, line and column. */
IgmStatus igm_store_load_file(IgmStore *store, const char *path, const char *format,
                              const char *graph_iri);
/* A progress line on stderr while a load runs longer than a second: triples, rate, elapsed.
 * AUTO (the default) shows it when stderr is a terminal (rewritten in place), ON always (one
 * line a second when stderr is not a terminal), OFF never; -q silences it. */
typedef enum IgmProgress { IGM_PROGRESS_AUTO, IGM_PROGRESS_ON, IGM_PROGRESS_OFF } IgmProgress;
void igm_store_set_progress(IgmStore *store, IgmProgress mode);
/* Loads ontology/ and data/ (each file into graph:<stem>). */
IgmStatus igm_store_load_bundled(IgmStore *store);

/* Loads a file into the context named by its file URI (for query --data/--named). *graph_out
 * receives that URI (malloc'd). */
IgmStatus igm_store_load_as_file_graph(IgmStore *store, const char *path, char **graph_out);

/* A new, opened librdf world whose library messages go through igm_diag (the default librdf
 * logger prints garbage: redland-notes C6). Free it with librdf_free_world. */
librdf_world *igm_world_new(void);
/* Names the file that library messages (parse errors with a line) are about; NULL clears. The
 * string is borrowed and must outlive its use. */
void igm_set_message_source(const char *name);

/* The directory of the bundled ontology/, data/ and queries/ ($IGMAP_HOME or the source tree). */
const char *igm_home_dir(void);

/* Syntax names: "turtle", "ntriples", "nquads", "trig", "rdfxml"; NULL if unknown. */
const char *igm_syntax_for_path(const char *path);
const char *igm_syntax_canonical(const char *name);

/* Prefix table: the project's prefixes plus those seen in loaded files, persisted with the
 * store. Sorted by prefix. */
typedef struct IgmPrefix {
  char *prefix;
  char *iri;
} IgmPrefix;
size_t igm_store_prefixes(IgmStore *store, const IgmPrefix **out);
/* Expands "pfx:local" with the prefix table; returns a malloc'd IRI, or NULL if the prefix is
 * unknown. */
char *igm_store_expand(IgmStore *store, const char *pname);
/* Shortens an IRI to "pfx:local" when a prefix matches and the local part is a safe Turtle
 * local name; returns malloc'd text or NULL. */
char *igm_store_shorten(IgmStore *store, const char *iri);
/* The same; with turtle set, a '/' in the local part is written "\/" (valid Turtle 1.1). */
char *igm_store_shorten_as(IgmStore *store, const char *iri, int turtle);

/* The list of graph IRIs (sorted, malloc'd array of malloc'd strings). */
IgmStatus igm_store_graphs(IgmStore *store, char ***out, size_t *count);
void igm_strv_free(char **v, size_t n);

#endif
