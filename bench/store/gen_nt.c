/* gen_nt.c: a deterministic N-Triples generator for the store benchmark.
 * Usage: gen_nt TRIPLES > file.nt   (same count, same bytes, on every run)
 * Entities of 20 classes, each with a type, a language-tagged label, an integer, a date, a
 * plain description and links to other entities: about ten triples per entity. */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long state = 0x2545F4914F6CDD1DULL;

static unsigned long long next(void)
{
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

int main(int argc, char **argv)
{
  long want = argc > 1 ? atol(argv[1]) : 100000;
  long entities = want / 10 + 1, n = 0;
  const char *ns = "http://example.org/bench/";
  for (long e = 0; n < want; e++) {
    long id = e % entities;
    printf("<%se/%ld> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <%sClass%llu> .\n", ns,
           id, ns, next() % 20);
    printf("<%se/%ld> <http://www.w3.org/2000/01/rdf-schema#label> \"Entity %ld\"@en .\n", ns,
           id, id);
    printf("<%se/%ld> <%snumber> \"%llu\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n", ns,
           id, ns, next() % 100000);
    printf("<%se/%ld> <%sdate> \"20%02llu-%02llu-%02llu\"^^<http://www.w3.org/2001/XMLSchema#date> .\n",
           ns, id, ns, next() % 25, next() % 12 + 1, next() % 28 + 1);
    printf("<%se/%ld> <%sdescription> \"Description of entity %ld, item %llu of the benchmark "
           "landscape\" .\n", ns, id, ns, id, next() % 1000);
    n += 5;
    for (int k = 0; k < 5 && n < want; k++, n++)
      printf("<%se/%ld> <%slink%d> <%se/%llu> .\n", ns, id, ns, k, ns, next() % (unsigned long long)entities);
  }
  return 0;
}
