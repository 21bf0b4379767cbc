/* status.h: the one status type of igmap; values are the process exit codes of product.md. */
#ifndef IGMAP_STATUS_H
#define IGMAP_STATUS_H

typedef enum IgmStatus {
  IGM_OK = 0,       /* success */
  IGM_NO = 1,       /* the answer is no: ASK false, validation violations */
  IGM_EUSAGE = 2,   /* usage error */
  IGM_ESYNTAX = 3,  /* syntax error in data or query, or a refused query feature */
  IGM_EIO = 4,      /* I/O or store error: missing file, unwritable or locked store, disk full */
  IGM_EINTERNAL = 5 /* internal error */
} IgmStatus;

/* Propagate a failure: evaluate expr once and return it unless it is IGM_OK. */
#define IGM_TRY(expr)                                                                             \
  do {                                                                                            \
    IgmStatus igm_try_st_ = (expr);                                                               \
    if (igm_try_st_ != IGM_OK)                                                                    \
      return igm_try_st_;                                                                         \
  } while (0)

#endif
