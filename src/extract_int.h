/* extract_int.h: internals shared by extract.c, extract_clean.c and extract_refs.c.
 * Not part of igmap's API: only the extract_*.c files and their unit tests include it. */
#ifndef IGMAP_EXTRACT_INT_H
#define IGMAP_EXTRACT_INT_H

#include <stddef.h>

#include "extract.h"

/* A growable byte string, always NUL-terminated once anything was added. Owns p. */
typedef struct IgmXBuf {
  char *p;
  size_t len, cap;
} IgmXBuf;

int igm_xbuf_reserve(IgmXBuf *b, size_t extra); /* 0 on success, -1 when out of memory */
int igm_xbuf_add(IgmXBuf *b, const char *s, size_t n);
int igm_xbuf_addc(IgmXBuf *b, char c);
int igm_xbuf_adds(IgmXBuf *b, const char *s);
void igm_xbuf_clear(IgmXBuf *b); /* keeps the memory */
void igm_xbuf_free(IgmXBuf *b);

/* Character classes on bytes of UTF-8 text. */
int igm_x_is_alpha(unsigned char c);   /* ASCII letter */
int igm_x_is_digit(unsigned char c);
int igm_x_is_upper(unsigned char c);
int igm_x_is_lower(unsigned char c);
/* Length of the punctuation, dash, quote or space character at s (UTF-8, at most n bytes), or 0
 * when s starts a letter, digit or other character. */
size_t igm_x_u8_punct(const char *s, size_t n);
/* 1 when s starts a "word" character: ASCII letter or digit, or a non-ASCII character that is
 * not punctuation. */
int igm_x_is_word(const char *s, size_t n);

/* Turns arbitrary bytes into valid UTF-8 text: invalid sequences become U+FFFD, NUL and other
 * C0 controls (except '\n') and DEL become spaces, "\r\n" and lone '\r' become '\n', no-break
 * spaces become spaces, soft hyphens disappear. */
int igm_x_sanitize(const char *in, size_t n, IgmXBuf *out);

/* The cleaning of one provision's raw text (lines joined with '\n', in document order):
 * bullets, struck-through deletions, underscores of insertions, hyphenation, footnote markers
 * (*fn_last is the last footnote number seen in the document, updated), OCR misreadings,
 * spacing. Appends the one-line result to out. */
int igm_x_clean(const char *raw, size_t n, long *fn_last, IgmXBuf *out);

/* One reference to a provision found in a text. */
typedef struct IgmXCite {
  const char *key; /* document key (points into the alias table), or NULL for the document itself */
  long num;
  char letter;     /* sub-item letter or 0 */
} IgmXCite;

typedef struct IgmXCites {
  IgmXCite *v;
  size_t n, cap;
} IgmXCites;

/* Finds the citations of text t (a cleaned text). Appends them to out; -1 when out of memory. */
int igm_x_find_cites(const IgmExtractAliases *aliases, const char *t, size_t n, IgmXCites *out);
/* The document names found in a text, in order: [a, z) holds a name of document key (NULL for
 * the document itself, "." in the table). */
typedef struct IgmXName {
  size_t a, z;
  const char *key;
} IgmXName;
typedef struct IgmXNames {
  IgmXName *v;
  size_t n;
} IgmXNames;
int igm_x_doc_names(const IgmExtractAliases *aliases, const char *t, size_t n, IgmXNames *out);
void igm_x_names_free(IgmXNames *names);
/* The last name that ends at or before pos, or NULL. */
const IgmXName *igm_x_names_last_before(const IgmXNames *names, size_t pos);

/* Body matcher built once per extraction from the options. */
typedef struct IgmXBodies IgmXBodies;
int igm_x_bodies_new(const IgmExtractBody *bodies, size_t n, const char *doc_key,
                     const char *title, IgmXBodies **out);
void igm_x_bodies_free(IgmXBodies *b);
/* Sets *iris to a sorted, duplicate-free array of the IRIs of the bodies mentioned in t
 * (pointers into the options' strings; free the array with free()); -1 when out of memory. */
int igm_x_find_mentions(const IgmXBodies *b, const char *t, size_t n, const char ***iris,
                        size_t *count);

#endif
