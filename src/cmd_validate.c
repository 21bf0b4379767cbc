/* cmd_validate.c: igmap validate [--format F]: runs the rule queries of ontology/validate/
 * (one SELECT ?focus ?message per SHACL shape rule) over the store; exit 1 on violations. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "format.h"
#include "query_exec.h"
#include "store.h"
#include "util.h"

static IgmStatus list_rules(char ***out, size_t *n)
{
  char *dir = igm_printf("%s/ontology/validate", igm_home_dir());
  DIR *d = opendir(dir);
  struct dirent *e;
  char **v = NULL;
  size_t k = 0;
  *out = NULL;
  *n = 0;
  if (!d) {
    igm_diag(IGM_DIAG_ERROR, dir, 0, 0, "cannot read the validation rules");
    free(dir);
    return IGM_EIO;
  }
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len > 3 && strcmp(e->d_name + len - 3, ".rq") == 0 && e->d_name[0] != '.') {
      v = igm_xrealloc(v, (k + 1) * sizeof *v);
      v[k++] = igm_printf("%s/%s", dir, e->d_name);
    }
  }
  closedir(d);
  free(dir);
  if (k)
    qsort(v, k, sizeof *v, igm_strptr_cmp);
  *out = v;
  *n = k;
  return IGM_OK;
}

static IgmStatus run(const IgmGlobal *g, int argc, char **argv)
{
  const char *format = "table";
  const IgmFormat *f;
  IgmStore *store = NULL;
  IgmStatus st;
  IgmResults *all = NULL;
  char **rules = NULL;
  size_t nrules = 0, k;
  IgmDataset ds;
  int i;
  for (i = 1; i < argc; i++) {
    const char *v;
    st = IGM_OK;
    if (igm_opt_value(argc, argv, &i, "--format", "-f", &v, &st)) {
      if (st != IGM_OK)
        return st;
      format = v;
    } else if (igm_is_option(argv[i])) {
      return igm_usage_error("validate", "unknown option '%s'", argv[i]);
    } else {
      return igm_usage_error("validate", "unexpected argument '%s'", argv[i]);
    }
  }
  f = igm_format_find(format, IGM_FMT_KIND_RESULTS);
  if (!f)
    return igm_usage_error("validate", "unknown format '%s' (table, csv, tsv, json, xml)",
                           format);
  st = list_rules(&rules, &nrules);
  if (st != IGM_OK)
    return st;
  st = igm_store_open(g, IGM_OPEN_READ, &store);
  if (st != IGM_OK)
    goto done;
  memset(&ds, 0, sizeof ds);
  ds.world = igm_store_world(store);
  ds.model = igm_store_model(store);
  ds.default_is_union = 1;
  all = igm_results_new(IGM_RES_BINDINGS);
  igm_results_add_var(all, "rule");
  igm_results_add_var(all, "focus");
  igm_results_add_var(all, "message");
  for (k = 0; k < nrules && st == IGM_OK; k++) {
    char *text = igm_read_file(rules[k], NULL);
    char *uri = igm_file_uri(rules[k]);
    char *stem = igm_path_stem(rules[k]);
    IgmResults *r = NULL;
    size_t row, fi = (size_t)-1, mi = (size_t)-1, j;
    if (!text) {
      igm_diag(IGM_DIAG_ERROR, rules[k], 0, 0, "cannot read");
      st = IGM_EIO;
    } else {
      st = igm_query_execute(text, rules[k], uri, &ds, &r);
      if (st != IGM_OK)
        st = IGM_EINTERNAL; /* our own rules must run */
    }
    if (st == IGM_OK && r->kind == IGM_RES_BINDINGS) {
      for (j = 0; j < r->nvars; j++) {
        if (strcmp(r->vars[j], "focus") == 0)
          fi = j;
        if (strcmp(r->vars[j], "message") == 0)
          mi = j;
      }
      for (row = 0; row < r->nrows; row++) {
        librdf_node *cells[3];
        cells[0] = librdf_new_node_from_literal(ds.world, (const unsigned char *)stem, NULL, 0);
        cells[1] = fi != (size_t)-1 && r->cells[row * r->nvars + fi]
                       ? librdf_new_node_from_node(r->cells[row * r->nvars + fi])
                       : NULL;
        cells[2] = mi != (size_t)-1 && r->cells[row * r->nvars + mi]
                       ? librdf_new_node_from_node(r->cells[row * r->nvars + mi])
                       : NULL;
        igm_results_add_row(all, cells);
      }
    }
    igm_results_free(r);
    free(text);
    free(uri);
    free(stem);
  }
  if (st == IGM_OK) {
    st = f->write_results(stdout, all, store);
    if (st == IGM_OK) {
      if (all->nrows) {
        igm_diag(IGM_DIAG_NOTE, NULL, 0, 0, "%zu violation%s of %zu rules", all->nrows,
                 all->nrows == 1 ? "" : "s", nrules);
        st = IGM_NO;
      } else {
        igm_diag(IGM_DIAG_NOTE, NULL, 0, 0, "no violations of %zu rules", nrules);
      }
    }
  }
done:
  igm_results_free(all);
  igm_strv_free(rules, nrules);
  igm_store_close(store);
  return st;
}

const IgmCmd igm_cmd_validate = {
    "validate", "validate [--format F]",
    "check the store against the shapes; exit 1 on violations",
    "Runs the SPARQL form of each SHACL shape rule (ontology/validate/*.rq, kept in step with\n"
    "ontology/shapes.ttl) and lists every violation as (rule, focus node, message).\n\n"
    "options:\n"
    "  -f, --format F   table (default), csv, tsv, json, xml\n",
    IGM_CMD_NEEDS_STORE, run};
