/* sparql_order.h: ORDER BY over rows igmap evaluates itself (see sparql_order.c). */
#ifndef IGMAP_SPARQL_ORDER_H
#define IGMAP_SPARQL_ORDER_H

#include <librdf.h>
#include <stddef.h>

/* 1 if igmap can order the values cells[r * stride + col] (r < nrows) exactly: all of one kind
 * for which SPARQL's '<' is defined (unbound values aside). 0: leave the query to rasqal. */
int sp_order_column_supported(librdf_node *const *cells, size_t nrows, size_t stride, size_t col);

/* ORDER BY's comparison of two values of a supported column (NULL = unbound, first). */
int sp_order_compare(librdf_node *a, librdf_node *b);

/* A total order on terms (unbound, blank nodes, IRIs, literals; then by text), for ties. */
int sp_term_total_compare(librdf_node *a, librdf_node *b);

#endif
