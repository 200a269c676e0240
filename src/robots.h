/* robots: robots.txt rules (the Robots Exclusion Protocol, RFC 9309) for
 * the groups that apply to this client: "User-agent: *", "wget" or
 * "mini-wget". The longest matching Allow or Disallow wins. */
#ifndef MW_ROBOTS_H
#define MW_ROBOTS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mw_robots mw_robots;

/* Parses a robots.txt body. Rules beyond 10,000 are ignored. NULL when
 * out of memory. */
mw_robots *mw_robots_parse(const char *text, size_t len);
void mw_robots_free(mw_robots *robots);

/* True when the path (with its query) may be fetched. NULL robots: all may. */
bool mw_robots_allows(const mw_robots *robots, const char *path);

#endif
