/* params.c: see params.h. */
#include "params.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "format.h"
#include "qlex.h"
#include "util.h"

IgmStatus igm_param_parse(const char *arg, IgmParam *out)
{
  const char *eq = strchr(arg, '=');
  const char *p;
  if (!eq || eq == arg)
    return igm_usage_error("query", "--param needs NAME=VALUE, not '%s'", arg);
  for (p = arg; p < eq; p++)
    if (!(isalnum((unsigned char)*p) || *p == '_') || (p == arg && isdigit((unsigned char)*p)))
      return igm_usage_error("query", "parameter name '%.*s' must be letters, digits and _",
                             (int)(eq - arg), arg);
  out->name = arg;
  out->value = eq + 1;
  return IGM_OK;
}

static int iri_ok(const char *s, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= 0x20 || strchr("<>\"{}|^`\\", c))
      return 0;
  }
  return n > 0;
}

static int is_number(const char *v)
{
  const char *p = v;
  int digits = 0, dot = 0;
  if (*p == '-' || *p == '+')
    p++;
  for (; *p; p++) {
    if (isdigit((unsigned char)*p))
      digits++;
    else if (*p == '.' && !dot)
      dot = 1;
    else
      return 0;
  }
  return digits > 0 && v[strlen(v) - 1] != '.';
}

char *igm_param_term(const char *v, IgmStore *prefixes)
{
  size_t n = strlen(v);
  IgmBuf b = {0};
  if (n >= 2 && v[0] == '<' && v[n - 1] == '>' && iri_ok(v + 1, n - 2)) {
    igm_buf_put(&b, v, n);
    return igm_buf_take(&b);
  }
  if (prefixes && strchr(v, ':') && !strchr(v, ' ')) {
    char *iri = igm_store_expand(prefixes, v);
    if (iri && iri_ok(iri, strlen(iri))) {
      igm_buf_putc(&b, '<');
      igm_buf_puts(&b, iri);
      igm_buf_putc(&b, '>');
      free(iri);
      return igm_buf_take(&b);
    }
    free(iri);
  }
  if (is_number(v)) {
    igm_buf_puts(&b, v);
    return igm_buf_take(&b);
  }
  igm_put_quoted(&b, v);
  return igm_buf_take(&b);
}

static const IgmParam *find_param(const IgmQLex *lx, const IgmQTok *t, const IgmParam *params,
                                  size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    size_t len = (size_t)(strchr(params[i].name, '=') - params[i].name);
    if (t->len == len + 1 && strncmp(lx->text + t->start + 1, params[i].name, len) == 0)
      return &params[i];
  }
  return NULL;
}

IgmStatus igm_params_bind(const char *text, const IgmParam *params, size_t n, IgmStore *prefixes,
                          char **out)
{
  IgmQLex lx;
  IgmQTok t, prev;
  IgmBuf b = {0};
  size_t copied = 0, i;
  unsigned char *used = igm_xmalloc(n + 1);
  int in_projection = 0, depth = 0;
  memset(used, 0, n + 1);
  memset(&prev, 0, sizeof prev);
  *out = NULL;
  igm_qlex_init(&lx, text, strlen(text));
  for (;;) {
    t = igm_qlex_next(&lx);
    if (t.type == IGM_QT_EOF)
      break;
    if (t.type == IGM_QT_WORD && igm_qtok_is(&lx, &t, "SELECT"))
      in_projection = 1, depth = 0;
    else if (t.type == IGM_QT_PUNCT && igm_qtok_is(&lx, &t, "("))
      depth++;
    else if (t.type == IGM_QT_PUNCT && igm_qtok_is(&lx, &t, ")"))
      depth--;
    else if ((t.type == IGM_QT_PUNCT && igm_qtok_is(&lx, &t, "{")) ||
             (t.type == IGM_QT_WORD && (igm_qtok_is(&lx, &t, "WHERE") ||
                                        igm_qtok_is(&lx, &t, "FROM"))))
      in_projection = 0;
    if (t.type == IGM_QT_VAR) {
      const IgmParam *p = find_param(&lx, &t, params, n);
      if (p) {
        char *term = igm_param_term(p->value, prefixes);
        int as_target = prev.type == IGM_QT_WORD && igm_qtok_is(&lx, &prev, "AS");
        if (as_target) {
          free(term);
          free(used);
          igm_buf_free(&b);
          return igm_usage_error("query", "parameter '%.*s' is assigned by the query itself",
                                 (int)(t.len - 1), text + t.start + 1);
        }
        used[p - params] = 1;
        igm_buf_put(&b, text + copied, t.start - copied);
        if (in_projection && depth == 0)
          igm_buf_printf(&b, "(%s AS ?%.*s)", term, (int)(t.len - 1), text + t.start + 1);
        else
          igm_buf_puts(&b, term);
        copied = t.start + t.len;
        free(term);
      }
    }
    prev = t;
  }
  igm_buf_put(&b, text + copied, strlen(text) - copied);
  for (i = 0; i < n; i++)
    if (!used[i]) {
      size_t len = (size_t)(strchr(params[i].name, '=') - params[i].name);
      free(used);
      igm_buf_free(&b);
      return igm_usage_error("query", "the query has no variable ?%.*s for --param", (int)len,
                             params[i].name);
    }
  free(used);
  *out = igm_buf_take(&b);
  return IGM_OK;
}
