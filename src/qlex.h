/* qlex.h: a small SPARQL tokenizer, enough to bind --param values safely and to spot
 * constructs by keyword; it does not validate the grammar. */
#ifndef IGMAP_QLEX_H
#define IGMAP_QLEX_H

#include <stddef.h>

typedef enum IgmQTokType {
  IGM_QT_EOF,
  IGM_QT_IRI,     /* <...> */
  IGM_QT_PNAME,   /* pfx:local or pfx: */
  IGM_QT_VAR,     /* ?x or $x */
  IGM_QT_STRING,  /* "..." '...' """...""" '''...''' */
  IGM_QT_NUMBER,
  IGM_QT_WORD,    /* keywords, function names, 'a', true/false */
  IGM_QT_BNODE,   /* _:x */
  IGM_QT_LANGTAG, /* @en */
  IGM_QT_PUNCT,   /* one or two characters: { } ( ) . ; , * + / | ^ ! = != < <= && || ... */
  IGM_QT_ERROR    /* unterminated string or IRI, stray byte */
} IgmQTokType;

typedef struct IgmQTok {
  IgmQTokType type;
  size_t start, len; /* byte span in the text */
  long line, col;    /* 1-based */
} IgmQTok;

typedef struct IgmQLex {
  const char *text;
  size_t len, pos;
  long line;
  size_t line_start;
} IgmQLex;

void igm_qlex_init(IgmQLex *lx, const char *text, size_t len);
/* Next token, skipping whitespace and comments. */
IgmQTok igm_qlex_next(IgmQLex *lx);
/* Case-insensitive comparison of a token's text with a word. */
int igm_qtok_is(const IgmQLex *lx, const IgmQTok *t, const char *word);

#endif
